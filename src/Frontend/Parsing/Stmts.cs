using System.Collections.Immutable;
using System.Runtime.InteropServices;
using DockerRecord.Frontend.Syntax;
using Superpower.Model;

namespace DockerRecord.Frontend.Parsing;

/// <summary>Builds statements from what the grammar matched; a single item stays a plain statement.</summary>
static class Stmts
{
    public static Stmt Of(Command command, ImmutableArray<Redirect> redirects) =>
        new(command, redirects, false, StmtTerminator.None,
            redirects.IsEmpty ? command.Span : Spans.Cover(command.Span, redirects[^1].Span));

    public static Stmt Pipeline(TextSpan? bang, Stmt first, List<(PipeOp Op, Stmt Stmt)> rest)
    {
        var stmt = rest.Count == 0
            ? first
            : Of(new Syntax.Pipeline(Operands(first, rest), Operators(rest), Spans.Cover(first.Span, rest[^1].Stmt.Span)), []);
        return bang is { } at ? stmt with { Negated = true, Span = Spans.Cover(at, stmt.Span) } : stmt;
    }

    public static Stmt Negate(TextSpan bang, Stmt stmt) => stmt with { Negated = true, Span = Spans.Cover(bang, stmt.Span) };

    public static Stmt AndOr(Stmt first, List<(AndOrOp Op, Stmt Stmt)> rest) =>
        rest.Count == 0
            ? first
            : Of(new AndOrList(Operands(first, rest), Operators(rest), Spans.Cover(first.Span, rest[^1].Stmt.Span)), []);

    static ImmutableArray<Stmt> Operands<TOp>(Stmt first, List<(TOp Op, Stmt Stmt)> rest)
    {
        var operands = new Stmt[rest.Count + 1];
        operands[0] = first;
        for (var i = 0; i < rest.Count; i++) operands[i + 1] = rest[i].Stmt;
        return ImmutableCollectionsMarshal.AsImmutableArray(operands);
    }

    static ImmutableArray<TOp> Operators<TOp>(List<(TOp Op, Stmt Stmt)> rest)
    {
        var operators = new TOp[rest.Count];
        for (var i = 0; i < rest.Count; i++) operators[i] = rest[i].Op;
        return ImmutableCollectionsMarshal.AsImmutableArray(operators);
    }
}
