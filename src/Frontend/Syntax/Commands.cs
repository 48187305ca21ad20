using System.Collections.Immutable;
using Superpower.Model;

namespace DockerRecord.Frontend.Syntax;

/// <summary>A command. The set is closed: the records below are all there is.</summary>
public abstract record Command(TextSpan Span) : SyntaxNode(Span);

/// <summary>
/// <c>A=1 cmd arg…</c>: assignments, then words. With no words the assignments set shell variables. Its
/// redirections are on the enclosing <see cref="Stmt"/>.
/// </summary>
public sealed record SimpleCommand(ImmutableArray<Assignment> Assignments, ImmutableArray<Word> Args, TextSpan Span) : Command(Span)
{
    /// <summary>The command name when it is plain literal text (<c>apt-get</c>), else null.</summary>
    public string? Name => Args.IsEmpty ? null : Args[0].LiteralValue;
}

/// <summary>The pipe operators.</summary>
public enum PipeOp
{
    /// <summary><c>|</c></summary>
    Pipe,
    /// <summary><c>|&amp;</c> (stderr too)</summary>
    PipeAll,
}

/// <summary><c>a | b |&amp; c</c>: <see cref="Ops"/>[i] stands between <see cref="Stmts"/>[i] and [i+1].</summary>
public sealed record Pipeline(ImmutableArray<Stmt> Stmts, ImmutableArray<PipeOp> Ops, TextSpan Span) : Command(Span);

/// <summary>The and-or operators.</summary>
public enum AndOrOp
{
    /// <summary><c>&amp;&amp;</c></summary>
    And,
    /// <summary><c>||</c></summary>
    Or,
}

/// <summary><c>a &amp;&amp; b || c</c>: <see cref="Ops"/>[i] stands between <see cref="Stmts"/>[i] and [i+1].</summary>
public sealed record AndOrList(ImmutableArray<Stmt> Stmts, ImmutableArray<AndOrOp> Ops, TextSpan Span) : Command(Span);

/// <summary><c>( … )</c></summary>
public sealed record Subshell(ImmutableArray<Stmt> Stmts, TextSpan Span) : Command(Span);

/// <summary><c>{ …; }</c></summary>
public sealed record BraceGroup(ImmutableArray<Stmt> Stmts, TextSpan Span) : Command(Span);

/// <summary><c>if … then … [elif … then …]… [else …] fi</c></summary>
public sealed record IfClause(
    ImmutableArray<Stmt> Condition,
    ImmutableArray<Stmt> Then,
    ImmutableArray<ElifBranch> Elifs,
    ImmutableArray<Stmt>? Else,
    TextSpan Span) : Command(Span);

/// <summary>One <c>elif … then …</c> of an <see cref="IfClause"/>.</summary>
public sealed record ElifBranch(ImmutableArray<Stmt> Condition, ImmutableArray<Stmt> Then, TextSpan Span) : SyntaxNode(Span);

/// <summary><c>while … do … done</c>, or <c>until</c> when <see cref="Until"/>.</summary>
public sealed record WhileClause(bool Until, ImmutableArray<Stmt> Condition, ImmutableArray<Stmt> Body, TextSpan Span) : Command(Span);

/// <summary>
/// <c>for name [in words]; do … done</c>, or <c>select</c> when <see cref="Select"/>. <see cref="Items"/> is null
/// without <c>in</c> (the loop runs over "$@"). A body in braces is kept as one <see cref="BraceGroup"/> statement.
/// </summary>
public sealed record ForClause(bool Select, string Name, ImmutableArray<Word>? Items, ImmutableArray<Stmt> Body, TextSpan Span) : Command(Span);

/// <summary><c>for ((init; cond; step)); do … done</c>; the header is kept as text.</summary>
public sealed record ArithmeticForClause([property: OpaqueText] string Header, ImmutableArray<Stmt> Body, TextSpan Span) : Command(Span);

/// <summary>How a case item ends.</summary>
public enum CaseItemTerminator
{
    /// <summary><c>;;</c>, or nothing before <c>esac</c>.</summary>
    Break,
    /// <summary><c>;&amp;</c>: fall through.</summary>
    FallThrough,
    /// <summary><c>;;&amp;</c>: test the next patterns.</summary>
    Continue,
}

/// <summary><c>case word in pattern) … ;; esac</c></summary>
public sealed record CaseClause(Word Subject, ImmutableArray<CaseItem> Items, TextSpan Span) : Command(Span);

/// <summary><c>a|b) commands ;;</c></summary>
public sealed record CaseItem(ImmutableArray<Word> Patterns, ImmutableArray<Stmt> Body, CaseItemTerminator Terminator, TextSpan Span) : SyntaxNode(Span);

/// <summary><c>name() body</c> or <c>function name [()] body</c>.</summary>
public sealed record FunctionDecl(string Name, bool FunctionKeyword, bool Parens, Stmt Body, TextSpan Span) : Command(Span);

/// <summary><c>(( expression ))</c>; the expression is kept as text.</summary>
public sealed record ArithmeticCommand([property: OpaqueText] string Expression, TextSpan Span) : Command(Span);

/// <summary><c>[[ expression ]]</c>; the expression is kept as text.</summary>
public sealed record TestClause([property: OpaqueText] string Expression, TextSpan Span) : Command(Span);

/// <summary><c>time [-p] [pipeline]</c></summary>
public sealed record TimeClause(bool Posix, Stmt? Stmt, TextSpan Span) : Command(Span);

/// <summary><c>coproc [NAME] command</c></summary>
public sealed record CoprocClause(string? Name, Stmt Stmt, TextSpan Span) : Command(Span);
