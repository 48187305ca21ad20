using System.Collections.Immutable;
using System.Runtime.InteropServices;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Frontend.Trace;

namespace DockerRecord.Passes.Services;

/// <summary>A start that did not last: who stopped it, or what replaced it.</summary>
sealed record StoppedService(ServiceStart Start, TraceLocation StoppedAt, string How);

/// <summary>
/// The services of a trace, read from every recorded command (those other passes dropped included): which were
/// started, which were stopped, which were left running at the end, which statements are service commands
/// (they leave the RUNs), and which clients (<c>mysql</c>, <c>redis-cli</c>) ran while their service was running.
/// Built once per compilation and shared by the drop-no-effect, services and ports-volumes passes.
/// </summary>
sealed class ServiceTimeline
{
    readonly HashSet<(TraceLocation At, string Text)> _serviceCommands = [];

    ServiceTimeline() { }

    /// <summary>Every confirmed start, in trace order.</summary>
    public ImmutableArray<ServiceStart> Starts { get; private set; } = [];

    /// <summary>The services left running at the end, in the order they were started; the last one becomes the CMD.</summary>
    public ImmutableArray<ServiceStart> Running { get; private set; } = [];

    public ImmutableArray<StoppedService> Stopped { get; private set; } = [];

    /// <summary>The clients that ran while their service was running (<c>mysql -e …</c> after <c>service mariadb start</c>), in trace order.</summary>
    public ImmutableArray<ClientUse> ClientUses { get; private set; } = [];

    /// <summary>The client uses at <paramref name="at"/>.</summary>
    public IEnumerable<ClientUse> ClientUsesAt(TraceLocation at) => _clientUsesAt.TryGetValue(at, out var uses) ? uses : [];

    /// <summary>Whether the line at <paramref name="at"/> runs a client that changes what a running service keeps (not only asks).</summary>
    public bool ChangesThroughClient(TraceLocation at) => ClientUsesAt(at).Any(u => !u.Call.ReadOnly);

    readonly Dictionary<TraceLocation, List<ClientUse>> _clientUsesAt = [];

    /// <summary>Processes seen listening on a port below 1024 (they need root to start).</summary>
    public IReadOnlySet<string> PrivilegedPortProcesses { get; private set; } = ImmutableHashSet<string>.Empty;

    /// <summary>The locations of the lines holding service commands.</summary>
    public IEnumerable<TraceLocation> CommandLocations => _serviceCommands.Select(c => c.At).Distinct();

    /// <summary>Whether the command <paramref name="invocation"/>, typed at <paramref name="at"/>, is a service command.</summary>
    public bool IsServiceCommand(TraceLocation at, Invocation invocation) => _serviceCommands.Contains((at, invocation.Text));

    public static ServiceTimeline Of(CompilationContext context) => context.Timeline.Value;

    internal static ServiceTimeline Build(CompilationContext context)
    {
        var reader = new Reader(context);
        reader.ReadTrace();
        return reader.Replay();
    }

    /// <summary>One statement of the trace that concerns services, with what the trace says around it.</summary>
    sealed record Event(TraceLocation At, ServiceAction Action, int RecordIndex, int JobCount, IReadOnlySet<string> VanishedProcesses);

    /// <summary>First pass over the trace: the service statements in order, the jobs and the ports that appeared.</summary>
    sealed class Reader(CompilationContext context)
    {
        readonly List<Event> _events = [];
        readonly Dictionary<int, List<ServiceStart?>> _jobs = [];
        readonly Dictionary<string, List<int>> _portAppearances = new(StringComparer.Ordinal);
        readonly HashSet<string> _privileged = new(StringComparer.Ordinal);
        readonly HashSet<int> _ownerlessPortAppearances = [];

        public void ReadTrace()
        {
            IReadOnlyList<ListeningPort> previousPorts = [];
            var previousProcesses = ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal);
            var index = 0;
            foreach (var (at, record, session) in context.AllCommands)
            {
                var ports = context.SessionPorts(session, record);
                var processes = previousProcesses;
                if (!ports.SequenceEqual(previousPorts))
                {
                    processes = ports.Select(p => p.Process).OfType<string>().ToImmutableHashSet(StringComparer.Ordinal);
                    NotePortAppearances(previousPorts, ports, index);
                }
                if (record.Ran && context.Parse(at).File is { } file)
                    ReadLine(at, record, session, file.Stmts, processes, previousProcesses, index);
                previousPorts = ports;
                previousProcesses = processes;
                index++;
            }
        }

