using System.Globalization;
using System.Reflection;
using DockerRecord.Frontend.Trace;

namespace DockerRecord.Cli.Recording;

/// <summary>What <c>drec record</c> was asked to do.</summary>
sealed record RecordOptions(string Container, string TraceDirectory, long MaxFileSize);

/// <summary>
/// One recording session: prepares the hook in the container, runs the person's shell, turns each record the hook
/// writes into a trace record (with the files the command changed, the ports listening after it and the files an
/// editor saved), and at the end takes the final content of changed files and removes every trace of itself from the
/// container.
/// </summary>
sealed class SessionRecorder
{
    readonly Engine _engine;
    readonly ContainerCommands _commands;
    readonly string _containerId;
    readonly Docker.DotNet.Models.ContainerInspectResponse _container;
    readonly string _folder;
    readonly TraceWriter _writer;
    readonly TextWriter _log;
    ChangeTracker _tracker = null!;
    int? _topLevel;
    string? _topPid;
    int? _exitStatus;
    int _seq;
    readonly System.Threading.Channels.Channel<(SpoolRecord Record, FileChanges Changes, IReadOnlyDictionary<string, string>? Packages)> _taken =
        System.Threading.Channels.Channel.CreateUnbounded<(SpoolRecord, FileChanges, IReadOnlyDictionary<string, string>?)>();
    static readonly bool s_debug = Environment.GetEnvironmentVariable("DREC_DEBUG") == "1";
    volatile bool _typedExit; // drec typed `exit` at the end of piped input: not the person's command
    readonly HashSet<string> _attributed = new(StringComparer.Ordinal);
    readonly HashSet<string> _captured = new(StringComparer.Ordinal);

    SessionRecorder(Engine engine, ContainerCommands commands, Docker.DotNet.Models.ContainerInspectResponse container, string folder, TraceWriter writer, TextWriter log, long maxFileSize)
    {
        _container = container;
        var containerId = container.ID;
        _maxFileSize = maxFileSize;
        _engine = engine;
        _commands = commands;
        _containerId = containerId;
        _folder = folder;
        _writer = writer;
        _log = log;
    }

