using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Parsing;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;

namespace DockerRecord.Passes;

/// <summary>
/// What every pass may read besides the program: the trace (records, captured files, session metadata) and the
/// options; and where passes report: diagnostics and <c>--explain</c> lines. Parsed command lines are cached here,
/// so each line is parsed once per compilation.
/// </summary>
public sealed class CompilationContext
{
    // every recorded command's place in AllCommands (a location the trace repeats names the last one), and its parse
    // once made: one lookup finds both, and the parses fill an array instead of a second table
    readonly Dictionary<TraceLocation, int> _indexOf = [];
    readonly ParseResult?[] _parses;
    readonly List<Diagnostic> _diagnostics = [];
    readonly List<Explanation> _explanations = [];
    readonly ConcurrentDictionary<int, HashSet<(string Protocol, string Address, int Port)>> _portsAtStart = [];

    public CompilationContext(TraceContent trace, CompileOptions options)
    {
        Trace = trace;
        Options = options;
        var count = trace.Sessions.Sum(s => s.Commands.Count);
        _indexOf.EnsureCapacity(count);
        _parses = new ParseResult?[count];
        var all = ImmutableArray.CreateBuilder<(TraceLocation, CommandRecord, SessionTrace)>(count);
        foreach (var session in trace.Sessions)
            foreach (var command in session.Commands)
            {
                var at = new TraceLocation(session.Info.Number, command.Seq);
                _indexOf[at] = all.Count;
                all.Add((at, command, session));
            }
        AllCommands = all.MoveToImmutable();
        Timeline = new(() => Services.ServiceTimeline.Build(this), LazyThreadSafetyMode.ExecutionAndPublication);
        TypedSecrets = new(() => Secrets.SecretsPass.FindTyped(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public TraceContent Trace { get; }

    public CompileOptions Options { get; }

    /// <summary>The pass now running (set by the compiler), named in explanations.</summary>
    public string CurrentPass { get; internal set; } = "";

    /// <summary>The diagnostics reported so far (a copy: analyzers report from several threads).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics
    {
        get { lock (_diagnostics) return [.. _diagnostics]; }
    }

    public IReadOnlyList<Explanation> Explanations => _explanations;

    /// <summary>Every recorded command with its location, in trace order.</summary>
    /// <remarks>Made once: half the passes walk it, and the trace does not change.</remarks>
    public ImmutableArray<(TraceLocation At, CommandRecord Record, SessionTrace Session)> AllCommands { get; }

    /// <summary>
    /// The record of a command of the trace. The trace reader lets no capture name a missing command; a step drec writes
    /// itself for a session that has none (the changes found at its end) names none: see <see cref="RecordedCommand"/>.
    /// </summary>
    public CommandRecord Command(TraceLocation at) =>
        RecordedCommand(at) ?? throw new InvalidOperationException($"{at} is not a command of the trace");

    /// <summary>The record of the command at <paramref name="at"/>, or null when the trace has none there.</summary>
    public CommandRecord? RecordedCommand(TraceLocation at) => _indexOf.TryGetValue(at, out var index) ? AllCommands[index].Record : null;

    /// <summary>True when the trace holds a command at <paramref name="at"/> (another trace file may name one it lacks).</summary>
    public bool HasCommand(TraceLocation at) => _indexOf.ContainsKey(at);

    public SessionTrace Session(int number) => Trace.Sessions.First(s => s.Info.Number == number);

    /// <summary>The parse of a recorded command line (cached).</summary>
    public ParseResult Parse(TraceLocation at)
    {
        var index = _indexOf[at];
        return _parses[index] ??= ShellParser.Parse(AllCommands[index].Record.Cmd);
    }

    /// <summary>True when <paramref name="stmts"/> is the tree the parse of the line at <paramref name="at"/> gave (no pass rewrote it).</summary>
    public bool IsRecordedTree(TraceLocation at, ImmutableArray<Frontend.Syntax.Stmt> stmts) =>
        _indexOf.TryGetValue(at, out var index) && _parses[index]?.File is { } file && file.Stmts == stmts;

    /// <summary>
    /// Parses every recorded line not parsed yet, on all cores: lines parse independently, and parsing is most of
    /// what lowering a long trace costs. A line typed again (<c>ls</c>, <c>cd ..</c>, <c>make</c>: half the lines of a
    /// long session) is parsed once; its lines share the tree, which is immutable and knows nothing of where it was typed.
    /// </summary>
    public void ParseAll()
    {
        // each distinct text once, and for every command not parsed yet, which text it is (-1: parsed already)
        var textIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var texts = new List<string>();
        var textOf = new int[_parses.Length];
        for (var i = 0; i < _parses.Length; i++)
        {
            if (_parses[i] is not null) { textOf[i] = -1; continue; }
            var text = AllCommands[i].Record.Cmd;
            ref var index = ref CollectionsMarshal.GetValueRefOrAddDefault(textIndex, text, out var seen);
            if (!seen) { index = texts.Count; texts.Add(text); }
            textOf[i] = index;
        }
        if (texts.Count == 0) return;
        var results = new ParseResult[texts.Count];
        Parallel.ForEach(Partitioner.Create(0, texts.Count, 1024), range =>
        {
            for (var i = range.Item1; i < range.Item2; i++) results[i] = ShellParser.Parse(texts[i]);
        });
        for (var i = 0; i < textOf.Length; i++)
            if (textOf[i] >= 0) _parses[i] = results[textOf[i]];
    }

    /// <summary>
    /// The sockets listening after a command that were not already listening when its session started: only these
    /// can be the person's doing (with <c>--network host</c> the others are the host's).
    /// </summary>
    public IReadOnlyList<ListeningPort> SessionPorts(SessionTrace session, CommandRecord record)
    {
        var before = session.Info.PortsAtStart;
        if (before.Count == 0 || record.Ports.Count == 0) return record.Ports;
        var known = _portsAtStart.GetOrAdd(session.Info.Number, _ => [.. before.Select(p => (p.Protocol, p.Address, p.Port))]);
        return record.Ports.Where(p => !known.Contains((p.Protocol, p.Address, p.Port))).ToList();
    }

    /// <summary>
    /// The effects of each RUN, found by the reorder pass and reused by the group pass (both look at the same RUN
    /// objects; an instruction is immutable, so its effects never go stale).
    /// </summary>
    /// <summary>The services of the trace, built once (see <see cref="StartTraceAnalyses"/>).</summary>
    internal Lazy<Services.ServiceTimeline> Timeline { get; }

    /// <summary>The secrets typed in the trace, found once (see <see cref="StartTraceAnalyses"/>).</summary>
    internal Lazy<Secrets.SecretTable> TypedSecrets { get; }

    /// <summary>
    /// Starts, on other threads, the work that reads only the parsed trace and nothing a pass makes (the service
    /// timeline, the typed secrets), so it runs beside the first passes; the first pass that asks for a result waits
    /// for it. Call after <see cref="ParseAll"/>: the workers then only read the parse cache.
    /// </summary>
    public void StartTraceAnalyses()
    {
        _ = Task.Run(() => Timeline.Value);
        _ = Task.Run(() => TypedSecrets.Value);
    }

    internal Dictionary<Instruction, Ordering.InstructionEffects> Effects { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>The parsed steps of <paramref name="program"/> with their statements, walked once for all the analyzers.</summary>
    public ImmutableArray<Analyzers.StepSyntax> StepsOf(ImageProgram program)
    {
        lock (_stepsLock)
        {
            if (!ReferenceEquals(_stepsProgram, program))
            {
                _steps = Analyzers.StepSyntax.Of(program);
                _stepsProgram = program;
            }
            return _steps;
        }
    }

    readonly Lock _stepsLock = new();
    ImageProgram? _stepsProgram;
    ImmutableArray<Analyzers.StepSyntax> _steps;

    public void Report(Diagnostic diagnostic)
    {
        lock (_diagnostics) _diagnostics.Add(diagnostic);
    }

    public void Explain(TraceLocation command, Verdict verdict, string reason)
    {
        if (Options.Explain) _explanations.Add(new Explanation(command, CurrentPass, verdict, reason));
    }

    /// <summary>By command; those about a trace file's record (a capture's files.jsonl line) first, by file and line.</summary>
    public ImmutableArray<Diagnostic> SortedDiagnostics() =>
        [.. Diagnostics.OrderBy(d => d.Location ?? default)
            .ThenBy(d => d.Location is null ? d.Path : null, StringComparer.Ordinal).ThenBy(d => d.Location is null ? d.Line : 0)
            .ThenBy(d => d.Code, StringComparer.Ordinal)];
}
