namespace DockerRecord.EngineTests;

/// <summary>
/// Tutorial-style sessions typed into drec record, compiled, built by the engine and run: the Dockerfile builds, the
/// service answers, the files are those of the recorded container, and user, workdir and env are right.
/// </summary>
[Collection("engine")]
[Trait("Category", "Engine")]
public sealed class EndToEndTests(EngineFixture engine) : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("drec-e2e-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void A_web_server_with_an_edited_config_started_as_a_service()
    {
        using var scenario = Scenario.Run(engine, "nginx-site", _work);
        var dockerfile = scenario.Dockerfile;
        Assert.Contains("apt-get install -y nginx nano", dockerfile);
        Assert.Contains("COPY rootfs/etc/nginx/conf.d/drec.conf /etc/nginx/conf.d/drec.conf", dockerfile);
        Assert.Contains("EXPOSE 8081", dockerfile);
        Assert.Contains("CMD [\"nginx\", \"-g\", \"daemon off;\"]", dockerfile);
        Assert.DoesNotContain("service nginx", dockerfile);
        Assert.DoesNotContain("nano /etc", dockerfile);

        string[] files = ["/etc/nginx/conf.d/drec.conf", "/srv/www/index.html"];
        var recorded = files.Select(f => Scenario.FileIdentity(scenario.Recorded.Exec, f)).ToList();
        // both listen on the host network: the recorded server goes first
        scenario.Recorded.Dispose();
        var running = scenario.Start();
        Assert.Contains("hello from drec", Scenario.HttpGet(running, 8081));
        Assert.Equal(recorded, files.Select(f => Scenario.FileIdentity(c => Scenario.Exec(running, c), f)));
    }

    [Fact]
    public void A_program_built_from_source_after_trial_and_error()
    {
        using var scenario = Scenario.Run(engine, "build-from-source", _work);
        var dockerfile = scenario.Dockerfile;
        Assert.Contains("WORKDIR /usr/src/hello", dockerfile);
        Assert.DoesNotContain("make install", dockerfile);
        Assert.DoesNotContain("cd ", dockerfile);

        Assert.Equal("hello, drec\n", scenario.RunInImage("hello").Stdout);
        Assert.Equal(Scenario.FileIdentity(scenario.Recorded.Exec, "/usr/src/hello/hello.c"),
            Scenario.FileIdentity(scenario.RunInImage, "/usr/src/hello/hello.c"));
        Assert.Equal("\"/usr/src/hello\"", scenario.ImageConfig("WorkingDir"));
    }

    [Fact]
    public void An_app_run_as_its_own_user_with_env_and_workdir()
    {
        using var scenario = Scenario.Run(engine, "app-user", _work);
        Assert.Equal("\"app\"", scenario.ImageConfig("User"));
        Assert.Equal("\"/home/app/site\"", scenario.ImageConfig("WorkingDir"));
        Assert.Contains("APP_ENV=production", scenario.ImageConfig("Env"));

        var identity = Scenario.FileIdentity(scenario.Recorded.Exec, "/home/app/site/index.html");
        scenario.Recorded.Dispose();
        var running = scenario.Start();
        Assert.Contains("app production", Scenario.HttpGet(running, 8082));
        Assert.Equal(identity, Scenario.FileIdentity(c => Scenario.Exec(running, c), "/home/app/site/index.html"));
    }

    [Fact]
    public void Typos_failures_and_inspection_commands_leave_no_trace_in_the_Dockerfile()
    {
        using var scenario = Scenario.Run(engine, "typos-and-inspection", _work, verifyInCompile: true);
        var runs = scenario.Dockerfile.Split('\n').Where(l => l.StartsWith("RUN ") || l.TrimStart().StartsWith("&& ")).ToList();
        // (./run.sh stays: it ran in the folder the session was changing, and the recorder cannot prove it wrote nothing)
        foreach (var dropped in new[] { "ls ", "cat /etc", "mkdri", "ps aux", "df -h", "sleep", "history" })
            Assert.DoesNotContain(runs, l => l.Contains(dropped));
        Assert.Contains(runs, l => l.Contains("chmod +x run.sh"));

        Assert.Equal("tool says hi\n", scenario.RunInImage("/opt/tool/run.sh").Stdout);
        Assert.Equal(Scenario.FileIdentity(scenario.Recorded.Exec, "/opt/tool/run.sh"), Scenario.FileIdentity(scenario.RunInImage, "/opt/tool/run.sh"));
    }
}
