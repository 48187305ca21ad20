using System.Text.Json;

namespace DockerRecord.EngineTests;

/// <summary>
/// <c>drec verify</c> against a real engine: containers changed by <c>docker exec</c> (not the recorder), and
/// Dockerfiles written by hand. No apt-get: file writes, useradd and chmod keep each build to seconds.
/// </summary>
[Collection("engine")]
[Trait("Category", "Engine")]
public sealed class VerifyTests(EngineFixture engine) : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("drec-verify-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    static EngineFixture.ProcessResult Drec(params string[] args) =>
        EngineFixture.RunDrec(args, timeout: TimeSpan.FromMinutes(5));

    /// <summary>A debian:bookworm container of this test's own, named drec-verify-… like everything verify makes.</summary>
    TestContainer NewContainer()
    {
        _ = engine;
        var name = "drec-verify-test-" + Guid.NewGuid().ToString("N")[..10];
        var result = EngineFixture.Run("docker", ["run", "-d", "--name", name, "--network", "host", "debian:bookworm", "sleep", "infinity"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return new TestContainer(name);
    }

    static void Exec(TestContainer container, string script)
    {
        var result = container.Exec("bash", "-c", script);
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    void WriteDockerfile(string text) => File.WriteAllText(Path.Combine(_folder, "Dockerfile"), text);

    const string Setup = """
        useradd -m -s /bin/bash app
        mkdir -p /srv/app && printf 'port=8080\n' > /srv/app/app.conf
        chown -R app:app /srv/app && chmod 750 /srv/app && chmod 600 /srv/app/app.conf
        ln -s /srv/app/app.conf /etc/app.conf
        rm /etc/motd
        echo 'ls -la' >> /root/.bash_history
        echo scratch > /tmp/scratch
        """;

    const string Reproduction = """
        FROM debian:bookworm
        RUN useradd -m -s /bin/bash app \
            && mkdir -p /srv/app && printf 'port=8080\n' > /srv/app/app.conf \
            && chown -R app:app /srv/app && chmod 750 /srv/app && chmod 600 /srv/app/app.conf
        RUN ln -s /srv/app/app.conf /etc/app.conf && rm /etc/motd
        EXPOSE 8080
        CMD ["perl", "-MIO::Socket::INET", "-e", "my $s = IO::Socket::INET->new(LocalPort => 8080, Listen => 5, ReuseAddr => 1) or die; sleep 600"]
        """;

    static HashSet<string> VerifyImages() =>
        [.. EngineFixture.Run("docker", ["images", "--format", "{{.Repository}}:{{.Tag}}"]).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(i => i.StartsWith("drec-verify-", StringComparison.Ordinal))];

    [Fact]
    public void A_hand_written_Dockerfile_that_reproduces_the_container_scores_1_and_its_service_listens()
    {
        using var container = NewContainer();
        Exec(container, Setup);
        WriteDockerfile(Reproduction);
        var imagesBefore = VerifyImages();

        var run = Drec("verify", container.Name, _folder, "--json");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        using var report = JsonDocument.Parse(run.Stdout);
        var root = report.RootElement;
        Assert.True(root.GetProperty("buildOk").GetBoolean());
        Assert.Equal(1.0, root.GetProperty("score").GetDouble());
        var files = root.GetProperty("files");
        // useradd's files, the folder, the file, the link and the deletion; history and /tmp are noise
        Assert.True(files.GetProperty("changes").GetInt32() >= 8, run.Stdout);
        Assert.True(files.GetProperty("noisePaths").GetInt32() >= 2, run.Stdout);
        Assert.Equal(0, files.GetProperty("extra").GetArrayLength());
        var service = root.GetProperty("service");
        Assert.True(service.GetProperty("stayedUp").GetBoolean(), run.Stdout);
        Assert.Equal(["8080/tcp"], service.GetProperty("listeningPorts").EnumerateArray().Select(p => p.GetString()!));
        Assert.Equal(2, root.GetProperty("image").GetProperty("addedLayers").GetInt32());
        Assert.Contains("[2/3] RUN useradd", run.Stderr);
        Assert.True(File.Exists(Path.Combine(_folder, "verify.log")));
        // nothing of verify's stays behind
        Assert.Equal(imagesBefore, VerifyImages());
        Assert.DoesNotContain(EngineFixture.Run("docker", ["ps", "-a", "--format", "{{.Names}}"]).Stdout.Split('\n'),
            name => System.Text.RegularExpressions.Regex.IsMatch(name, "^drec-verify-[0-9a-f]{10}$"));
    }

    [Fact]
    public void A_Dockerfile_that_differs_scores_below_1_and_names_missed_different_and_extra_paths()
    {
        using var container = NewContainer();
        Exec(container, Setup);
        WriteDockerfile("""
            FROM debian:bookworm
            RUN useradd -m -s /bin/bash app \
                && mkdir -p /srv/app && printf 'port=9090\n' > /srv/app/app.conf \
                && chown -R app:app /srv/app && chmod 750 /srv/app
            RUN touch /etc/extra
            CMD ["false"]
            """);

        var run = Drec("verify", container.Name, _folder);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("missed (2):", run.Stdout);           // the link and the deletion
        Assert.Contains("/etc/app.conf  added symbolic link", run.Stdout);
        Assert.Contains("/etc/motd  deleted in the container, still in the image", run.Stdout);
        Assert.Contains("different (1):", run.Stdout);
        Assert.Contains("/srv/app/app.conf  content (10 bytes recorded, 10 built), mode 0600 → 0644", run.Stdout);
        Assert.Contains("extra (1):", run.Stdout);
        Assert.Contains("/etc/extra  added file", run.Stdout);
        Assert.Contains("service:    CMD exited with status 1", run.Stdout);
        Assert.Contains("verdict:    FAILED", run.Stdout);
    }

    [Fact]
    public void A_broken_Dockerfile_reports_the_failing_instruction_and_its_trace_commands()
    {
        using var container = NewContainer();
        WriteDockerfile("""
            FROM debian:bookworm

            # session 1, command 2
            RUN useradd -m app
            # session 1, commands 3-4
            RUN mkdir -p /srv/app \
                && cp /no/such/file /srv/app/
            CMD ["bash"]
            """);

        var run = Drec("verify", container.Name, _folder);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Dockerfile:6:1: error DR6001: the build failed at `RUN mkdir -p /srv/app && cp /no/such/file /srv/app/`", run.Stderr);
        Assert.Contains("at line 6: RUN mkdir -p /srv/app && cp /no/such/file /srv/app/", run.Stdout);
        Assert.Contains("from session-1:3", run.Stdout);
        Assert.Contains("from session-1:4", run.Stdout);
        Assert.Contains("cannot stat '/no/such/file'", run.Stdout);
        Assert.Contains("ERROR", File.ReadAllText(Path.Combine(_folder, "verify.log")));
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public void A_file_written_behind_the_Dockerfiles_back_is_missed_and_fix_brings_the_score_to_1()
    {
        using var container = NewContainer();
        Exec(container, Setup);
        // a background process writes a file the Dockerfile knows nothing of
        Exec(container, "(sleep 0.2; mkdir -p /var/lib/app && echo generated > /var/lib/app/state && chown app:app /var/lib/app/state && chmod 640 /var/lib/app/state) >/dev/null 2>&1 &");
        Thread.Sleep(1500);
        WriteDockerfile(Reproduction);
        File.WriteAllText(Path.Combine(_folder, ".dockerignore"), "*\n");

        var before = Drec("verify", container.Name, _folder, "--run-seconds", "0");
        Assert.Equal(1, before.ExitCode);
        Assert.Contains("/var/lib/app/state  added file", before.Stdout);

        var fixedRun = Drec("verify", container.Name, _folder, "--fix", "--run-seconds", "0");

        Assert.True(fixedRun.ExitCode == 0, fixedRun.Stdout + fixedRun.Stderr);
        Assert.Contains("verdict:    ok, score 1.000", fixedRun.Stdout);
        var dockerfile = File.ReadAllText(Path.Combine(_folder, "Dockerfile"));
        Assert.Contains("COPY --chown=1000:1000 --chmod=0640 rootfs/var/lib/app/state /var/lib/app/state", dockerfile);
        Assert.True(dockerfile.IndexOf("COPY --chown", StringComparison.Ordinal) < dockerfile.IndexOf("EXPOSE", StringComparison.Ordinal));
        Assert.Equal("generated\n", File.ReadAllText(Path.Combine(_folder, "rootfs/var/lib/app/state")));
        Assert.Contains("!rootfs/var/lib/app/state", File.ReadAllText(Path.Combine(_folder, ".dockerignore")));
        Assert.Contains("/var/lib/app/state: COPY from rootfs/var/lib/app/state", File.ReadAllText(Path.Combine(_folder, "verify-fix.txt")));

        // the fixed Dockerfile now stands on its own
        var again = Drec("verify", container.Name, _folder, "--run-seconds", "0");
        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
    }

    [Fact]
    public void An_unknown_container_is_an_engine_error_in_one_line()
    {
        WriteDockerfile("FROM debian:bookworm\n");
        var run = Drec("verify", "drec-verify-no-such-container", _folder);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("drec verify: error: no container named 'drec-verify-no-such-container' (see `docker ps -a`)", run.Stderr.Trim().Split('\n')[^1]);
        Assert.DoesNotContain("   at ", run.Stderr);
    }
}
