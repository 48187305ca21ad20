using System.Diagnostics.CodeAnalysis;
using Superpower.Model;

namespace DockerRecord.Frontend.Syntax;

/// <summary>
/// Base of every node of the shell syntax tree. <see cref="Span"/> is the node's exact source text, so printing the
/// spans of a tree gives back the input byte for byte. Compare trees through their span-free printed form (see
/// <see cref="SyntaxPrinter"/>): record equality would also compare spans.
/// </summary>
/// <remarks>
/// The attribute keeps every node type's public properties and constructors in a trimmed or native build, for
/// <see cref="SyntaxPrinter"/>'s reflection (it applies to the derived types too).
/// </remarks>
[DynamicallyAccessedMembers(ReflectedMembers)]
public abstract record SyntaxNode(TextSpan Span)
{
    /// <summary>What <see cref="SyntaxPrinter"/> reads by reflection: the properties, ordered by the constructor's parameters.</summary>
    internal const DynamicallyAccessedMemberTypes ReflectedMembers =
        DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicConstructors;

    /// <summary>The exact source text of this node.</summary>
    public string Text => Span.ToStringValue();
}