        void NotePortAppearances(IReadOnlyList<ListeningPort> before, IReadOnlyList<ListeningPort> after, int index)
        {
            var known = before.Select(p => (p.Protocol, p.Port, p.Process)).ToHashSet();
            foreach (var port in after)
            {
                if (port.Process is not { } process)
                {
                    // root in a container cannot see which process of another user owns a socket
                    if (!before.Any(b => b.Protocol == port.Protocol && b.Port == port.Port)) _ownerlessPortAppearances.Add(index);
                    continue;
                }
                if (port.Port < 1024) _privileged.Add(process);
                if (known.Contains((port.Protocol, port.Port, port.Process))) continue;
                if (!_portAppearances.TryGetValue(process, out var list)) _portAppearances[process] = list = [];
                if (list.Count == 0 || list[^1] != index) list.Add(index);
            }
        }

        void ReadLine(TraceLocation at, CommandRecord record, SessionTrace session, ImmutableArray<Stmt> stmts,
            IReadOnlySet<string> listening, IReadOnlySet<string> listeningBefore, int index)
        {
            var interrupted = record.Interrupted || record.Status == 130 || record.Status == 124;
            var commands = LineWalker.Commands(stmts, record.CwdBefore ?? "/");
            if (!_jobs.TryGetValue(at.Session, out var jobs)) _jobs[at.Session] = jobs = [];
            List<(int Position, Event Event)>? lineEvents = null; // made at the first event: most lines have none
            for (var i = 0; i < commands.Count; i++)
            {
                var (command, background, directory, endsJob) = commands[i];
                var last = i == commands.Count - 1;
                // status 124 is timeout's own: only a statement run by timeout was stopped by it
                var stopped = last && !background && (record.Status != 124 || RunsUnderTimeout(command)) && interrupted;
                var invocation = Invocation.Of(command);
                ServiceStart? backgroundStart = null;
                if (invocation is not null)
                {
                    var situation = new StatementSituation(at, background, stopped,
                        record.Status == 0 || (interrupted && !last) || background, directory,
                        invocation.User ?? record.User ?? session.Info.User ?? "root", listening);
                    foreach (var action in ServiceCommands.Classify(invocation, situation))
                    {
                        var vanished = action is StopAction { ByProcessId: true }
                            ? listeningBefore.Except(listening).ToHashSet(StringComparer.Ordinal)
                            : (IReadOnlySet<string>)ImmutableHashSet<string>.Empty;
                        (lineEvents ??= []).Add((command.Span.Position.Absolute, new Event(at, action, index, jobs.Count, vanished)));
                        if (action is StartAction { Start.Kind: StartKind.Background } start) backgroundStart = start.Start;
                    }
                }
                if (endsJob) jobs.Add(backgroundStart);
            }
            // the clients anywhere in the line (pipelines, su -c '…'), in the order they ran among the service commands
            foreach (var call in ClientCalls(stmts))
                (lineEvents ??= []).Add((call.Position, new Event(at, new ClientAction(call), index, jobs.Count, ImmutableHashSet<string>.Empty)));
            if (lineEvents is null) return;
            if (lineEvents.Count > 1) lineEvents = [.. lineEvents.OrderBy(e => e.Position)];
            foreach (var (_, e) in lineEvents) _events.Add(e);
        }

        /// <summary>
        /// The client calls of a line, found once per tree: lines typed again share their tree, and which clients a
        /// tree calls depends on nothing else.
        /// </summary>
        List<ClientCall> ClientCalls(ImmutableArray<Stmt> stmts)
        {
            if (stmts.IsDefaultOrEmpty) return [];
            ref var calls = ref CollectionsMarshal.GetValueRefOrAddDefault(_clientCalls, ImmutableCollectionsMarshal.AsArray(stmts)!, out _);
            return calls ??= ClientCommands.In(stmts);
        }

        readonly Dictionary<Stmt[], List<ClientCall>> _clientCalls = new(ReferenceEqualityComparer.Instance);

        static bool RunsUnderTimeout(SimpleCommand command) =>
            command.Args.Take(4).Any(w => ShellWords.StaticValue(w) is "timeout");

