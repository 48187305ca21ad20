using DockerRecord.Frontend.Trace;

namespace DockerRecord.EngineTests;

/// <summary>
/// One end-to-end run the way a user works: a session typed at a terminal through drec record (Scenarios/NAME.session,
/// typed by ../shared/tools/ptydrive.py), then drec compile, then a real build with the engine's own client
/// (BuildKit, host network), then containers of the image to look at.
/// </summary>
public sealed class Scenario : IDisposable
{
    readonly List<string> _containers = [];

    Scenario(string name, string work, TestContainer recorded)
    {
        Name = name;
        Work = work;
        Recorded = recorded;
        Image = "drec-e2e-" + name + ":" + Guid.NewGuid().ToString("N")[..8];
    }

    public string Name { get; }

    public string Work { get; }

    /// <summary>The container the session was typed into.</summary>
    public TestContainer Recorded { get; }

    public string Image { get; }

    public string TraceDirectory => Path.Combine(Work, Name + ".drec");

    public string OutputDirectory => Path.Combine(Work, "out");

    public string Dockerfile => File.ReadAllText(Path.Combine(OutputDirectory, "Dockerfile"));

    /// <summary>What drec compile printed on stderr (its diagnostics).</summary>
    public string CompileDiagnostics { get; private set; } = "";

    public TraceContent Trace => TraceReader.Read(TraceDirectory).Trace!;

    /// <summary>Types the session into drec record, compiles the trace, and builds the image.</summary>
    /// <param name="verifyInCompile">verify through <c>drec compile --verify</c> instead of a separate <c>drec verify</c>.</param>
    public static Scenario Run(EngineFixture engine, string name, string work, bool verifyInCompile = false)
    {
        var scenario = new Scenario(name, work, engine.NewContainer());
        scenario.Record();
        scenario.Compile(verifyInCompile);
        scenario.Build();
        if (!verifyInCompile) scenario.Verify();
        return scenario;
    }

    void Record()
    {
        var session = Path.Combine(EngineFixture.RepositoryRoot, "tests", "EngineTests", "Scenarios", Name + ".session");
        var run = EngineFixture.Run("python3", [PtyDrive, session, "--", .. EngineFixture.Drec, "record", Recorded.Name, "--trace", TraceDirectory],
            timeout: TimeSpan.FromMinutes(10), env: new Dictionary<string, string> { ["PTYDRIVE_QUIET"] = "1.0" });
        Assert.True(run.ExitCode == 0, $"drec record failed:\n{run.Stdout}\n{run.Stderr}");
    }

    void Compile(bool verify)
    {
        string[] args = ["compile", TraceDirectory, "-o", Path.Combine(OutputDirectory, "Dockerfile"), "--explain"];
        var run = EngineFixture.RunDrec(verify ? [.. args, "--verify", Recorded.Name] : args, timeout: TimeSpan.FromMinutes(15));
        CompileDiagnostics = run.Stderr;
        Assert.True(run.ExitCode == 0, $"drec compile failed ({run.ExitCode}):\n{run.Stderr}\n{run.Stdout}");
        if (verify)
        {
            VerifyReport = run.Stdout + run.Stderr;
            Assert.Contains("score 1.000", VerifyReport);
        }
    }

    void Build()
    {
        var run = EngineFixture.Run("/usr/bin/docker", ["build", "--network", "host", "-t", Image, OutputDirectory],
            timeout: TimeSpan.FromMinutes(15), env: new Dictionary<string, string> { ["DOCKER_BUILDKIT"] = "1" });
        Assert.True(run.ExitCode == 0, $"docker build failed:\n{Dockerfile}\n{run.Stderr}");
    }

    /// <summary>What drec verify printed: the build, the files compared with the recorded container, the CMD.</summary>
    public string VerifyReport { get; private set; } = "";

    /// <summary>drec verify must reproduce the recorded container exactly (score 1.0 after noise).</summary>
    void Verify()
    {
        var run = EngineFixture.RunDrec(["verify", Recorded.Name, OutputDirectory, "--trace", TraceDirectory],
            timeout: TimeSpan.FromMinutes(15));
        VerifyReport = run.Stdout + run.Stderr;
        Assert.True(run.ExitCode == 0, $"drec verify failed ({run.ExitCode}):\n{Dockerfile}\n{VerifyReport}");
        Assert.Contains("score 1.000", VerifyReport);
    }

    /// <summary>Starts a container of the image with its own CMD (host network, like the recorded one).</summary>
    public string Start()
    {
        var name = "drec-e2e-run-" + Guid.NewGuid().ToString("N")[..8];
        var run = EngineFixture.Run("docker", ["run", "-d", "--name", name, "--network", "host", Image]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        _containers.Add(name);
        return name;
    }

    /// <summary>Runs a one-off command in a new container of the image.</summary>
    public EngineFixture.ProcessResult RunInImage(params string[] command) =>
        EngineFixture.Run("docker", ["run", "--rm", "--network", "host", "--entrypoint", command[0], Image, .. command[1..]]);

    /// <summary>An HTTP GET to a port on the host network, from inside a container (bash's /dev/tcp: no curl needed).</summary>
    public static string HttpGet(string container, int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var get = EngineFixture.Run("docker", ["exec", container, "bash", "-c",
                $"exec 3<>/dev/tcp/127.0.0.1/{port} && printf 'GET / HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && cat <&3"]);
            if (get.ExitCode == 0 || DateTime.UtcNow > deadline) return get.Stdout + get.Stderr;
            Thread.Sleep(500);
        }
    }

    /// <summary>Content hash, owner and mode of a file, to compare the image with the recorded container.</summary>
    public static string FileIdentity(Func<string[], EngineFixture.ProcessResult> exec, string path)
    {
        var result = exec(["sh", "-c", $"sha256sum '{path}' | cut -d' ' -f1; stat -c '%U:%G %a %F' '{path}'"]);
        Assert.True(result.ExitCode == 0, $"{path}: {result.Stderr}");
        return result.Stdout.Trim();
    }

    /// <summary>Runs a command in a running container.</summary>
    public static EngineFixture.ProcessResult Exec(string container, string[] command) =>
        EngineFixture.Run("docker", ["exec", container, .. command]);

    /// <summary>The image's configuration field, e.g. User, WorkingDir, Env (as JSON).</summary>
    public string ImageConfig(string field) =>
        EngineFixture.Run("docker", ["image", "inspect", "--format", "{{json .Config." + field + "}}", Image]).Stdout.Trim();

    static string PtyDrive => Path.GetFullPath(Path.Combine(EngineFixture.RepositoryRoot, "..", "shared", "tools", "ptydrive.py"));

    public void Dispose()
    {
        foreach (var container in _containers) EngineFixture.Run("docker", ["rm", "-f", container]);
        Recorded.Dispose();
        EngineFixture.Run("docker", ["rmi", "-f", Image]);
    }
}
