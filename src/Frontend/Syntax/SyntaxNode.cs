using Superpower.Model;

namespace DockerRecord.Frontend.Syntax;

/// <summary>
/// Base of every node of the shell syntax tree. <see cref="Span"/> is the node's exact source text, so printing the
/// spans of a tree gives back the input byte for byte. Compare trees through their span-free printed form (see
/// <see cref="SyntaxPrinter"/>): record equality would also compare spans.
/// </summary>
public abstract record SyntaxNode(TextSpan Span)
{
    /// <summary>The exact source text of this node.</summary>
    public string Text => Span.ToStringValue();
}
