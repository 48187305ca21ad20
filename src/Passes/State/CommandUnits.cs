using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.State;

/// <summary>Where a unit stands: a command, or the edge of a subshell (whose directory and variables do not leak out).</summary>
public enum UnitKind { Command, EnterSubshell, LeaveSubshell }

/// <summary>One statement of a command line that can move to another RUN on its own, or a subshell edge.</summary>
public readonly record struct CommandUnit(UnitKind Kind, Stmt Stmt);

/// <summary>
/// Cuts a command line into units that can run in separate RUNs: the top-level statements, the members of a
/// leading <c>&amp;&amp;</c> chain (<c>cd x &amp;&amp; make</c>: when the line succeeded, each part did), the insides of a top-level
/// subshell, and <c>cd x || exit</c> as <c>cd x</c>. A recorded line succeeded (drop-failed removed the others), so
/// running its parts one after the other, in separate RUNs, does what it did. Everything else stays whole.
/// </summary>
public static class CommandUnits
{
    public static List<CommandUnit> Split(ImmutableArray<Stmt> stmts)
    {
        var units = new List<CommandUnit>();
        foreach (var stmt in stmts) Add(stmt, units);
        return units;
    }

    static void Add(Stmt stmt, List<CommandUnit> units)
    {
        var plain = stmt.Redirects.IsEmpty && !stmt.Negated && !stmt.Background;
        switch (stmt.Command)
        {
            case AndOrList list when plain:
                AddChain(list.Stmts, list.Ops, stmt.Terminator, units);
                return;
            case Subshell subshell when plain:
                units.Add(new CommandUnit(UnitKind.EnterSubshell, stmt));
                foreach (var inner in subshell.Stmts) Add(inner, units);
                units.Add(new CommandUnit(UnitKind.LeaveSubshell, stmt));
                return;
            default:
                units.Add(new CommandUnit(UnitKind.Command, stmt));
                return;
        }
    }

    /// <summary>Peels statements off the front of an and-or list while they are joined by <c>&amp;&amp;</c>.</summary>
    static void AddChain(ImmutableArray<Stmt> stmts, ImmutableArray<AndOrOp> ops, StmtTerminator terminator, List<CommandUnit> units)
    {
        var i = 0;
        while (i < stmts.Length - 1)
        {
            if (ops[i] == AndOrOp.And) { Add(stmts[i], units); i++; continue; }
            // `cd x || exit 1`: the line succeeded, so the cd did and the exit never ran
            if (IsCd(stmts[i]) && IsExit(stmts[i + 1]) && (i + 1 == stmts.Length - 1 || ops[i + 1] == AndOrOp.And))
            {
                Add(stmts[i], units);
                i += 2;
                continue;
            }
            break;
        }
        if (i >= stmts.Length) return;
        if (i == stmts.Length - 1) Add(stmts[i] with { Terminator = terminator }, units);
        else units.Add(new CommandUnit(UnitKind.Command, new Stmt(new AndOrList(stmts[i..], ops[i..], stmts[i].Span), [], false, terminator, stmts[i].Span)));
    }

    static bool IsCd(Stmt stmt) => stmt.Command is SimpleCommand { Name: "cd" } && stmt.Redirects.IsEmpty;

    static bool IsExit(Stmt stmt) => stmt.Command is SimpleCommand { Name: "exit" or "return" };
}
