using System.Collections.Frozen;
using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Services;

/// <summary>
/// Reads one command (wrappers already off) as what it does to services: the init-script forms, the control
/// programs (<c>apachectl</c>, <c>nginx -s</c>, <c>redis-cli shutdown</c>, <c>pg_ctlcluster</c>), the ways to stop a
/// process (<c>kill</c>, <c>pkill</c>, <c>killall</c>, an interrupted <c>fg</c>) and the server programs of the
/// knowledge table. Returns nothing for any other command.
/// </summary>
static class ServiceCommands
{
    static readonly ImmutableHashSet<string> StartVerbs = ["start", "restart", "force-reload", "reload-or-restart"];
    static readonly ImmutableHashSet<string> StopVerbs = ["stop", "kill", "graceful-stop"];
    static readonly ImmutableHashSet<string> ControlVerbs =
        ["status", "reload", "try-restart", "condrestart", "is-active", "is-enabled", "is-failed", "show", "cat", "configtest", "fullstatus"];

    /// <summary>The programs <see cref="Classify"/> reads by name before the knowledge table.</summary>
    static readonly FrozenSet<string> ControlPrograms = FrozenSet.Create(StringComparer.Ordinal,
        "service", "invoke-rc.d", "systemctl", "pg_ctlcluster", "apachectl", "apache2ctl", "nginx", "redis-cli", "mysqladmin",
        "mariadb-admin", "kill", "pkill", "killall", "fg");

    public static IEnumerable<ServiceAction> Classify(Invocation invocation, StatementSituation situation)
    {
        var name = invocation.FileName;
        var program = invocation.Program!;
        // every command of a trace comes here, and nearly all are none of the forms below
        if (!ControlPrograms.Contains(name) && !program.StartsWith("/etc/init.d/", StringComparison.Ordinal))
            return ProgramStart(invocation, situation);
        var operands = invocation.Operands.ToList();

        if (name == "service" && operands.Count >= 2)
            return InitAction(invocation, operands[0], operands[1], situation);
        if (program.StartsWith("/etc/init.d/", StringComparison.Ordinal) && operands.Count >= 1)
            return InitAction(invocation, name, operands[0], situation);
        if (name == "invoke-rc.d" && operands.Count >= 2)
            return InitAction(invocation, operands[0], operands[1], situation);
        if (name == "systemctl" && operands.Count >= 2)
        {
            var verb = operands[0];
            if (verb == "enable" && invocation.Has("--now")) verb = "start";
            return operands.Skip(1).SelectMany(unit => InitAction(invocation, unit, verb, situation));
        }
        if (name == "pg_ctlcluster" && operands.Count >= 3)
            return PostgresCluster(invocation, operands, situation);
        if (name is "apachectl" or "apache2ctl")
            return ApacheControl(invocation, situation);
        if (name == "nginx" && invocation.OptionValue("-s") is { } signal)
            return [signal is "stop" or "quit" ? new StopAction(invocation, Key: "nginx") : new ControlAction(invocation)];
        if (name == "redis-cli" && operands.Any(o => o.Equals("shutdown", StringComparison.OrdinalIgnoreCase)))
            return [new StopAction(invocation, Key: "redis")];
        if (name is "mysqladmin" or "mariadb-admin" && operands.Contains("shutdown"))
            return [new StopAction(invocation, Key: "mariadb")];
        if (name == "kill") return Kill(invocation);
        if (name is "pkill" or "killall") return KillByName(invocation);
        if (name == "fg" && situation.Interrupted)
            return [new StopAction(invocation, Jobs: [JobOf(operands.FirstOrDefault())])];

        return ProgramStart(invocation, situation);
    }

    static IEnumerable<ServiceAction> InitAction(Invocation invocation, string serviceName, string verb, StatementSituation situation)
    {
        var found = ServiceCatalog.FindByName(serviceName);
        var key = found?.Service.Key ?? serviceName;
        if (StopVerbs.Contains(verb)) return [new StopAction(invocation, Key: key)];
        if (ControlVerbs.Contains(verb)) return [new ControlAction(invocation)];
        if (!StartVerbs.Contains(verb)) return [];

        // a start that failed started nothing (systemctl without systemd, a broken configuration) unless its
        // process is listening after all
        var processes = found?.Service.Processes ?? [serviceName];
        if (!situation.Succeeded && !processes.Any(situation.ListeningProcesses.Contains))
            return [new ControlAction(invocation)];
        return [new StartAction(invocation, new ServiceStart(key, StartKind.Init, found?.Service, null, invocation, found?.Version, null,
            situation.Directory, situation.User, situation.At, processes))];
    }

    static IEnumerable<ServiceAction> PostgresCluster(Invocation invocation, List<string> operands, StatementSituation situation)
    {
        var (version, cluster, verb) = (operands[0], operands[1], operands[2]);
        if (StopVerbs.Contains(verb)) return [new StopAction(invocation, Key: "postgresql")];
        if (!StartVerbs.Contains(verb) || !situation.Succeeded) return [new ControlAction(invocation)];
        var service = ServiceCatalog.Service("postgresql");
        return [new StartAction(invocation, new ServiceStart(service.Key, StartKind.Init, service, null, invocation,
            NamePattern.IsVersion(version) ? version : null, cluster, situation.Directory, situation.User, situation.At, service.Processes))];
    }

