using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace DockerRecord.EngineTests;

/// <summary>
/// Every golden baseline (tests/Baselines/NAME) is a Dockerfile that builds: the drec under test
/// (<see cref="EngineFixture.Drec"/>: the native binary in .ci/run) compiles its trace with the options the baseline
/// test uses (options.json), the Dockerfile must be byte for byte the baseline's, and the real engine builds it with the
/// build context drec wrote. The traces are realistic sessions for this: a script that runs was created before,
/// a program that runs was installed. What they downloaded comes from <see cref="BaselineServer"/>; the base image
/// <c>debian:latest</c> (analyzer-findings shows DR5006 for it) is debian:bookworm tagged again, as no registry is
/// reachable. Build secrets get a dummy value each.
/// </summary>
[Collection("engine")]
[Trait("Category", "Engine")]
public sealed partial class BaselineBuildTests(EngineFixture engine, BaselineServer server, ITestOutputHelper output)
    : IClassFixture<BaselineServer>, IDisposable
{
    static readonly string s_baselines = Path.Combine(EngineFixture.RepositoryRoot, "tests", "Baselines");

    /// <summary>Base images of the baselines that no registry gives here, and the local image that stands in for each.</summary>
    static readonly Dictionary<string, string> s_standIns = new() { ["debian:latest"] = "debian:bookworm" };

    readonly string _context = Directory.CreateTempSubdirectory("drec-baseline-build-").FullName;

    public void Dispose() => Directory.Delete(_context, recursive: true);

    /// <summary>
    /// Baselines whose Dockerfile refers to a moment or a registry this machine cannot have, and where their build is
    /// proved instead. Only these are left out; <see cref="Every_baseline_left_out_exists"/> keeps the list honest.
    /// </summary>
    static readonly Dictionary<string, string> s_notBuiltHere = new()
    {
        // versions recorded on another day (the mirror keeps only current ones) and a registry digest (no registry
        // here): PinRecordTests records a session now, compiles it with --pin and builds that
        ["pin"] = "PinRecordTests",
    };

    public static TheoryData<string> Cases() =>
        [.. Directory.EnumerateDirectories(s_baselines).Where(d => Directory.Exists(Path.Combine(d, "trace")))
            .Select(d => Path.GetFileName(d)!).Where(name => !s_notBuiltHere.ContainsKey(name)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_baseline_left_out_exists()
    {
        foreach (var name in s_notBuiltHere.Keys)
            Assert.True(Directory.Exists(Path.Combine(s_baselines, name, "trace")), $"tests/Baselines/{name} is listed as not built here but does not exist");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_baseline_Dockerfile_builds(string name)
    {
        _ = (engine, server);
        var folder = Path.Combine(s_baselines, name);
        // compiled by the drec under test (the native binary in .ci/run), which writes the build context too
        var dockerfilePath = Path.Combine(_context, "Dockerfile");
        var compile = EngineFixture.RunDrec(["compile", Path.Combine(folder, "trace"), "-o", dockerfilePath, .. BaselineFlags.Of(folder)]);
        var expected = File.ReadAllBytes(Path.Combine(folder, "Dockerfile"));
        if (compile.ExitCode == 1 && !File.Exists(dockerfilePath))
        {
            // a baseline of a trace drec refuses has no Dockerfile to build
            Assert.StartsWith("# no Dockerfile", Encoding.UTF8.GetString(expected));
            return;
        }
        Assert.True(compile.ExitCode == 0, $"drec compile of tests/Baselines/{name}/trace failed ({compile.ExitCode}):\n{compile.Stderr}");
        var dockerfile = File.ReadAllText(dockerfilePath);
        Assert.True(expected.SequenceEqual(File.ReadAllBytes(dockerfilePath)),
            $"tests/Baselines/{name}/Dockerfile differs from what drec compiles now: run the baseline tests first");

        // tagged for this build only: an image named debian:latest must not linger for other tests to find
        var tagged = FromImages(dockerfile).Where(i => s_standIns.ContainsKey(i) && !ImageExists(i)).ToList();
        foreach (var image in tagged)
            Docker("tag", s_standIns[image], image);
        var secrets = SecretIds(dockerfile).ToDictionary(id => id, id => "dummy-" + id.ToLowerInvariant());
        var tag = $"drec-baseline-{name}:test";
        try
        {
            var clock = Stopwatch.StartNew();
            var build = EngineFixture.Run("/usr/bin/docker",
                ["build", "--network", "host", .. BaselineServer.AddHostArguments,
                    .. secrets.Keys.SelectMany(id => new[] { "--secret", $"id={id},env={id}" }),
                    "--progress", "plain", "-t", tag, "-f", dockerfilePath, _context],
                timeout: TimeSpan.FromMinutes(10),
                env: new Dictionary<string, string>(secrets) { ["DOCKER_BUILDKIT"] = "1", ["DOCKER_HOST"] = "unix:///var/run/docker.sock" });
            output.WriteLine($"{name}: built in {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.True(build.ExitCode == 0, $"docker build of tests/Baselines/{name}/Dockerfile failed ({build.ExitCode}):\n{Tail(build.Stderr + build.Stdout, 60)}");
        }
        finally
        {
            EngineFixture.Run("docker", ["rmi", "-f", tag]);
            foreach (var image in tagged) EngineFixture.Run("docker", ["rmi", image]);
        }
    }

    static IEnumerable<string> FromImages(string dockerfile) =>
        FromLine().Matches(dockerfile).Select(m => m.Groups["image"].Value).Distinct();

    static IEnumerable<string> SecretIds(string dockerfile) =>
        SecretMount().Matches(dockerfile).Select(m => m.Groups["id"].Value).Distinct(StringComparer.Ordinal);

    static bool ImageExists(string image) => EngineFixture.Run("docker", ["image", "inspect", image]).ExitCode == 0;

    static void Docker(params string[] args)
    {
        var result = EngineFixture.Run("docker", args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)}: {result.Stderr}");
    }

    static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

    [GeneratedRegex(@"^FROM\s+(--platform=\S+\s+)?(?<image>\S+)", RegexOptions.Multiline)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"--mount=type=secret,id=(?<id>[A-Za-z0-9_.-]+)")]
    private static partial Regex SecretMount();
}
