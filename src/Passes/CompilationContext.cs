using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Parsing;
using DockerRecord.Frontend.Trace;

namespace DockerRecord.Passes;

/// <summary>
/// What every pass may read besides the program: the trace (records, captured files, session metadata) and the
/// options; and where passes report: diagnostics and <c>--explain</c> lines. Parsed command lines are cached here,
/// so each line is parsed once per compilation.
/// </summary>
public sealed class CompilationContext
{
    readonly Dictionary<TraceLocation, CommandRecord> _commands = [];
    readonly Dictionary<TraceLocation, ParseResult> _parsed = [];
    readonly List<Diagnostic> _diagnostics = [];
    readonly List<Explanation> _explanations = [];
    readonly Dictionary<int, HashSet<(string Protocol, string Address, int Port)>> _portsAtStart = [];

    public CompilationContext(TraceContent trace, CompileOptions options)
    {
        Trace = trace;
        Options = options;
        foreach (var session in trace.Sessions)
            foreach (var command in session.Commands)
                _commands[new TraceLocation(session.Info.Number, command.Seq)] = command;
    }

    public TraceContent Trace { get; }

    public CompileOptions Options { get; }

    /// <summary>The pass now running (set by the compiler), named in explanations.</summary>
    public string CurrentPass { get; internal set; } = "";

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public IReadOnlyList<Explanation> Explanations => _explanations;

    /// <summary>Every recorded command with its location, in trace order.</summary>
    public IEnumerable<(TraceLocation At, CommandRecord Record, SessionTrace Session)> AllCommands() =>
        Trace.Sessions.SelectMany(session => session.Commands.Select(c => (new TraceLocation(session.Info.Number, c.Seq), c, session)));

    public CommandRecord Command(TraceLocation at) => _commands[at];

    public SessionTrace Session(int number) => Trace.Sessions.First(s => s.Info.Number == number);

    /// <summary>The parse of a recorded command line (cached).</summary>
    public ParseResult Parse(TraceLocation at)
    {
        if (!_parsed.TryGetValue(at, out var result))
            _parsed[at] = result = ShellParser.Parse(Command(at).Cmd);
        return result;
    }

    /// <summary>
    /// The sockets listening after a command that were not already listening when its session started: only these
    /// can be the person's doing (with <c>--network host</c> the others are the host's).
    /// </summary>
    public IReadOnlyList<ListeningPort> SessionPorts(SessionTrace session, CommandRecord record)
    {
        var before = session.Info.PortsAtStart;
        if (before.Count == 0 || record.Ports.Count == 0) return record.Ports;
        if (!_portsAtStart.TryGetValue(session.Info.Number, out var known))
            _portsAtStart[session.Info.Number] = known = [.. before.Select(p => (p.Protocol, p.Address, p.Port))];
        return record.Ports.Where(p => !known.Contains((p.Protocol, p.Address, p.Port))).ToList();
    }

    public void Report(Diagnostic diagnostic) => _diagnostics.Add(diagnostic);

    public void Explain(TraceLocation command, Verdict verdict, string reason) =>
        _explanations.Add(new Explanation(command, CurrentPass, verdict, reason));

    public ImmutableArray<Diagnostic> SortedDiagnostics() =>
        [.. _diagnostics.OrderBy(d => d.Location ?? default).ThenBy(d => d.Code, StringComparer.Ordinal)];
}
