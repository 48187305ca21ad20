using System.Text;
using DockerRecord.Frontend.Trace;

namespace DockerRecord.UnitTests.Support;

/// <summary>
/// Writes small traces for compiler tests: commands typed in order, with the working directory, user and exported
/// variables carried from one to the next the way the recorder does. <see cref="Build"/> writes the trace with the
/// real <see cref="TraceWriter"/> into a temporary folder and reads it back with <see cref="TraceReader"/>, so tests
/// see exactly what <c>drec compile</c> would.
/// </summary>
public sealed class TraceBuilder
{
    readonly List<Session> _sessions = [];
    readonly string _image;

    public TraceBuilder(string image = "debian:bookworm")
    {
        _image = image;
        NewSession();
    }

    sealed class Session
    {
        public readonly List<CommandRecord> Commands = [];
        public readonly List<(CapturedFile File, byte[]? Content)> Files = [];
        public IReadOnlyList<ListeningPort> PortsAtStart = [];
        public IReadOnlyList<string>? ImageDigests;
        public readonly List<(int Seq, Dictionary<string, string> Packages)> Snapshots = [];
        public string Cwd = "/";
        public string User = "root";
        public int Uid;
    }

    Session Current => _sessions[^1];

    /// <summary>Starts the next session (a new shell: back in the initial folder, as root, with no exports).</summary>
    public TraceBuilder NewSession()
    {
        _sessions.Add(new Session());
        return this;
    }

    /// <summary>
    /// A command line as typed. <paramref name="edit"/> sets what it did (status, changes, ports…); a new
    /// <c>Cwd</c> or <c>User</c> carries on to the next commands.
    /// </summary>
    public TraceBuilder Command(string cmd, Func<CommandRecord, CommandRecord>? edit = null)
    {
        var session = Current;
        var record = new CommandRecord
        {
            Seq = session.Commands.Count + 1,
            Cmd = cmd,
            User = session.User,
            Uid = session.Uid,
            Euid = session.Uid,
            CwdBefore = session.Cwd,
            Cwd = session.Cwd,
            Start = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero).AddSeconds(session.Commands.Count * 10),
            End = new DateTimeOffset(2026, 1, 1, 12, 0, 1, TimeSpan.Zero).AddSeconds(session.Commands.Count * 10),
        };
        record = edit?.Invoke(record) ?? record;
        session.Commands.Add(record);
        session.Cwd = record.Cwd ?? session.Cwd;
        session.User = record.User ?? session.User;
        session.Uid = record.Uid ?? session.Uid;
        return this;
    }

    /// <summary>Sockets already listening when the current session started (the host's, with --network host).</summary>
    public TraceBuilder PortsAtStart(params ListeningPort[] ports)
    {
        Current.PortsAtStart = ports;
        return this;
    }

    /// <summary>
    /// A snapshot of the installed packages (<c>name=version</c>) after the last command, or at session start before
    /// any: the last snapshot's packages with these added or changed, as the recorder's packages.json would hold them.
    /// </summary>
    public TraceBuilder Installed(params string[] packages)
    {
        var state = new Dictionary<string, string>(Current.Snapshots.Count > 0 ? Current.Snapshots[^1].Packages : [], StringComparer.Ordinal);
        foreach (var package in packages)
        {
            var eq = package.IndexOf('=');
            state[package[..eq]] = package[(eq + 1)..];
        }
        Current.Snapshots.Add((Current.Commands.Count, state));
        return this;
    }

    /// <summary>The registry digests of the session's image (<c>debian@sha256:…</c>); none given: a local image.</summary>
    public TraceBuilder ImageDigests(params string[] digests)
    {
        Current.ImageDigests = digests;
        return this;
    }

    /// <summary>Switches user for the commands that follow (as a nested <c>su</c> shell would record them).</summary>
    public TraceBuilder As(string user, int uid, string? home = null)
    {
        Current.User = user;
        Current.Uid = uid;
        if (home is not null) Current.Cwd = home;
        return this;
    }

    /// <summary>A file captured with its content: saved in an editor by the last command, or at session end.</summary>
    public TraceBuilder Capture(string path, string content, string reason = "editor", int mode = 0x1A4 /* 0644 */, int uid = 0, int gid = 0)
    {
        var seq = reason == "editor" ? Current.Commands.Count : (int?)null;
        Current.Files.Add((new CapturedFile { Path = path, Reason = reason, Seq = seq, Type = "file", Mode = mode, Uid = uid, Gid = gid }, Encoding.UTF8.GetBytes(content)));
        if (reason == "editor" && Current.Commands.Count > 0)
        {
            var last = Current.Commands[^1];
            Current.Commands[^1] = last with { Captures = [.. last.Captures, path] };
        }
        return this;
    }

    /// <summary>A symbolic link the session left behind, found at session end (a <c>final</c> entry).</summary>
    public TraceBuilder Link(string path, string target)
    {
        Current.Files.Add((new CapturedFile { Path = path, Reason = "final", Type = "symboliclink", Mode = 0x1FF, LinkTarget = target }, null));
        return this;
    }

    /// <summary>A folder the session left behind, found at session end (a <c>final</c> entry).</summary>
    public TraceBuilder Folder(string path, int mode = 0x1ED /* 0755 */, int uid = 0, int gid = 0)
    {
        Current.Files.Add((new CapturedFile { Path = path, Reason = "final", Type = "directory", Mode = mode, Uid = uid, Gid = gid }, null));
        return this;
    }

    /// <summary>Writes the trace to <paramref name="directory"/> (which must not exist or be empty).</summary>
    public string WriteTo(string directory)
    {
        foreach (var session in _sessions)
        {
            using var writer = TraceWriter.StartSession(directory, number => new SessionInfo
            {
                Number = number,
                ContainerId = "0123456789ab",
                ContainerName = "demo",
                ImageReference = _image,
                ImageId = "sha256:0000000000000000000000000000000000000000000000000000000000000000",
                Shell = "/bin/bash",
                ShellVersion = "5.2.15(1)-release",
                User = "root",
                InitialDirectory = "/",
                InitialUid = 0,
                PortsAtStart = session.PortsAtStart,
                ImageDigests = session.ImageDigests,
                Start = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero),
                End = new DateTimeOffset(2026, 1, 1, 13, 0, 0, TimeSpan.Zero),
                DrecVersion = "test",
            });
            foreach (var command in session.Commands) writer.Append(command);
            foreach (var (seq, packages) in session.Snapshots) writer.AddPackageSnapshot("dpkg", seq, packages);
            foreach (var (file, content) in session.Files)
                if (content is null) writer.AddEntry(file);
                else writer.AddFile(file, content);
        }
        return directory;
    }

    /// <summary>Writes the trace to a fresh temporary folder and reads it back.</summary>
    public TraceContent Build()
    {
        var directory = Path.Combine(Path.GetTempPath(), "drec-test-" + Guid.NewGuid().ToString("N")[..12]);
        WriteTo(directory);
        var result = TraceReader.Read(directory);
        return result.Trace ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    }
}
