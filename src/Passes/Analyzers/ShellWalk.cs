using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;
using DockerRecord.IR;
using DockerRecord.Passes.Filtering;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// What analyzers look at in the RUNs: every statement of every step, nested ones included (inside lists, pipelines,
/// compound commands and command substitutions), in source order. Opaque steps have no AST and are skipped.
/// </summary>
static class ShellWalk
{
    /// <summary>Every statement under <paramref name="stmts"/>, each before the statements inside it.</summary>
    public static ImmutableArray<Stmt> Statements(ImmutableArray<Stmt> stmts) => SyntaxNodes.Statements(stmts);

    /// <summary>Every simple command under <paramref name="stmts"/>, in source order.</summary>
    public static IEnumerable<SimpleCommand> SimpleCommands(ImmutableArray<Stmt> stmts)
    {
        foreach (var stmt in SyntaxNodes.Statements(stmts))
            if (stmt.Command is SimpleCommand command) yield return command;
    }

    /// <summary>
    /// The command a simple command runs once <c>sudo</c> and its options are taken off: its name and the words after
    /// it. Null for a command with no literal name.
    /// </summary>
    public static (string Name, ImmutableArray<Word> Args)? Effective(SimpleCommand command)
    {
        var start = EffectiveStart(command);
        if (start < 0) return null;
        return (command.Args[start].LiteralValue!, command.Args[(start + 1)..]);
    }

    /// <summary>The name of <see cref="Effective"/> alone, without copying the words after it.</summary>
    public static string? EffectiveName(SimpleCommand command)
    {
        var start = EffectiveStart(command);
        return start < 0 ? null : command.Args[start].LiteralValue;
    }

    /// <summary>Where the effective command's name is among the words, or -1 when it has no literal name.</summary>
    static int EffectiveStart(SimpleCommand command)
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
        return start >= args.Length || args[start].LiteralValue is null ? -1 : start;
    }
}
