using System.Collections.Frozen;
using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Filtering;

/// <summary>
/// Commands whose effect is on the shell rather than on files: they change the directory, variables, options,
/// aliases, functions or the user for the lines after them. The recorder sees some of that (cwd, exported variables,
/// a nested shell's user) but not all (a plain <c>V=1</c>, an alias, <c>umask</c>), so the no-effect pass keeps such
/// lines and leaves them to the state pass.
/// </summary>
public static class ShellStateCommands
{
    static readonly FrozenSet<string> Names = FrozenSet.ToFrozenSet(
    [
        // directory
        "cd", "pushd", "popd",
        // variables
        "export", "unset", "declare", "typeset", "local", "readonly", "read", "mapfile", "readarray", "let", "getopts",
        // shell behaviour
        "set", "shopt", "alias", "unalias", "umask", "ulimit", "trap", "enable", "hash", "source", ".", "eval",
        // user and nested shells
        "su", "sudo", "runuser", "login", "newgrp", "sg", "bash", "sh", "dash", "zsh", "exec", "exit", "logout",
    ], StringComparer.Ordinal);

    /// <summary>What in <paramref name="stmts"/> sets shell state, as a short phrase for <c>--explain</c>; null when nothing does.</summary>
    public static string? Describe(ImmutableArray<Stmt> stmts)
    {
        foreach (var node in SyntaxNodes.Descendants(stmts))
        {
            switch (node)
            {
                case FunctionDecl function:
                    return $"defines the function {function.Name}";
                case SimpleCommand { Args.IsEmpty: true, Assignments: [var first, ..] }:
                    return $"sets the shell variable {first.Name}";
                case SimpleCommand simple when SyntaxNodes.CommandName(simple) is { } name && Names.Contains(name):
                    return $"runs `{name}`, which changes the shell's state";
                case SimpleCommand simple when SyntaxNodes.CommandName(simple) == "printf" && SyntaxNodes.StaticArgs(simple).Contains("-v"):
                    return "sets a variable with `printf -v`";
                case ArithmeticCommand:
                    return "evaluates arithmetic, which may set variables";
            }
        }
        return null;
    }
}
