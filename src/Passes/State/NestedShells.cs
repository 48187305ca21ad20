using System.Collections.Frozen;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Passes.Filtering;

namespace DockerRecord.Passes.State;

/// <summary>
/// Lines that open an interactive shell (<c>bash</c>, <c>su - app</c>, <c>sudo -i</c>, <c>sudo su</c>,
/// <c>exec bash</c>) or leave one (<c>exit</c>, <c>logout</c>). The recorder records the nested shell's own lines
/// with their user (flag <c>nested_shell</c>), so these lines themselves carry nothing to build.
/// </summary>
public static class NestedShells
{
    static readonly FrozenSet<string> Shells = FrozenSet.ToFrozenSet(["bash", "sh", "dash", "zsh", "ksh", "fish", "ash", "busybox"], StringComparer.Ordinal);

    /// <summary>A shell with no script and no <c>-c</c>: it reads commands from the terminal.</summary>
    public static bool IsInteractiveShell(SimpleCommand command)
    {
        var name = SyntaxNodes.CommandName(command);
        if (name == "exec" && command.Args.Length > 1) return IsInteractiveShell(command with { Args = command.Args.RemoveAt(0) })
            || UserSwitch.Parse(command with { Args = command.Args.RemoveAt(0) }) is { StartsShell: true };
        if (name is null || !Shells.Contains(name)) return false;
        var args = SyntaxNodes.StaticArgs(command);
        // only options such as -l, --login, -i, --norc: no script, no -c, no -s (which reads stdin)
        return args.Skip(1).All(a => a is not null && a.StartsWith('-') && a != "-c" && !(a.Length > 1 && a[1] != '-' && a.Contains('c')) && a != "-s");
    }

    /// <summary>A line that starts an interactive shell, directly or through su/sudo/runuser/exec.</summary>
    public static bool StartsShell(SimpleCommand command) =>
        IsInteractiveShell(command) || UserSwitch.Parse(command) is { StartsShell: true };

    /// <summary>
    /// The statement feeds its standard input from a file or a here-document (<c>bash &lt;&lt;'EOF'</c>,
    /// <c>sh &lt; setup.sh</c>): the shell runs that script and is not interactive, so nothing of it is recorded on
    /// its own.
    /// </summary>
    public static bool ReadsScriptFromInput(Stmt stmt) =>
        stmt.Redirects.Any(r => r.Fd is null or 0 && r.Op is RedirectOp.Input or RedirectOp.ReadWrite or RedirectOp.HereDoc
            or RedirectOp.HereDocStripTabs or RedirectOp.HereString);

    /// <summary><c>exit</c> or <c>logout</c>: leaves the (nested) shell.</summary>
    public static bool EndsShell(SimpleCommand command) => SyntaxNodes.CommandName(command) is "exit" or "logout";
}
