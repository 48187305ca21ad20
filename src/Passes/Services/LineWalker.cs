using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Services;

/// <summary>A simple command of a line, where it ran, and whether it was sent to the background.</summary>
/// <param name="EndsJob">It is the last command of a statement sent to the background: that statement is one job.</param>
readonly record struct LineCommand(SimpleCommand Command, bool Background, string Directory, bool EndsJob);

/// <summary>
/// The simple commands of a command line that service commands can be: top-level statements and the members of
/// and-or lists (<c>apt-get install -y nginx &amp;&amp; service nginx start</c>), with the working directory each ran
/// in (<c>cd</c> followed along the line). Commands inside pipelines, subshells, loops and functions are left alone.
/// </summary>
static class LineWalker
{
    public static List<LineCommand> Commands(ImmutableArray<Stmt> stmts, string directory)
    {
        var commands = new List<LineCommand>();
        foreach (var stmt in stmts)
        {
            switch (stmt.Command)
            {
                case SimpleCommand simple:
                    commands.Add(new LineCommand(simple, stmt.Background, directory, stmt.Background));
                    if (!stmt.Background) directory = AfterCd(simple, directory);
                    break;
                case AndOrList list:
                    // `a && b &` runs the whole list in a background subshell: its `cd` stays there
                    var inner = directory;
                    for (var i = 0; i < list.Stmts.Length; i++)
                    {
                        if (list.Stmts[i].Command is not SimpleCommand member) continue;
                        commands.Add(new LineCommand(member, stmt.Background || list.Stmts[i].Background, inner,
                            stmt.Background && i == list.Stmts.Length - 1));
                        inner = AfterCd(member, inner);
                    }
                    if (!stmt.Background) directory = inner;
                    break;
            }
        }
        return commands;
    }

    /// <summary>The working directory after <paramref name="command"/> when it is a <c>cd</c> to a literal folder.</summary>
    public static string AfterCd(SimpleCommand command, string directory)
    {
        if (command.Name != "cd" || command.Args.Length != 2 || ShellWords.StaticValue(command.Args[1]) is not { } target || target == "-")
            return directory;
        return Paths.Combine(directory, target);
    }
}
