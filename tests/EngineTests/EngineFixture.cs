using System.Diagnostics;

namespace DockerRecord.EngineTests;

/// <summary>
/// Makes sure a Docker engine with the debian:bookworm image is up (scripts/engine-up.sh, idempotent and locked),
/// and gives each test a fresh container of its own, removed afterwards.
/// </summary>
public sealed class EngineFixture
{
    public static string RepositoryRoot { get; } = FindRoot();

    public EngineFixture()
    {
        var result = Run("bash", [Path.Combine(RepositoryRoot, "scripts", "engine-up.sh")], timeout: TimeSpan.FromMinutes(15));
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"scripts/engine-up.sh failed ({result.ExitCode}):\n{result.Stderr}");
    }

    /// <summary>The JIT build of drec next to the tests.</summary>
    public static string DrecDll { get; } = Path.Combine(AppContext.BaseDirectory, "drec.dll");

    /// <summary>
    /// The native binary that <c>DREC_BIN</c> names (<c>dotnet publish src/Cli -c Release -r linux-x64</c>; .ci/run
    /// publishes one and runs these tests with it), or null: then the tests run the JIT build.
    /// </summary>
    public static string? NativeDrec { get; } = FindNativeDrec();

    /// <summary>
    /// The command line that starts the drec under test, arguments to follow: the native binary, or
    /// <c>dotnet drec.dll</c>. Every test that runs drec as a process goes through it, so the same sessions test both.
    /// </summary>
    public static IReadOnlyList<string> Drec { get; } = NativeDrec is { } native ? [native] : ["dotnet", DrecDll];

    /// <summary>Runs the drec under test with <paramref name="args"/>.</summary>
    public static ProcessResult RunDrec(IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null,
        IDictionary<string, string>? env = null) =>
        Run(Drec[0], [.. Drec.Skip(1), .. args], stdin, timeout, env);

    static string? FindNativeDrec()
    {
        var path = Environment.GetEnvironmentVariable("DREC_BIN");
        if (string.IsNullOrEmpty(path)) return null;
        path = Path.GetFullPath(path);
        // a wrong path must fail the run, not quietly test the JIT build instead
        if (!File.Exists(path) || !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) == 0)
            throw new InvalidOperationException($"DREC_BIN={path}: no executable file there (publish it with `dotnet publish src/Cli -c Release -r linux-x64`)");
        return path;
    }

    /// <summary>Starts a new debian:bookworm container that sleeps; dispose it to remove it.</summary>
    public TestContainer NewContainer()
    {
        var name = "drec-test-" + Guid.NewGuid().ToString("N")[..10];
        var result = Run("docker", ["run", "-d", "--name", name, "--network", "host", "debian:bookworm", "sleep", "infinity"]);
        if (result.ExitCode != 0) throw new InvalidOperationException($"docker run failed: {result.Stderr}");
        return new TestContainer(name);
    }

    public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

    public static ProcessResult Run(string file, IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null,
        IDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in env ?? new Dictionary<string, string>()) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish");
        }
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DockerRecord.sln"))) return dir.FullName;
        throw new InvalidOperationException("DockerRecord.sln not found above the test binaries");
    }
}

/// <summary>A container made for one test.</summary>
public sealed class TestContainer(string name) : IDisposable
{
    public string Name { get; } = name;

    /// <summary>Runs a command in the container (docker exec) and returns its output.</summary>
    public EngineFixture.ProcessResult Exec(params string[] command) => EngineFixture.Run("docker", ["exec", Name, .. command]);

    public void Dispose() => EngineFixture.Run("docker", ["rm", "-f", Name]);
}

[CollectionDefinition("engine")]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>;
