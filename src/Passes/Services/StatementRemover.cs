using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Services;

/// <summary>
/// Takes service commands out of a RUN step and keeps the rest of the line: the same statements and and-or list
/// members <see cref="LineWalker"/> reads. A removed member takes its <c>&amp;&amp;</c>/<c>||</c> with it; a member
/// may instead be replaced by commands joined with <c>&amp;&amp;</c> (what the service left that the CMD needs). What
/// was sent to the background with a removed server runs in the foreground now, and a background list left with only
/// <c>cd</c> goes altogether.
/// </summary>
static class StatementRemover
{
    /// <param name="replacement">For each simple command: null to keep it, empty to remove it, or the commands to put instead.</param>
    public static ImmutableArray<Stmt> Rewrite(ImmutableArray<Stmt> stmts, Func<SimpleCommand, ImmutableArray<Stmt>?> replacement)
    {
        var output = ImmutableArray.CreateBuilder<Stmt>(stmts.Length);
        var changed = false;
        foreach (var stmt in stmts)
        {
            switch (stmt.Command)
            {
                case SimpleCommand simple when replacement(simple) is { } instead:
                    changed = true;
                    if (instead.Length == 1) output.Add(instead[0] with { Terminator = Foreground(stmt.Terminator) });
                    else if (instead.Length > 1)
                        output.Add(stmt with { Command = new AndOrList(instead, [.. instead.Skip(1).Select(_ => AndOrOp.And)], stmt.Span), Terminator = Foreground(stmt.Terminator), Redirects = [] });
                    break;
                case AndOrList list when RewriteList(list, replacement) is { } members:
                    changed = true;
                    var (kept, ops) = members;
                    if (kept.Count == 0 || (stmt.Background && kept.All(m => m.Command is SimpleCommand { Name: "cd" }))) break;
                    var terminator = Foreground(stmt.Terminator);
                    output.Add(kept.Count == 1
                        ? kept[0] with { Terminator = terminator }
                        : stmt with { Command = new AndOrList([.. kept], [.. ops], list.Span), Terminator = terminator });
                    break;
                default:
                    output.Add(stmt);
                    break;
            }
        }
        return changed ? output.ToImmutable() : stmts;
    }

    static (List<Stmt> Members, List<AndOrOp> Ops)? RewriteList(AndOrList list, Func<SimpleCommand, ImmutableArray<Stmt>?> replacement)
    {
        var members = new List<Stmt>();
        var ops = new List<AndOrOp>();
        var changed = false;
        for (var i = 0; i < list.Stmts.Length; i++)
        {
            var member = list.Stmts[i];
            var instead = member.Command is SimpleCommand simple ? replacement(simple) : null;
            var before = i == 0 ? (AndOrOp?)null : list.Ops[i - 1];
            if (instead is null)
            {
                if (members.Count > 0) ops.Add(before ?? AndOrOp.And);
                members.Add(member);
                continue;
            }
            changed = true;
            foreach (var command in instead.Value)
            {
                if (members.Count > 0) ops.Add(command == instead.Value[0] ? before ?? AndOrOp.And : AndOrOp.And);
                members.Add(command);
            }
        }
        return changed ? (members, ops) : null;
    }

    /// <summary>A build step never runs in the background: the server it started is the CMD now.</summary>
    static StmtTerminator Foreground(StmtTerminator terminator) =>
        terminator == StmtTerminator.Background ? StmtTerminator.None : terminator;
}
