using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes;
using DockerRecord.Passes.Ordering;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

/// <summary>The group pass: which consecutive RUNs become one, its limits, and the apt lists cleanup.</summary>
public sealed class GroupingTests
{
    /// <summary>The RUNs after lowering and grouping, each as its steps' typed text joined by <c>" && "</c>.</summary>
    static string[] Grouped(TraceBuilder builder)
    {
        var trace = builder.Build();
        var context = new CompilationContext(trace, CompileOptions.Default);
        var program = new DockerRecord.Passes.Lowering.LowerTracePass().Run(ImageProgram.Empty, context);
        var grouped = new GroupRunsPass().Run(program, context);
        return [.. grouped.OfType<RunInstruction>().Select(r => string.Join(" && ", r.Steps.Select(s => s.Typed)))];
    }

    static FileChanges Added(params string[] paths) => new(paths, [], []);

    [Fact]
    public void Same_context_and_class_join()
    {
        var runs = Grouped(new TraceBuilder()
            .Command("touch /opt/a", r => r with { Changes = Added("/opt/a") })
            .Command("touch /opt/b", r => r with { Changes = Added("/opt/b") }));
        Assert.Equal(["touch /opt/a && touch /opt/b"], runs);
    }

    [Fact]
    public void Different_workdir_or_user_do_not_join()
    {
        var runs = Grouped(new TraceBuilder()
            .Command("touch /opt/a", r => r with { Changes = Added("/opt/a"), Cwd = "/opt" })
            .Command("touch /opt/b", r => r with { Changes = Added("/opt/b") })
            .As("app", 1000)
            .Command("touch /opt/c", r => r with { Changes = Added("/opt/c") }));
        Assert.Equal(["touch /opt/a", "touch /opt/b", "touch /opt/c"], runs);
    }

    [Fact]
    public void Packages_stay_apart_from_application_steps_and_get_the_lists_cleanup()
    {
        var runs = Grouped(new TraceBuilder()
            .Command("apt-get update", r => r with { Changes = Added("/var/lib/apt/lists/x") })
            .Command("apt-get install -y nginx", r => r with { Changes = Added("/usr/sbin/nginx") })
            .Command("echo hi > /var/www/html/index.html", r => r with { Changes = Added("/var/www/html/index.html") }));
        Assert.Equal(["apt-get update && apt-get install -y nginx && rm -rf /var/lib/apt/lists/*", "echo hi > /var/www/html/index.html"], runs);
    }

    [Fact]
    public void No_cleanup_when_a_later_command_reads_the_lists()
    {
        var runs = Grouped(new TraceBuilder()
            .Command("apt-get update", r => r with { Changes = Added("/var/lib/apt/lists/x") })
            .Command("echo hi > /opt/x", r => r with { Changes = Added("/opt/x") })
            .Command("apt-cache policy nginx > /opt/policy", r => r with { Changes = Added("/opt/policy") }));
        Assert.DoesNotContain(runs, r => r.Contains("rm -rf /var/lib/apt/lists"));
    }

    [Fact]
    public void No_second_cleanup_when_the_person_typed_one()
    {
        var runs = Grouped(new TraceBuilder()
            .Command("apt-get update", r => r with { Changes = Added("/var/lib/apt/lists/x") })
            .Command("apt-get install -y curl", r => r with { Changes = Added("/usr/bin/curl") })
            .Command("rm -rf /var/lib/apt/lists/*", r => r with { Changes = new FileChanges([], [], ["/var/lib/apt/lists/x"]) }));
        Assert.Single(runs, r => r.Contains("rm -rf /var/lib/apt/lists"));
    }

    [Fact]
    public void An_opaque_step_stays_alone()
    {
        var runs = Grouped(new TraceBuilder()
            .Command("touch /opt/a", r => r with { Changes = Added("/opt/a") })
            .Command("echo $((")
            .Command("touch /opt/b", r => r with { Changes = Added("/opt/b") }));
        Assert.Equal(3, runs.Length);
    }

    [Fact]
    public void A_step_that_changes_the_shell_ends_its_group()
    {
        var runs = Grouped(new TraceBuilder()
            .Command("touch /opt/a", r => r with { Changes = Added("/opt/a") })
            .Command("umask 077")
            .Command("touch /opt/b", r => r with { Changes = Added("/opt/b") }));
        Assert.Equal(["touch /opt/a && umask 077", "touch /opt/b"], runs);
    }

    [Fact]
    public void Groups_are_capped()
    {
        var builder = new TraceBuilder();
        for (var i = 0; i < GroupRunsPass.MaxSteps + 1; i++)
            builder.Command($"touch /opt/f{i}", r => r with { Changes = Added($"/opt/f{r.Seq}") });
        Assert.Equal(2, Grouped(builder).Length);
    }

    [Fact]
    public void Same_program_is_returned_when_nothing_joins()
    {
        var trace = new TraceBuilder().Command("touch /opt/a", r => r with { Changes = Added("/opt/a") }).Build();
        var context = new CompilationContext(trace, CompileOptions.Default);
        var program = new DockerRecord.Passes.Lowering.LowerTracePass().Run(ImageProgram.Empty, context);
        Assert.Same(program, new GroupRunsPass().Run(program, context));
    }

    [Fact]
    public void Joined_runs_mount_each_secret_once_and_read_every_secret_first()
    {
        var dockerfile = CompiledTrace.Of(new TraceBuilder()
            .Command("mysql -uroot -pHunter2x app < /srv/a.sql > /srv/out1", r => r with { Changes = new(["/srv/out1"], [], []) })
            .Command("docker login -u me -p Tok3nValue9 registry > /srv/out2", r => r with { Changes = new(["/srv/out2"], [], []) })
            .Command("mysql -uroot -pHunter2x app < /srv/b.sql > /srv/out3", r => r with { Changes = new(["/srv/out3"], [], []) })).Dockerfile;
        Assert.Contains(
            "RUN --mount=type=secret,id=MYSQL_PASSWORD --mount=type=secret,id=DOCKER_PASSWORD MYSQL_PASSWORD=\"$(cat /run/secrets/MYSQL_PASSWORD)\" \\\n"
            + "    && DOCKER_PASSWORD=\"$(cat /run/secrets/DOCKER_PASSWORD)\" \\\n"
            + "    && mysql -uroot -p\"${MYSQL_PASSWORD}\" app </srv/a.sql >/srv/out1 \\\n"
            + "    && docker login -u me -p \"${DOCKER_PASSWORD}\" registry >/srv/out2 \\\n"
            + "    && mysql -uroot -p\"${MYSQL_PASSWORD}\" app </srv/b.sql >/srv/out3\n", dockerfile);
        Assert.DoesNotContain("Hunter2x", dockerfile);
        Assert.DoesNotContain("Tok3nValue9", dockerfile);
    }
}