    static IEnumerable<ServiceAction> ApacheControl(Invocation invocation, StatementSituation situation)
    {
        var verb = invocation.OptionValue("-k") ?? invocation.Operands.FirstOrDefault();
        if (verb is null) return ProgramStart(invocation, situation); // apache2ctl -D FOREGROUND
        if (StopVerbs.Contains(verb)) return [new StopAction(invocation, Key: "apache2")];
        if (verb is "start" or "restart" or "graceful")
        {
            if (!situation.Succeeded) return [new ControlAction(invocation)];
            var service = ServiceCatalog.Service("apache2");
            var program = ServiceCatalog.FindPrograms(invocation.FileName).First().Program;
            return [new StartAction(invocation, new ServiceStart(service.Key, StartKind.Daemon, service, program, invocation, null, null,
                situation.Directory, situation.User, situation.At, service.Processes))];
        }
        return [new ControlAction(invocation)];
    }

    static IEnumerable<ServiceAction> Kill(Invocation invocation)
    {
        var jobs = ImmutableArray.CreateBuilder<JobReference>();
        var byProcessId = false;
        for (var i = 1; i < invocation.Words.Length; i++)
        {
            var value = invocation.Values[i];
            var text = ShellPrinter.Print(invocation.Words[i]);
            if (text is "$!") jobs.Add(new JobReference(null));
            else if (value is null) byProcessId = true;
            else if (value is "-l" or "-L") return [];
            else if (value is "-s" or "-n") i++;
            else if (value.StartsWith('%')) jobs.Add(JobOf(value));
            else if (!value.StartsWith('-')) byProcessId = true;
        }
        return [new StopAction(invocation, Jobs: jobs.ToImmutable(), ByProcessId: byProcessId)];
    }

    static IEnumerable<ServiceAction> KillByName(Invocation invocation)
    {
        var fullCommandLine = invocation.FileName == "pkill" && (invocation.Has("-f") || invocation.Has("--full"));
        var actions = new List<ServiceAction>();
        for (var i = 1; i < invocation.Values.Length; i++)
        {
            var value = invocation.Values[i];
            if (value is null) continue;
            if (value is "-u" or "-U" or "-g" or "-G" or "-P" or "-s" or "-t" or "--signal" or "-o" or "-y") { i++; continue; }
            if (value.StartsWith('-')) continue;
            actions.Add(fullCommandLine ? new StopAction(invocation, Pattern: value) : new StopAction(invocation, ProcessName: value));
        }
        return actions;
    }

    static JobReference JobOf(string? spec) => spec switch
    {
        null or "%" or "%%" or "%+" => new JobReference(null),
        "%-" => new JobReference(null, Previous: true),
        _ when int.TryParse(spec.TrimStart('%'), out var number) => new JobReference(number),
        _ => new JobReference(null),
    };

    static IEnumerable<ServiceAction> ProgramStart(Invocation invocation, StatementSituation situation)
    {
        foreach (var (program, version) in ServiceCatalog.FindPrograms(invocation.FileName))
        {
            if (!Serves(program, invocation)) continue;
            var kind = situation.Background ? StartKind.Background
                : situation.Interrupted ? StartKind.Foreground
                : program.Daemonizes && situation.Succeeded && !RunsInForeground(program, invocation.Values) ? StartKind.Daemon
                : (StartKind?)null;
            if (kind is null) return [];
            var service = program.Service is null ? null : ServiceCatalog.Service(program.Service);
            var processes = service?.Processes ?? [ProcessName(invocation.FileName)];
            return [new StartAction(invocation, new ServiceStart(service?.Key ?? invocation.Text, kind.Value, service, program, invocation, version,
                null, situation.Directory, situation.User, situation.At, processes))];
        }

        // any other program sent to the background may be a server: the ports will tell
        if (!situation.Background) return [];
        return [new StartAction(invocation, new ServiceStart(invocation.Text, StartKind.Background, null, null, invocation, null, null,
            situation.Directory, situation.User, situation.At, [ProcessName(invocation.FileName)]))];
    }

    /// <summary>The invocation runs the server, not a check or a one-off (<c>nginx -t</c>, <c>node -e</c>, <c>python3 x.py</c>).</summary>
    static bool Serves(ServerProgram program, Invocation invocation)
    {
        if (program.InfoFlags.IsDefaultOrEmpty is false && invocation.Values.Skip(1).Any(v => v is not null && program.InfoFlags.Contains(v)))
            return false;
        if (program.Module is { } module && invocation.OptionValue("-m") != module) return false;
        var operands = invocation.Operands.ToList();
        if (program.Subcommand is { } subcommand && !(operands.FirstOrDefault() == subcommand || invocation.Values.ElementAtOrDefault(1) == subcommand))
            return false;
        if (program.NeedsArgument && !invocation.Values.Skip(1).Any(v => v is null || !v.StartsWith('-'))) return false;
        return true;
    }

    /// <summary>The invocation already keeps the program in the foreground (<c>sshd -D</c>, <c>nginx -g "daemon off;"</c>).</summary>
    public static bool RunsInForeground(ServerProgram program, IReadOnlyList<string?> values)
    {
        if (!program.ForegroundFlags.IsDefaultOrEmpty && program.ForegroundFlags.Any(values.Skip(1).Contains)) return true;
        for (var i = 1; i + 1 < values.Count; i++)
        {
            if (program.Name == "nginx" && values[i] == "-g" && values[i + 1]?.Contains("daemon off", StringComparison.Ordinal) == true) return true;
            if (program.Name == "redis-server" && values[i] == "--daemonize" && values[i + 1] == "no") return true;
        }
        return false;
    }

    /// <summary>The kernel keeps the first 15 bytes of a program's name as its process name.</summary>
    public static string ProcessName(string fileName) => fileName.Length <= 15 ? fileName : fileName[..15];
}
