using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;
using Superpower.Model;

namespace DockerRecord.Frontend.Parsing;

/// <summary>Builds statements from what the grammar matched; a single item stays a plain statement.</summary>
static class Stmts
{
    public static Stmt Of(Command command, ImmutableArray<Redirect> redirects) =>
        new(command, redirects, false, StmtTerminator.None,
            redirects.IsEmpty ? command.Span : Spans.Cover(command.Span, redirects[^1].Span));

    public static Stmt Pipeline(TextSpan? bang, Stmt first, (PipeOp Op, Stmt Stmt)[] rest)
    {
        var stmt = rest.Length == 0
            ? first
            : Of(new Syntax.Pipeline([first, .. rest.Select(r => r.Stmt)], [.. rest.Select(r => r.Op)],
                Spans.Cover(first.Span, rest[^1].Stmt.Span)), []);
        return bang is { } at ? stmt with { Negated = true, Span = Spans.Cover(at, stmt.Span) } : stmt;
    }

    public static Stmt Negate(TextSpan bang, Stmt stmt) => stmt with { Negated = true, Span = Spans.Cover(bang, stmt.Span) };

    public static Stmt AndOr(Stmt first, (AndOrOp Op, Stmt Stmt)[] rest) =>
        rest.Length == 0
            ? first
            : Of(new AndOrList([first, .. rest.Select(r => r.Stmt)], [.. rest.Select(r => r.Op)],
                Spans.Cover(first.Span, rest[^1].Stmt.Span)), []);
}