    public static string DrecVersion =>
        typeof(SessionRecorder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    public static async Task<int> RunAsync(RecordOptions options, Stream input, Stream output, TextWriter log, CancellationToken cancellation)
    {
        using var engine = await Engine.ConnectAsync(cancellation);
        var container = await engine.RunningContainerAsync(options.Container, cancellation);
        var commands = new ContainerCommands(engine.Client, container.ID);
        var (bash, bashVersion) = await DetectBashAsync(commands, options.Container, cancellation);
        var version = await engine.VersionAsync(cancellation);
        var session = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 6));
        var portsAtStart = await PortProbe.ProbeAsync(commands, cancellation);
        var packagesAtStart = await PackageProbe.ProbeAsync(commands, cancellation);
        var digests = await engine.RepoDigestsAsync(container.Image, cancellation);
        // what a drec killed earlier left in this container goes first (a running session keeps its folder)
        var stale = await SessionFolder.RemoveStaleAsync(commands, cancellation);
        if (stale.Count > 0)
            log.WriteLine($"drec: removed what an earlier drec left in '{options.Container}' when it was killed: {string.Join(", ", stale)}");
        var (folder, ack) = await SessionFolder.CreateAsync(engine.Client, container.ID, session, cancellation);
        TraceWriter writer;
        try
        {
            writer = StartSession(options, container, bash, bashVersion, version, portsAtStart, digests);
            if (packagesAtStart is not null) writer.AddPackageSnapshot(PackageProbe.Manager, 0, packagesAtStart);
        }
        catch
        {
            ack.Dispose();
            await SessionFolder.RemoveAsync(commands, folder);
            throw;
        }
        using (writer)
        {
            var recorder = new SessionRecorder(engine, commands, container, folder, writer, log, options.MaxFileSize);
            return await recorder.RecordAsync(bash, session, ack, input, output, cancellation);
        }
    }

    static TraceWriter StartSession(RecordOptions options, Docker.DotNet.Models.ContainerInspectResponse container, string bash,
        string bashVersion, Docker.DotNet.Models.VersionResponse version, IReadOnlyList<ListeningPort> portsAtStart, IReadOnlyList<string>? digests) =>
        TraceWriter.StartSession(options.TraceDirectory, number => new SessionInfo
        {
            Number = number,
            ContainerId = container.ID,
            ContainerName = container.Name.TrimStart('/'),
            ImageReference = container.Config?.Image,
            ImageId = container.Image,
            ImageDigests = digests,
            EngineVersion = version.Version,
            ApiVersion = version.APIVersion,
            Shell = bash,
            ShellVersion = bashVersion,
            Start = DateTimeOffset.UtcNow,
            DrecVersion = DrecVersion,
            PortsAtStart = portsAtStart,
        });

    async Task<int> RecordAsync(string bash, string session, AckChannel keeper, Stream input, Stream output, CancellationToken cancellation)
    {
        var interactive = Terminal.InputIsTerminal;
        _log.WriteLine($"drec: recording '{_writer.Info.ContainerName}' into {_writer.SessionDirectory}; type `exit` to finish " +
            $"(Ctrl-] Ctrl-] detaches){(interactive ? "" : " [input is not a terminal: replaying it]")}");
        long exitCode = -1;
        try
        {
            using var ack = keeper;
            _tracker = await ChangeTracker.StartAsync(_engine.Client, _container, _folder, cancellation);
            await using var follower = await SpoolFollower.StartAsync(_engine.Client, _commands, _containerId, _folder + "/events", cancellation);
            var processing = ProcessAsync(follower, ack, cancellation);
            var writing = WriteRecordsAsync(cancellation);

            var env = new List<string> { $"TERM={Environment.GetEnvironmentVariable("TERM") ?? "xterm"}", $"DREC_DIR={_folder}", $"DREC_SESSION={session}" };
            exitCode = await InteractiveShell.RunAsync(_engine.Client, _containerId, [bash, "--rcfile", _folder + "/rc", "-i"], env,
                input, output, interactive, () => _typedExit = true, cancellation);

            // records may still be on their way: take them all, up to the shell's exit record, and write them
            await Task.WhenAny(processing, Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None));
            _taken.Writer.TryComplete();
            await Task.WhenAny(writing, Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None));
        }
        finally
        {
            await FinishAsync((int)exitCode);
        }
        return 0;
    }

    async Task ProcessAsync(SpoolFollower follower, AckChannel ack, CancellationToken cancellation)
    {
        await foreach (var record in follower.Records.ReadAllAsync(cancellation))
        {
            if (s_debug) _log.WriteLine("drec: debug: " + string.Join(" ", record.Fields.Select(f => f.Key + "=" + f.Value.Replace("\n", "\\n"))));
            try
            {
                switch (record.Kind)
                {
                    case "start":
                        OnStart(record);
                        break;
                    case "cmd":
                        await TakeChangesAsync(record, ack, cancellation);
                        break;
                    // only the session's own shell ends it (a subshell or nested shell may write an exit record too)
                    case "exit" when record.Get("pid") is var pid && (pid is null || pid == _topPid):
                        _exitStatus = Int(record, "status");
                        _taken.Writer.TryComplete();
                        return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // one bad record must not cost the rest of the session
                _log.WriteLine($"drec: warning: could not record a command fully: {e.Message}");
            }
        }
    }

    void OnStart(SpoolRecord record)
    {
        var level = Int(record, "shlvl");
        if (_topLevel is not null) return; // a nested shell: its commands are flagged as such
        _topLevel = level;
        _topPid = record.Get("pid");
        var env = Variables(record);
        _writer.UpdateInfo(info => info with
        {
            ShellVersion = record.Get("bash") ?? info.ShellVersion,
            User = record.Get("user"),
            InitialUid = Int(record, "uid"),
            InitialDirectory = record.Get("pwd"),
            Environment = env,
        });
    }

    /// <summary>
    /// The part of a command's record that the next prompt waits for: its container diff. The rest (ports, edited
    /// files, the trace line) follows in <see cref="WriteRecordsAsync"/>, in order, while the person types on.
    /// </summary>
    async Task TakeChangesAsync(SpoolRecord record, AckChannel ack, CancellationToken cancellation)
    {
        if (_typedExit && record.Get("cmd") is "exit" or "exit\n")
        {
            await ack.SendAsync(cancellation);
            return;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var changes = await _tracker.NextAsync(cancellation);
        // the installed versions, only when dpkg's database changed, and before the next prompt: the next command
        // must not be able to change them first (an install takes seconds; the probe a few milliseconds)
        var packages = PackageProbe.Touches(changes) ? await PackageProbe.ProbeAsync(_commands, cancellation) : null;
        await ack.SendAsync(cancellation);
        if (s_debug) _log.WriteLine($"drec: debug: diff and acknowledgement {clock.Elapsed.TotalMilliseconds:F0} ms");
        foreach (var path in changes.Added.Concat(changes.Changed).Concat(changes.Deleted)) _attributed.Add(path);
        await _taken.Writer.WriteAsync((record, changes, packages), cancellation);
    }

    async Task WriteRecordsAsync(CancellationToken cancellation)
    {
        await foreach (var (record, changes, packages) in _taken.Reader.ReadAllAsync(cancellation))
        {
            try
            {
                await WriteRecordAsync(record, changes, packages, cancellation);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.WriteLine($"drec: warning: could not record a command fully: {e.Message}");
            }
        }
    }

    async Task WriteRecordAsync(SpoolRecord record, FileChanges changes, IReadOnlyDictionary<string, string>? packages, CancellationToken cancellation)
    {
        var ports = await PortProbe.ProbeAsync(_commands, cancellation);
        // every shell of the session (nested ones too) counts its own lines: the trace numbers them in arrival order
        var seq = ++_seq;
        var captures = await CaptureEditedFilesAsync(record, seq, cancellation);

        var envSet = Variables(record);
        var status = Int(record, "status") ?? 0;
        var flags = new List<string>();
        if (record.Get("pid") != _topPid) flags.Add("nested_shell");
        if (record.HasInvalidUtf8) flags.Add("invalid_utf8");
        // the hook's own doubts about a record: text lost (history -c), a prompt it missed, a status it got late
        foreach (var (field, flag) in new[] { ("cmd_unknown", "cmd_unknown"), ("missed", "missed_prompt"), ("late", "late_status") })
            if (record.Get(field) == "1") flags.Add(flag);
        foreach (var path in record.GetAll("capture_error")) flags.Add("capture_failed:" + path);

        _writer.Append(new CommandRecord
        {
            Seq = seq,
            // history keeps the line break that ends a typed here-document; no other line keeps its Enter
            Cmd = (record.Get("cmd") ?? "").TrimEnd('\n'),
            Ran = record.Get("ran") != "0",
            Interrupted = status == 130,
            Status = status,
            Pipestatus = (record.Get("pipestatus") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => int.TryParse(s, out var n) ? n : -1).ToList(),
            User = record.Get("user"),
            Uid = Int(record, "uid"),
            Euid = Int(record, "euid"),
            CwdBefore = record.Get("pwd_before"),
            Cwd = record.Get("pwd"),
            EnvSet = envSet,
            EnvUnset = record.GetAll("unenv").ToList(),
            Start = Time(record.Get("t0")),
            End = Time(record.Get("t1")),
            Shlvl = Int(record, "shlvl"),
            Changes = changes,
            Ports = ports,
            Flags = flags,
            Captures = captures,
        });
        // after the command's line, which gives it its number
        if (packages is not null) _writer.AddPackageSnapshot(PackageProbe.Manager, seq, packages);
    }

    /// <summary>Copies that the hook made of files an editor saved, taken when the editor exited.</summary>
    async Task<IReadOnlyList<string>> CaptureEditedFilesAsync(SpoolRecord record, int seq, CancellationToken cancellation)
    {
        var originals = record.GetAll("capture").ToList();
        var copies = record.GetAll("capture_file").ToList();
        if (originals.Count == 0) return [];
        var files = await ContainerFiles.ReadAsync(_engine.Client, _containerId, copies.Select(c => $"{_folder}/files/{c}").ToList(), cancellation);
        var captured = new List<string>();
        for (var i = 0; i < Math.Min(originals.Count, copies.Count); i++)
        {
            var copy = files.FirstOrDefault(f => f.Path == $"{_folder}/files/{copies[i]}");
            if (copy is null) continue;
            _writer.AddFile(new CapturedFile
            {
                Path = originals[i], Reason = "editor", Seq = seq, Type = "file", Mode = copy.Mode & 0xFFF, Uid = copy.Uid, Gid = copy.Gid,
            }, copy.Content);
            _captured.Add(originals[i]);
            captured.Add(originals[i]);
        }
        return captured;
    }

    /// <summary>The final diff, the final content of changed files no command explains, the end time, and cleanup.</summary>
    async Task FinishAsync(int exitCode)
    {
        try
        {
            await TakeFinalFilesAsync();
            await TakeFinalPackagesAsync();
        }
        finally
        {
            _writer.UpdateInfo(info => info with { End = DateTimeOffset.UtcNow, ExitStatus = _exitStatus ?? exitCode });
            try
            {
                // the helpers that follow the spool and feed the FIFO name the folder: stop them, then remove it
                await SessionFolder.RemoveAsync(_commands, _folder);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.WriteLine($"drec: warning: could not remove {_folder} from the container: {e.Message}");
            }
        }
    }

    async Task TakeFinalFilesAsync()
    {
        try
        {
            var rest = await _tracker.NextAsync(CancellationToken.None);
            var candidates = FinalFileCandidates(rest);
            if (candidates.Count > 0)
            {
                foreach (var file in await ContainerFiles.ReadAsync(_engine.Client, _containerId, candidates, CancellationToken.None))
                {
                    var entry = new CapturedFile
                    {
                        Path = file.Path, Reason = "final", Type = file.Type.ToString().ToLowerInvariant(),
                        Mode = file.Mode & 0xFFF, Uid = file.Uid, Gid = file.Gid, LinkTarget = file.LinkTarget,
                    };
                    if (file.Type is System.Formats.Tar.TarEntryType.RegularFile or System.Formats.Tar.TarEntryType.V7RegularFile)
                    {
                        if (file.Content.LongLength <= _maxFileSize) _writer.AddFile(entry, file.Content);
                    }
                    else _writer.AddEntry(entry);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.WriteLine($"drec: warning: could not take the final files: {e.Message}");
        }
    }

    /// <summary>
    /// The installed packages once more at the end (a snapshot equal to the last one adds nothing): a second change
    /// to dpkg's status file in one session shows no new change in the container diff, so a command may have been missed.
    /// </summary>
    async Task TakeFinalPackagesAsync()
    {
        try
        {
            if (await PackageProbe.ProbeAsync(_commands, CancellationToken.None) is { } packages)
                _writer.AddPackageSnapshot(PackageProbe.Manager, _seq, packages);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.WriteLine($"drec: warning: could not take the installed packages: {e.Message}");
        }
    }

    readonly long _maxFileSize;

    /// <summary>Changed files that no recorded command explains: changed behind the session's back, or only seen at the end.</summary>
    List<string> FinalFileCandidates(FileChanges rest) =>
        _tracker.Current
            .Where(c => c.Value != Docker.DotNet.Models.FileSystemChangeKind.Delete)
            .Select(c => c.Key)
            .Where(path => !_tracker.Baseline.Contains(path) && !_attributed.Contains(path) && !_captured.Contains(path) && !IsNoise(path))
            .Concat(rest.Added.Concat(rest.Changed).Where(p => !IsNoise(p)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    static readonly string[] s_noise = ["/tmp", "/run", "/var/log", "/var/cache", "/var/lib/apt/lists", "/proc", "/sys", "/dev", "/root/.bash_history"];

    static bool IsNoise(string path) => s_noise.Any(n => path == n || path.StartsWith(n + "/", StringComparison.Ordinal));

    static async Task<(string Path, string Version)> DetectBashAsync(ContainerCommands commands, string container, CancellationToken cancellation)
    {
        var result = await commands.ShellAsync("command -v bash && bash -c 'echo \"$BASH_VERSION\"'", cancellation);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (result.ExitCode != 0 || lines.Length < 2)
            throw new RecorderException($"container '{container}' has no bash; drec records bash sessions (busybox ash and others are not supported yet)");
        var version = lines[1];
        if (!Version.TryParse(string.Concat(version.TakeWhile(c => char.IsDigit(c) || c == '.')), out var parsed) || parsed < new Version(4, 4))
            throw new RecorderException($"container '{container}' has bash {version}; drec needs bash 4.4 or newer");
        return (lines[0], version);
    }

    /// <summary>The record's <c>env=NAME=value</c> fields (a full snapshot in a start record, a delta in a command's).</summary>
    static Dictionary<string, string> Variables(SpoolRecord record)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in record.GetAll("env"))
        {
            var eq = entry.IndexOf('=');
            if (eq > 0) variables[entry[..eq]] = entry[(eq + 1)..];
        }
        return variables;
    }

    static int? Int(SpoolRecord record, string key) =>
        int.TryParse(record.Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    static DateTimeOffset? Time(string? microseconds) =>
        long.TryParse(microseconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var us)
            ? DateTimeOffset.UnixEpoch.AddTicks(us * 10)
            : null;
}
