using System.Collections.Immutable;
using Superpower.Model;

namespace DockerRecord.Frontend.Syntax;

/// <summary>How a statement was ended.</summary>
public enum StmtTerminator
{
    /// <summary>Nothing, a line break, or the end of the enclosing list.</summary>
    None,
    /// <summary><c>;</c></summary>
    Semicolon,
    /// <summary><c>&amp;</c>: run in the background.</summary>
    Background,
}

/// <summary>
/// A command with the redirections that apply to it, possibly negated with <c>!</c> and ended by <c>;</c> or
/// <c>&amp;</c>. Redirections live here (as in mvdan/sh) so they apply alike to simple and compound commands; the
/// span still places each one where it was typed.
/// </summary>
public sealed record Stmt(
    Command Command,
    ImmutableArray<Redirect> Redirects,
    bool Negated,
    StmtTerminator Terminator,
    TextSpan Span) : SyntaxNode(Span)
{
    public bool Background => Terminator == StmtTerminator.Background;
}
