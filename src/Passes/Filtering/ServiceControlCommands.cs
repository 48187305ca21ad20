using System.Collections.Frozen;
using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Filtering;

/// <summary>
/// Commands that start, stop or reload a service through a service manager (<c>service x start</c>,
/// <c>systemctl restart x</c>, <c>/etc/init.d/x start</c>…). They leave little on disk, but the services pass needs
/// them (it turns the last one into CMD and removes them itself), so the no-effect pass never drops them.
/// Status queries are not here: they are read-only (see <see cref="ReadOnlyCommands"/>).
/// </summary>
public static class ServiceControlCommands
{
    static readonly FrozenSet<string> Actions = FrozenSet.ToFrozenSet(
        ["start", "stop", "restart", "reload", "force-reload", "try-restart", "condrestart", "graceful", "graceful-stop", "enable", "disable", "mask", "unmask", "kill"],
        StringComparer.Ordinal);

    /// <summary>Service managers: the action is the first operand (systemctl) or the second (service NAME ACTION).</summary>
    static readonly FrozenDictionary<string, int> Managers = new Dictionary<string, int>
    {
        ["systemctl"] = 0, ["apachectl"] = 0, ["apache2ctl"] = 0, ["supervisorctl"] = 0, ["pg_ctl"] = 0,
        ["service"] = 1, ["invoke-rc.d"] = 1, ["rc-service"] = 1, ["pg_ctlcluster"] = 2,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>True when some simple command in the statements controls a service.</summary>
    public static bool Controls(ImmutableArray<Stmt> stmts)
    {
        foreach (var (command, _) in SyntaxNodes.SimpleCommands(stmts))
            if (Controls(command)) return true;
        return false;
    }

    static bool Controls(SimpleCommand command)
    {
        // most commands are none of these: decided by the name alone, before any argument is looked at
        if (SyntaxNodes.CommandName(command) is not { } name) return false;
        var initScript = IsInitScript(command.Args[0]);
        if (!initScript && name is not ("sudo" or "nginx") && !Managers.ContainsKey(name)) return false;
        var args = SyntaxNodes.StaticArgs(command);
        var operands = args.Skip(1).Where(a => a is null || !a.StartsWith('-')).ToList();
        if (initScript)
            return operands.Count > 0 && (operands[0] is null || Actions.Contains(operands[0]!));
        // `nginx -s reload`, `sudo service x start`: look through sudo
        if (name is "sudo" && command.Args.Length > 1)
            return Controls(command with { Args = command.Args.RemoveAt(0) });
        if (name == "nginx" && args.Contains("-s")) return true;
        return Managers.TryGetValue(name, out var at) && operands.Count > at && (operands[at] is null || Actions.Contains(operands[at]!));
    }

    static bool IsInitScript(Word program) => SyntaxNodes.StaticValue(program)?.StartsWith("/etc/init.d/", StringComparison.Ordinal) == true;
}
