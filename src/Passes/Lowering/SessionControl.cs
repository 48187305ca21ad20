using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Lowering;

/// <summary>
/// Lines that only move between shells: <c>exit</c>, <c>logout</c>, and entering a nested interactive shell
/// (<c>su - app</c>, <c>sudo -i</c>, <c>bash</c>). They say nothing about the state the person worked in, so the
/// final shell state (the image's USER, WORKDIR and ENV) is taken from the last command that is not one of them.
/// </summary>
public static class SessionControl
{
    static readonly HashSet<string> s_shells = ["bash", "sh", "dash", "zsh", "/bin/bash", "/bin/sh"];

    public static bool IsSessionControl(ShellFile file) =>
        file.Stmts is [{ Command: SimpleCommand { Name: { } name } command }] && IsSessionControl(name, command);

    static bool IsSessionControl(string name, SimpleCommand command)
    {
        var args = command.Args.Skip(1).Select(a => a.LiteralValue).ToList();
        return name switch
        {
            "exit" or "logout" => true,
            // su [-|-l|--login] [user]: with -c it runs a command and is real work
            "su" => args.All(a => a is not null && a is not ("-c" or "--command" or "-s" or "--shell")) && args.Count(a => !a!.StartsWith('-')) <= 1,
            "sudo" => args is ["-i"] or ["-s"] or ["su"] or ["su", "-"] or ["-i", "-u", _] or ["-u", _, "-i"],
            _ => s_shells.Contains(name) && args.All(a => a is "-l" or "--login" or "-i"),
        };
    }
}