        /// <summary>An unknown background program is a service when a port of its process appears at or after its start.</summary>
        bool Confirmed(ServiceStart start, int index) =>
            start.Processes.Any(process => _portAppearances.TryGetValue(process, out var list)
                && list.BinarySearch(index) is var found && (found >= 0 || ~found < list.Count))
            // a socket whose owner /proc hides, appearing with the start or at the next prompt (it binds a moment later)
            || _ownerlessPortAppearances.Contains(index) || _ownerlessPortAppearances.Contains(index + 1);

        /// <summary>Second pass: starts and stops in order decide what is left running.</summary>
        public ServiceTimeline Replay()
        {
            var timeline = new ServiceTimeline { PrivilegedPortProcesses = _privileged };
            var starts = ImmutableArray.CreateBuilder<ServiceStart>();
            var stopped = ImmutableArray.CreateBuilder<StoppedService>();
            var running = new List<ServiceStart>();
            ServiceStart? foreground = null; // a server stopped with Ctrl-C: the CMD only if nothing starts after it
            var confirmedJobs = new HashSet<ServiceStart>(ReferenceEqualityComparer.Instance);
            var uses = ImmutableArray.CreateBuilder<ClientUse>();

            foreach (var e in _events)
            {
                switch (e.Action)
                {
                    case StartAction { Start: var start }:
                        if (start.NeedsPortEvidence && !Confirmed(start, e.RecordIndex)) continue;
                        confirmedJobs.Add(start);
                        timeline._serviceCommands.Add((start.At, e.Action.Invocation.Text));
                        starts.Add(start);
                        foreach (var replaced in running.Where(r => r.Key == start.Key))
                            stopped.Add(new StoppedService(replaced, start.At, "started again"));
                        running.RemoveAll(r => r.Key == start.Key);
                        if (foreground is not null) stopped.Add(new StoppedService(foreground, start.At, "interrupted, and another service started after it"));
                        foreground = null;
                        if (start.Kind == StartKind.Foreground) foreground = start;
                        else running.Add(start);
                        break;
                    case StopAction stop:
                        var location = e.At;
                        var targets = running.Where(r => Stops(stop, r, e, confirmedJobs)).ToList();
                        if (targets.Count > 0 || stop.Key is not null)
                            timeline._serviceCommands.Add((location, stop.Invocation.Text));
                        foreach (var target in targets)
                        {
                            running.Remove(target);
                            stopped.Add(new StoppedService(target, location, $"stopped by `{stop.Invocation.Text}`"));
                        }
                        break;
                    case ControlAction control:
                        timeline._serviceCommands.Add((e.At, control.Invocation.Text));
                        break;
                    case ClientAction { Call: var call }:
                        if (running.LastOrDefault(r => r.Key == call.Clients.Service) is not { } server) break;
                        var use = new ClientUse(e.At, server, call);
                        uses.Add(use);
                        if (!timeline._clientUsesAt.TryGetValue(e.At, out var at)) timeline._clientUsesAt[e.At] = at = [];
                        at.Add(use);
                        break;
                }
            }
            if (foreground is not null) running.Add(foreground);
            timeline.Starts = starts.ToImmutable();
            timeline.Running = [.. running];
            timeline.Stopped = stopped.ToImmutable();
            timeline.ClientUses = uses.ToImmutable();
            return timeline;
        }

        bool Stops(StopAction stop, ServiceStart start, Event e, HashSet<ServiceStart> confirmed)
        {
            if (stop.Key is { } key) return start.Key == key;
            if (stop.ProcessName is { } name) return start.Processes.Contains(name) || start.Invocation?.FileName == name;
            if (stop.Pattern is { } pattern) return start.Invocation?.ToString().Contains(pattern, StringComparison.Ordinal) == true;
            if (!stop.Jobs.IsDefaultOrEmpty && _jobs.TryGetValue(e.At.Session, out var jobs))
                foreach (var job in stop.Jobs)
                {
                    var slot = job.Number is { } n ? n - 1 : job.Previous ? e.JobCount - 2 : e.JobCount - 1;
                    if (slot >= 0 && slot < e.JobCount && ReferenceEquals(jobs[slot], start) && confirmed.Contains(start)) return true;
                }
            return stop.ByProcessId && start.Processes.Any(e.VanishedProcesses.Contains);
        }
    }
}
