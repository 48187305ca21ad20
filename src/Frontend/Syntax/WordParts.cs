using System.Collections.Immutable;
using Superpower.Model;

namespace DockerRecord.Frontend.Syntax;

/// <summary>A piece of a word. The set is closed: the records below are all there is.</summary>
public abstract record WordPart(TextSpan Span) : SyntaxNode(Span);

/// <summary>
/// Unquoted text, escapes kept as written (<c>a\ b</c>), line continuations and NUL bytes removed. Globs, extglobs,
/// brace expressions and tildes are literal text at parse time.
/// </summary>
public sealed record Literal(string Value, TextSpan Span) : WordPart(Span);

/// <summary><c>'…'</c>, or <c>$'…'</c> when <see cref="Dollar"/>; <see cref="Value"/> is the text between the quotes.</summary>
public sealed record SingleQuoted(string Value, bool Dollar, TextSpan Span) : WordPart(Span);

/// <summary><c>"…"</c>, or <c>$"…"</c> when <see cref="Dollar"/>, with the expansions inside it.</summary>
public sealed record DoubleQuoted(ImmutableArray<WordPart> Parts, bool Dollar, TextSpan Span) : WordPart(Span);

/// <summary><c>$(…)</c>, or <c>`…`</c> when <see cref="Backquoted"/> (a spelling only), parsed as commands.</summary>
public sealed record CommandSubstitution(ImmutableArray<Stmt> Stmts, [property: Layout] bool Backquoted, TextSpan Span) : WordPart(Span);

/// <summary><c>&lt;(…)</c>, or <c>&gt;(…)</c> when <see cref="Output"/>.</summary>
public sealed record ProcessSubstitution(ImmutableArray<Stmt> Stmts, bool Output, TextSpan Span) : WordPart(Span);

/// <summary><c>$((…))</c>, or the old <c>$[…]</c> when <see cref="Bracketed"/>; the expression is kept as text.</summary>
public sealed record ArithmeticExpansion([property: OpaqueText] string Expression, bool Bracketed, TextSpan Span) : WordPart(Span);

/// <summary>The operators of <c>${name OP word}</c>.</summary>
public enum ParamOp
{
    /// <summary><c>-</c> (or <c>:-</c> with <see cref="ParamExpansion.Colon"/>): use a default.</summary>
    Default,
    /// <summary><c>=</c> / <c>:=</c>: assign a default.</summary>
    AssignDefault,
    /// <summary><c>?</c> / <c>:?</c>: error if unset.</summary>
    ErrorIfUnset,
    /// <summary><c>+</c> / <c>:+</c>: use an alternative.</summary>
    Alternative,
    /// <summary><c>#</c></summary>
    RemoveShortestPrefix,
    /// <summary><c>##</c></summary>
    RemoveLongestPrefix,
    /// <summary><c>%</c></summary>
    RemoveShortestSuffix,
    /// <summary><c>%%</c></summary>
    RemoveLongestSuffix,
    /// <summary><c>/pat/rep</c></summary>
    ReplaceFirst,
    /// <summary><c>//pat/rep</c></summary>
    ReplaceAll,
    /// <summary><c>/#pat/rep</c></summary>
    ReplacePrefix,
    /// <summary><c>/%pat/rep</c></summary>
    ReplaceSuffix,
    /// <summary><c>^</c></summary>
    UpperFirst,
    /// <summary><c>^^</c></summary>
    UpperAll,
    /// <summary><c>,</c></summary>
    LowerFirst,
    /// <summary><c>,,</c></summary>
    LowerAll,
    /// <summary><c>@X</c>: a transformation (Q, E, P, A, a, U, u, L, K, k).</summary>
    Transform,
}

/// <summary>
/// A parameter expansion: <c>$x</c> (<see cref="Short"/>), <c>${x}</c>, <c>${#x}</c>, <c>${!x}</c>,
/// <c>${x[i]}</c>, <c>${x:1:2}</c>, <c>${x:-w}</c>, <c>${x/p/r}</c>, <c>${x^^}</c>, <c>${x@Q}</c>, <c>${!p*}</c>.
/// Text bash accepts but that has no known shape (bash only rejects it when it runs) is kept whole in
/// <see cref="Unparsed"/>.
/// </summary>
public sealed record ParamExpansion(
    string Name,
    bool Short,
    bool Length,
    bool Indirect,
    [property: OpaqueText] string? Index,
    [property: OpaqueText] string? SliceOffset,
    [property: OpaqueText] string? SliceLength,
    ParamOp? Op,
    bool Colon,
    Word? Argument,
    Word? Replacement,
    string? NamePrefixSuffix,
    [property: OpaqueText] string? Unparsed,
    TextSpan Span) : WordPart(Span);
