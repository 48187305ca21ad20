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

    /// <summary>The drec build next to the tests.</summary>
    public static string DrecDll { get; } = Path.Combine(AppContext.BaseDirectory, "drec.dll");

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
