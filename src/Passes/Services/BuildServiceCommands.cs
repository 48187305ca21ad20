using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace DockerRecord.Passes.Services;

/// <summary>
/// How a RUN has a service up for the client steps in it, under <c>docker build</c>, where no init system runs and
/// every process ends with the step: <see cref="Start"/> starts it in the background and waits until it answers,
/// <see cref="Stop"/> stops it cleanly (so what it writes on shutdown is in the layer). Decided from how the person
/// started it (docs/services.md, "Clients in the build"):
/// <list type="bullet">
/// <item>by its init script (<c>service x start</c>, <c>systemctl start x</c>): <c>service NAME start</c> and
/// <c>service NAME stop</c>; Debian's init scripts need no init system; <c>pg_ctlcluster V C start</c> stays as
/// typed;</item>
/// <item>a daemon typed by hand (<c>redis-server --daemonize yes</c>, <c>mongod --fork</c>): the same command, and the
/// service's shutdown command (<c>redis-cli shutdown</c>);</item>
/// <item>a server sent to the background (<c>redis-server &amp;</c>, <c>mysqld_safe &amp;</c>): its daemon form when the
/// table has one, else the init script.</item>
/// </list>
/// </summary>
sealed partial record BuildServiceCommands(string Start, string Stop)
{
    /// <summary>How long the build waits for the service to answer.</summary>
    public const int ReadySeconds = 30;

    public static BuildServiceCommands? For(ServiceStart start, ServiceClients clients, string runUser, out string? reason)
    {
        reason = null;
        var invocation = start.Invocation;
        string begin, end;
        var needsRoot = false;
        if (start.Kind == StartKind.Init && invocation?.FileName == "pg_ctlcluster" && invocation.Operands.ToList() is [var version, var cluster, ..])
        {
            (begin, end) = ($"pg_ctlcluster {Quote(version)} {Quote(cluster)} start", $"pg_ctlcluster {Quote(version)} {Quote(cluster)} stop");
            needsRoot = true;
        }
        else if (start.Kind == StartKind.Init || (start.Kind != StartKind.Daemon && DaemonForm(start, clients) is null))
        {
            var name = start.Kind == StartKind.Init ? InitName(invocation) ?? clients.InitScript : clients.InitScript;
            if (name is null)
            {
                reason = $"drec knows no command that starts {start.DisplayName} in the background for a build step";
                return null;
            }
            (begin, end) = ($"service {Quote(name)} start", $"service {Quote(name)} stop");
            needsRoot = true;
        }
        else
        {
            begin = start.Kind == StartKind.Daemon ? Typed(invocation!) : DaemonForm(start, clients)!;
            if (clients.Shutdown is null)
            {
                reason = $"drec knows no command that stops {start.DisplayName} started as `{invocation!.Text}`";
                return null;
            }
            end = WithPort(clients.Shutdown, start, clients) + ShutdownOptions(start, clients);
        }
        if (needsRoot && runUser != "root")
        {
            reason = $"the RUN runs as {runUser}, and `{begin}` needs root";
            return null;
        }
        if (clients.Ready is { } ready)
            begin += $" && timeout {ReadySeconds} bash -c {Quote($"until {WithPort(ready, start, clients)} >/dev/null 2>&1; do sleep 0.5; done")}";
        return new BuildServiceCommands(begin, end);
    }

    /// <summary>The init-script name typed: <c>service NAME start</c>, <c>/etc/init.d/NAME</c>, <c>systemctl start NAME.service</c>.</summary>
    static string? InitName(Invocation? invocation)
    {
        if (invocation is null) return null;
        var operands = invocation.Operands.ToList();
        var name = invocation.FileName switch
        {
            "service" or "invoke-rc.d" => operands.FirstOrDefault(),
            "systemctl" => operands.Skip(1).FirstOrDefault(),
            _ when invocation.Program!.StartsWith("/etc/init.d/", StringComparison.Ordinal) => invocation.FileName,
            _ => null,
        };
        if (name is null || !SafeName().IsMatch(name)) return null;
        return name.EndsWith(".service", StringComparison.Ordinal) ? name[..^".service".Length] : name;
    }

    /// <summary>A server typed in the background or the foreground, made to put itself in the background.</summary>
    static string? DaemonForm(ServiceStart start, ServiceClients clients)
    {
        if (clients.DaemonArguments.IsDefaultOrEmpty || start.Program is not { Style: ForegroundStyle.SameArguments } program
            || start.Invocation is not { Static: true } invocation)
            return null;
        var values = invocation.Values.Select(v => v!).ToList();
        if (!program.DaemonizeFlags.IsDefaultOrEmpty)
            for (var i = values.Count - 1; i >= 1; i--)
                foreach (var (flag, count) in program.DaemonizeFlags)
                    if (values[i] == flag) { values.RemoveRange(i, Math.Min(1 + count, values.Count - i)); break; }
        values.AddRange(clients.DaemonArguments);
        return string.Join(" ", invocation.Environment.Concat(values).Select(Quote));
    }

    static string Typed(Invocation invocation) =>
        string.Concat(invocation.Environment.Select(v => Quote(v) + " ")) + invocation.Text;

    /// <summary>The clients' port option when the server was typed with <c>--port N</c> (<c>redis-cli -p 6380 ping</c>).</summary>
    static string WithPort(string command, ServiceStart start, ServiceClients clients)
    {
        if (clients.PortOption is not { } option || start.Invocation?.OptionValue("--port") is not { } port || !port.All(char.IsAsciiDigit))
            return command;
        var space = command.IndexOf(' ');
        return space < 0 ? $"{command} {option} {port}" : $"{command[..space]} {option} {port}{command[space..]}";
    }

    static string ShutdownOptions(ServiceStart start, ServiceClients clients) =>
        clients.ShutdownOptions.IsDefaultOrEmpty ? ""
            : string.Concat(clients.ShutdownOptions.Select(o => start.Invocation?.OptionValue(o) is { } value ? $" {o} {Quote(value)}" : ""));

    /// <summary>A word for bash: as it is when it holds nothing special, else in single quotes.</summary>
    public static string Quote(string value) =>
        value.Length > 0 && PlainWord().IsMatch(value) ? value : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_./:=,+@%-]+$")]
    private static partial Regex PlainWord();

    [GeneratedRegex(@"^[A-Za-z0-9_.@-]+$")]
    private static partial Regex SafeName();
}
