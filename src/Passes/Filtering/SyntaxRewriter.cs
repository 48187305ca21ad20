using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Filtering;

/// <summary>
/// Rebuilds statements with some simple commands replaced, through every compound command (pipelines, lists,
/// groups, <c>if</c>, loops, <c>case</c>, <c>time</c>), not inside words. Unchanged subtrees stay the same objects,
/// so a caller can tell by reference whether anything changed. New nodes keep the old spans: the printer works from
/// fields, not spans.
/// </summary>
public static class SyntaxRewriter
{
    public static ImmutableArray<Stmt> MapCommands(ImmutableArray<Stmt> stmts, Func<SimpleCommand, SimpleCommand> map)
    {
        ImmutableArray<Stmt>.Builder? changed = null;
        for (var i = 0; i < stmts.Length; i++)
        {
            var stmt = MapCommands(stmts[i], map);
            if (changed is null && !ReferenceEquals(stmt, stmts[i]))
            {
                changed = ImmutableArray.CreateBuilder<Stmt>(stmts.Length);
                changed.AddRange(stmts, i);
            }
            changed?.Add(stmt);
        }
        return changed?.MoveToImmutable() ?? stmts;
    }

    public static Stmt MapCommands(Stmt stmt, Func<SimpleCommand, SimpleCommand> map)
    {
        var command = Map(stmt.Command, map);
        return ReferenceEquals(command, stmt.Command) ? stmt : stmt with { Command = command };
    }

    static Command Map(Command command, Func<SimpleCommand, SimpleCommand> map)
    {
        switch (command)
        {
            case SimpleCommand simple:
                return map(simple);
            case Pipeline pipeline:
                return Rebuilt(pipeline.Stmts, map, s => pipeline with { Stmts = s }, pipeline);
            case AndOrList list:
                return Rebuilt(list.Stmts, map, s => list with { Stmts = s }, list);
            case Subshell subshell:
                return Rebuilt(subshell.Stmts, map, s => subshell with { Stmts = s }, subshell);
            case BraceGroup group:
                return Rebuilt(group.Stmts, map, s => group with { Stmts = s }, group);
            case WhileClause loop:
            {
                var condition = MapCommands(loop.Condition, map);
                var body = MapCommands(loop.Body, map);
                return condition == loop.Condition && body == loop.Body ? loop : loop with { Condition = condition, Body = body };
            }
            case ForClause loop:
                return Rebuilt(loop.Body, map, s => loop with { Body = s }, loop);
            case ArithmeticForClause loop:
                return Rebuilt(loop.Body, map, s => loop with { Body = s }, loop);
            case IfClause clause:
            {
                var condition = MapCommands(clause.Condition, map);
                var then = MapCommands(clause.Then, map);
                var elifs = clause.Elifs.Select(e =>
                {
                    var c = MapCommands(e.Condition, map);
                    var t = MapCommands(e.Then, map);
                    return c == e.Condition && t == e.Then ? e : e with { Condition = c, Then = t };
                }).ToImmutableArray();
                var otherwise = clause.Else is { } e ? MapCommands(e, map) : (ImmutableArray<Stmt>?)null;
                var same = condition == clause.Condition && then == clause.Then && SameObjects(elifs, clause.Elifs)
                    && (otherwise is null || otherwise.Value == clause.Else!.Value);
                return same ? clause : clause with { Condition = condition, Then = then, Elifs = elifs, Else = otherwise };
            }
            case CaseClause clause:
            {
                var items = clause.Items.Select(item =>
                {
                    var body = MapCommands(item.Body, map);
                    return body == item.Body ? item : item with { Body = body };
                }).ToImmutableArray();
                return SameObjects(items, clause.Items) ? clause : clause with { Items = items };
            }
            case TimeClause { Stmt: { } timed } time:
            {
                var mapped = MapCommands(timed, map);
                return ReferenceEquals(mapped, timed) ? time : time with { Stmt = mapped };
            }
            default:
                return command;
        }
    }

    static bool SameObjects<T>(ImmutableArray<T> a, ImmutableArray<T> b) where T : class =>
        a.Length == b.Length && a.Zip(b).All(p => ReferenceEquals(p.First, p.Second));

    static Command Rebuilt(ImmutableArray<Stmt> stmts, Func<SimpleCommand, SimpleCommand> map, Func<ImmutableArray<Stmt>, Command> with, Command original)
    {
        var mapped = MapCommands(stmts, map);
        return mapped == stmts ? original : with(mapped);
    }
}
