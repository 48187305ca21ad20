using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;
using DockerRecord.IR;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// What analyzers look at in the RUNs: every statement of every step, nested ones included (inside lists, pipelines,
/// compound commands and command substitutions), in source order. Opaque steps have no AST and are skipped.
/// </summary>
static class ShellWalk
{
    /// <summary>Every parsed step of every RUN, with its RUN.</summary>
    public static IEnumerable<(RunInstruction Run, RunStep Step)> Steps(ImageProgram program) =>
        program.OfType<RunInstruction>().SelectMany(run => run.Steps.Where(s => !s.Opaque).Select(step => (run, step)));

    /// <summary>Every statement under <paramref name="stmts"/>, each before the statements inside it.</summary>
    public static IEnumerable<Stmt> Statements(ImmutableArray<Stmt> stmts)
    {
        var pending = new Stack<Stmt>();
        for (var i = stmts.Length - 1; i >= 0; i--) pending.Push(stmts[i]);
        while (pending.Count > 0)
        {
            var stmt = pending.Pop();
            yield return stmt;
            var children = Children(stmt).ToList();
            for (var i = children.Count - 1; i >= 0; i--) pending.Push(children[i]);
        }
    }

    /// <summary>Every simple command under <paramref name="stmts"/>, in source order.</summary>
    public static IEnumerable<SimpleCommand> SimpleCommands(ImmutableArray<Stmt> stmts) =>
        Statements(stmts).Select(s => s.Command).OfType<SimpleCommand>();

    static IEnumerable<Stmt> Children(Stmt stmt) =>
        Inner(stmt.Command).Concat(stmt.Redirects.SelectMany(r => Substitutions(r.Target)));

    static IEnumerable<Stmt> Inner(Command command) => command switch
    {
        SimpleCommand simple => simple.Assignments.SelectMany(a => a.Value is { } value ? Substitutions(value) : [])
            .Concat(simple.Args.SelectMany(Substitutions)),
        Pipeline pipeline => pipeline.Stmts,
        AndOrList list => list.Stmts,
        Subshell subshell => subshell.Stmts,
        BraceGroup group => group.Stmts,
        IfClause clause => clause.Condition.Concat(clause.Then)
            .Concat(clause.Elifs.SelectMany(e => e.Condition.Concat(e.Then)))
            .Concat(clause.Else ?? []),
        WhileClause loop => loop.Condition.Concat(loop.Body),
        ForClause loop => (loop.Items ?? []).SelectMany(Substitutions).Concat(loop.Body),
        ArithmeticForClause loop => loop.Body,
        CaseClause clause => Substitutions(clause.Subject).Concat(clause.Items.SelectMany(i => i.Body)),
        FunctionDecl function => [function.Body],
        TimeClause time => time.Stmt is { } timed ? [timed] : [],
        CoprocClause coproc => [coproc.Stmt],
        _ => [],
    };

    /// <summary>The statements of <c>$( )</c>, backquotes and <c>&lt;( )</c> inside a word.</summary>
    static IEnumerable<Stmt> Substitutions(Word word) => word.Parts.SelectMany(Substitutions);

    static IEnumerable<Stmt> Substitutions(WordPart part) => part switch
    {
        CommandSubstitution substitution => substitution.Stmts,
        ProcessSubstitution substitution => substitution.Stmts,
        DoubleQuoted quoted => quoted.Parts.SelectMany(Substitutions),
        _ => [],
    };

    /// <summary>
    /// The command a simple command runs once <c>sudo</c> and its options are taken off: its name and the words after
    /// it. Null for a command with no literal name.
    /// </summary>
    public static (string Name, ImmutableArray<Word> Args)? Effective(SimpleCommand command)
    {
        var args = command.Args;
        var start = 0;
        if (args.Length > 0 && args[0].LiteralValue == "sudo")
        {
            start = 1;
            // sudo's options; -u, -g, -C, -h, -p take a value
            while (start < args.Length && args[start].LiteralValue is ['-', ..] option)
            {
                start += option is "-u" or "-g" or "-C" or "-h" or "-p" ? 2 : 1;
                if (option == "--") break;
            }
        }
        if (start >= args.Length || args[start].LiteralValue is not { } name) return null;
        return (name, args[(start + 1)..]);
    }
}
