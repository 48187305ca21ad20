using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.Passes.Services;

/// <summary>How a service was started.</summary>
public enum StartKind
{
    /// <summary><c>service x start</c>, <c>/etc/init.d/x start</c>, <c>systemctl start x</c>, <c>invoke-rc.d x start</c>.</summary>
    Init,
    /// <summary>A daemon that put itself in the background (<c>nginx</c>, <c>redis-server --daemonize yes</c>).</summary>
    Daemon,
    /// <summary>Sent to the background with <c>&amp;</c> (<c>nohup node server.js &amp;</c>).</summary>
    Background,
    /// <summary>Run in the foreground and stopped with Ctrl-C or by <c>timeout</c>.</summary>
    Foreground,
}

/// <summary>
/// A service the trace shows started. <see cref="Key"/> identifies it across start and stop commands: the knowledge
/// table's key, or for an application server its command text.
/// </summary>
sealed record ServiceStart(
    string Key,
    StartKind Kind,
    ServiceDefinition? Service,
    ServerProgram? Program,
    Invocation? Invocation,
    string? Version,
    string? Cluster,
    string Directory,
    string User,
    TraceLocation At,
    ImmutableArray<string> Processes)
{
    /// <summary>An unknown program sent to the background: a service only when its port shows up in the trace.</summary>
    public bool NeedsPortEvidence => Service is null && Program is null;

    /// <summary>How drec names it in messages: the service name, or the command.</summary>
    public string DisplayName => Service?.Key ?? Invocation?.Text ?? Key;

    /// <summary>It runs the service's own foreground form (started by an init script or a wrapper like apachectl).</summary>
    public bool UsesServiceForm => Service is not null && (Kind == StartKind.Init || Program?.Style == ForegroundStyle.ServiceForm);
}

/// <summary>What a command does to services.</summary>
abstract record ServiceAction(Invocation Invocation);

/// <summary>It starts (or restarts) a service.</summary>
sealed record StartAction(Invocation Invocation, ServiceStart Start) : ServiceAction(Invocation);

/// <summary>
/// It stops services: by key (<c>service x stop</c>), by process name (<c>pkill nginx</c>, <c>killall node</c>), by
/// command-line pattern (<c>pkill -f http.server</c>), by job (<c>kill %1</c>, <c>kill $!</c>, an interrupted
/// <c>fg</c>), or by process id (<c>kill 1234</c>), which only the ports that went away can tell.
/// </summary>
sealed record StopAction(Invocation Invocation, string? Key = null, string? ProcessName = null, string? Pattern = null,
    ImmutableArray<JobReference> Jobs = default, bool ByProcessId = false) : ServiceAction(Invocation);

/// <summary>It only asks a service something or reloads it (<c>status</c>, <c>reload</c>, <c>nginx -s reload</c>).</summary>
sealed record ControlAction(Invocation Invocation) : ServiceAction(Invocation);

/// <summary>It talks to a service (<c>mysql -e …</c>, <c>redis-cli set k v</c>): the service must run when it does.</summary>
sealed record ClientAction(ClientCall Call) : ServiceAction(Call.Invocation);

/// <summary>A client that ran while its service was running: the build must start <see cref="Start"/>'s service for it.</summary>
sealed record ClientUse(TraceLocation At, ServiceStart Start, ClientCall Call);

/// <summary>A job of the session's shell: the Nth started with <c>&amp;</c>, or the last one (<c>%%</c>, <c>$!</c>) when null.</summary>
readonly record struct JobReference(int? Number, bool Previous = false);
