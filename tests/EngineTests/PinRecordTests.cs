using DockerRecord.Frontend.Trace;

namespace DockerRecord.EngineTests;

/// <summary>
/// The recorder keeps what <c>drec compile --pin</c> and <c>--pin-base</c> need: the installed packages' versions
/// (packages.json) and the image's registry digests (none here: debian:bookworm is imported by scripts/engine-up.sh).
/// </summary>
[Collection("engine")]
[Trait("Category", "Engine")]
public sealed class PinRecordTests(EngineFixture engine) : IDisposable
{
    readonly string _traces = Directory.CreateTempSubdirectory("drec-pin-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    static EngineFixture.ProcessResult Drec(string? stdin, params string[] args) =>
        EngineFixture.RunDrec(args, stdin, TimeSpan.FromMinutes(5));

    [Fact]
    public void An_install_is_recorded_with_the_versions_dpkg_has_and_compile_pin_writes_them()
    {
        using var container = engine.NewContainer();
        var trace = Path.Combine(_traces, "t.drec");
        // apt-get's input is the replayed one: without </dev/null dpkg would read the lines after it
        var run = Drec("apt-get update -qq\napt-get install -y -qq file </dev/null >/dev/null\necho done > /root/done\n", "record", container.Name, "--trace", trace);
        Assert.True(run.ExitCode == 0, run.Stderr);

        var result = TraceReader.Read(trace);
        Assert.Empty(result.Diagnostics);
        var session = Assert.Single(result.Trace!.Sessions);
        Assert.Equal(["apt-get update -qq", "apt-get install -y -qq file </dev/null >/dev/null", "echo done > /root/done"], session.Commands.Select(c => c.Cmd));
        Assert.True(session.Commands[1].Status == 0, "apt-get install failed: is the Debian mirror reachable?");
        // an imported image: the engine knows no registry digest for it
        Assert.Equal([], session.Info.ImageDigests);

        // at the start without `file`; right after the install (seq 2) with it, as dpkg-query in the container says
        Assert.Equal(0, session.Packages[0].Seq);
        Assert.DoesNotContain("file", session.Packages[0].Packages.Keys);
        Assert.Contains("apt", session.Packages[0].Packages.Keys);
        var afterInstall = Assert.Single(session.Packages, p => p.Seq == 2);
        var installed = container.Exec("dpkg-query", "-W", "-f", "${Version}", "file");
        Assert.Equal(0, installed.ExitCode);
        Assert.False(string.IsNullOrEmpty(installed.Stdout));
        Assert.Equal(installed.Stdout, afterInstall.Packages["file"]);
        // nothing changed dpkg's database after that: no other snapshot
        Assert.Equal([0, 2], session.Packages.Select(p => p.Seq));

        var dockerfile = Path.Combine(_traces, "out", "Dockerfile");
        var compile = Drec(null, "compile", trace, "-o", dockerfile, "--pin", "--pin-base");
        Assert.True(compile.ExitCode == 0, compile.Stderr);
        var text = File.ReadAllText(dockerfile);
        Assert.Contains($"apt-get install -y -qq file={installed.Stdout} </dev/null >/dev/null", text);
        Assert.StartsWith("FROM debian:bookworm\n", text);
        Assert.Contains("warning DR3003: --pin-base: FROM debian:bookworm stays as it is: the image was built or imported locally", compile.Stderr);
        Assert.DoesNotContain("DR3042", compile.Stderr);

        // the pinned Dockerfile builds: the versions were recorded from the same mirror minutes ago
        var tag = "drec-pin-record:test";
        try
        {
            var build = EngineFixture.Run("/usr/bin/docker", ["build", "--network", "host", "-q", "-t", tag, Path.GetDirectoryName(dockerfile)!],
                timeout: TimeSpan.FromMinutes(10), env: new Dictionary<string, string> { ["DOCKER_BUILDKIT"] = "1" });
            Assert.True(build.ExitCode == 0, $"docker build of the --pin Dockerfile failed:\n{build.Stderr}");
            var inImage = EngineFixture.Run("/usr/bin/docker", ["run", "--rm", "--network", "host", tag, "dpkg-query", "-W", "-f", "${Version}", "file"]);
            Assert.Equal(installed.Stdout, inImage.Stdout);
        }
        finally
        {
            EngineFixture.Run("/usr/bin/docker", ["rmi", "-f", tag]);
        }

        // without --pin the analyzer suggests the same pin
        var plain = Drec(null, "compile", trace, "-o", dockerfile);
        Assert.Contains($"the container had `file={installed.Stdout}` (`drec compile --pin` writes it)", plain.Stderr);
    }

    [Fact]
    public void A_container_without_dpkg_records_no_packages_and_no_error()
    {
        using var container = engine.NewContainer();
        Assert.Equal(0, container.Exec("mv", "/usr/bin/dpkg-query", "/usr/bin/dpkg-query.off").ExitCode);
        var trace = Path.Combine(_traces, "t.drec");
        var run = Drec("touch /root/x\n", "record", container.Name, "--trace", trace);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.DoesNotContain("warning", run.Stderr);

        var result = TraceReader.Read(trace);
        Assert.Empty(result.Diagnostics);
        var session = Assert.Single(result.Trace!.Sessions);
        Assert.Empty(session.Packages);
        Assert.False(File.Exists(Path.Combine(session.Directory, TraceLayout.PackagesFile)));
    }
}
