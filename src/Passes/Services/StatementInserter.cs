using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Services;

/// <summary>
/// Puts commands into a RUN step just before the first, or just after the last, of its commands that match: as members
/// of the step's <c>&amp;&amp;</c> list when the match is a member of one (<c>apt-get install -y redis-server &amp;&amp;
/// redis-cli set k v</c> gets the start between the two), in a new <c>&amp;&amp;</c> list with it when it is a single
/// command or pipeline, else (a list with <c>||</c>, a background job) as a statement of their own before or after it
/// (the emitter joins a step's statements with <c>&amp;&amp;</c>).
/// </summary>
static class StatementInserter
{
    public static ImmutableArray<Stmt> Before(ImmutableArray<Stmt> stmts, Func<Stmt, bool> matches, ImmutableArray<Stmt> commands)
    {
        for (var i = 0; i < stmts.Length; i++)
        {
            if (!matches(stmts[i])) continue;
            if (AndList(stmts[i]) is { } list)
            {
                var member = list.Stmts.IndexOf(list.Stmts.First(matches));
                return stmts.SetItem(i, WithMembers(stmts[i], list, list.Stmts.InsertRange(member, commands)));
            }
            if (Joinable(stmts[i])) return stmts.SetItem(i, Joined([.. commands, stmts[i] with { Terminator = StmtTerminator.None }], stmts[i]));
            return stmts.Insert(i, Statement(commands));
        }
        return stmts;
    }

    public static ImmutableArray<Stmt> After(ImmutableArray<Stmt> stmts, Func<Stmt, bool> matches, ImmutableArray<Stmt> commands)
    {
        for (var i = stmts.Length - 1; i >= 0; i--)
        {
            if (!matches(stmts[i])) continue;
            if (AndList(stmts[i]) is { } list)
            {
                var member = list.Stmts.IndexOf(list.Stmts.Last(matches));
                return stmts.SetItem(i, WithMembers(stmts[i], list, list.Stmts.InsertRange(member + 1, commands)));
            }
            if (Joinable(stmts[i])) return stmts.SetItem(i, Joined([stmts[i] with { Terminator = StmtTerminator.None }, .. commands], stmts[i]));
            return stmts.Insert(i + 1, Statement(commands));
        }
        return stmts;
    }

    /// <summary>The statement's list when it is one joined by <c>&amp;&amp;</c> only and runs in the foreground.</summary>
    static AndOrList? AndList(Stmt stmt) =>
        stmt.Command is AndOrList list && !stmt.Background && !stmt.Negated && stmt.Redirects.IsEmpty && list.Ops.All(o => o == AndOrOp.And)
            ? list : null;

    /// <summary>A command or pipeline in the foreground: it can become a member of an <c>&amp;&amp;</c> list.</summary>
    static bool Joinable(Stmt stmt) => !stmt.Background && stmt.Command is not AndOrList;

    /// <summary>The members as one <c>&amp;&amp;</c> list in place of <paramref name="original"/> (its terminator kept).</summary>
    static Stmt Joined(ImmutableArray<Stmt> members, Stmt original) =>
        new(new AndOrList(members, [.. members.Skip(1).Select(_ => AndOrOp.And)], original.Span), [], false, original.Terminator, original.Span);

    static Stmt WithMembers(Stmt stmt, AndOrList list, ImmutableArray<Stmt> members) =>
        stmt with { Command = new AndOrList(members, [.. members.Skip(1).Select(_ => AndOrOp.And)], list.Span) };

    static Stmt Statement(ImmutableArray<Stmt> commands) =>
        commands.Length == 1 ? commands[0] with { Terminator = StmtTerminator.None }
            : new Stmt(new AndOrList(commands, [.. commands.Skip(1).Select(_ => AndOrOp.And)], default), [], false, StmtTerminator.None, default);
}
