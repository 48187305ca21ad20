using System.Collections.Immutable;
using Superpower.Model;

namespace DockerRecord.Frontend.Syntax;

/// <summary>
/// One shell word: a run of parts with no blank between them (<c>a"b"$c</c> is one word of three parts).
/// </summary>
public sealed record Word(ImmutableArray<WordPart> Parts, TextSpan Span) : SyntaxNode(Span)
{
    /// <summary>
    /// The word's value when it is made of unquoted literal text only (a command name, a reserved word, a plain
    /// argument), with line continuations removed; otherwise null.
    /// </summary>
    public string? LiteralValue => Parts is [Literal lit] ? lit.Value : null;
}

/// <summary>An assignment word: <c>NAME=value</c>, <c>NAME+=value</c>, <c>NAME[i]=value</c>, <c>NAME=(a b)</c>.</summary>
public sealed record Assignment(
    string Name,
    [property: OpaqueText] string? Index,
    bool Append,
    Word? Value,
    ArrayValue? Array,
    TextSpan Span) : SyntaxNode(Span);

/// <summary>The <c>( … )</c> of an array assignment. Elements such as <c>[k]=v</c> are kept as words.</summary>
public sealed record ArrayValue(ImmutableArray<Word> Elements, TextSpan Span) : SyntaxNode(Span);
