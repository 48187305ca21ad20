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
        // an explicit stack and one reused buffer: analyzers walk every step of every RUN, 100,000 of them
        var pending = new Stack<Stmt>();
        var children = new List<Stmt>();
        for (var i = stmts.Length - 1; i >= 0; i--) pending.Push(stmts[i]);
        while (pending.Count > 0)
        {
            var stmt = pending.Pop();
            yield return stmt;
            children.Clear();
            AddChildren(stmt, children);
            for (var i = children.Count - 1; i >= 0; i--) pending.Push(children[i]);
        }
    }

    /// <summary>Every simple command under <paramref name="stmts"/>, in source order.</summary>
    public static IEnumerable<SimpleCommand> SimpleCommands(ImmutableArray<Stmt> stmts)
    {
        foreach (var stmt in Statements(stmts))
            if (stmt.Command is SimpleCommand command) yield return command;
    }

    static void AddChildren(Stmt stmt, List<Stmt> into)
    {
        switch (stmt.Command)
        {
            case SimpleCommand simple:
                foreach (var assignment in simple.Assignments)
                    if (assignment.Value is { } value) AddSubstitutions(value, into);
                foreach (var arg in simple.Args) AddSubstitutions(arg, into);
                break;
            case Pipeline pipeline: into.AddRange(pipeline.Stmts); break;
            case AndOrList list: into.AddRange(list.Stmts); break;
            case Subshell subshell: into.AddRange(subshell.Stmts); break;
            case BraceGroup group: into.AddRange(group.Stmts); break;
            case IfClause clause:
                into.AddRange(clause.Condition);
                into.AddRange(clause.Then);
                foreach (var elif in clause.Elifs)
                {
                    into.AddRange(elif.Condition);
                    into.AddRange(elif.Then);
                }
                if (clause.Else is { } otherwise) into.AddRange(otherwise);
                break;
            case WhileClause loop:
                into.AddRange(loop.Condition);
                into.AddRange(loop.Body);
                break;
            case ForClause loop:
                foreach (var item in loop.Items ?? []) AddSubstitutions(item, into);
                into.AddRange(loop.Body);
                break;
            case ArithmeticForClause loop: into.AddRange(loop.Body); break;
            case CaseClause clause:
                AddSubstitutions(clause.Subject, into);
                foreach (var item in clause.Items) into.AddRange(item.Body);
                break;
            case FunctionDecl function: into.Add(function.Body); break;
            case TimeClause { Stmt: { } timed }: into.Add(timed); break;
            case CoprocClause coproc: into.Add(coproc.Stmt); break;
        }
        foreach (var redirect in stmt.Redirects) AddSubstitutions(redirect.Target, into);
    }

    /// <summary>The statements of <c>$( )</c>, backquotes and <c>&lt;( )</c> inside a word.</summary>
    static void AddSubstitutions(Word word, List<Stmt> into)
    {
        foreach (var part in word.Parts) AddSubstitutions(part, into);
    }

    static void AddSubstitutions(WordPart part, List<Stmt> into)
    {
        switch (part)
        {
            case CommandSubstitution substitution: into.AddRange(substitution.Stmts); break;
            case ProcessSubstitution substitution: into.AddRange(substitution.Stmts); break;
            case DoubleQuoted quoted:
                foreach (var inner in quoted.Parts) AddSubstitutions(inner, into);
                break;
        }
    }

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
