using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes;
using DockerRecord.Passes.Ordering;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

/// <summary>The reorder pass: each kind of dependency edge, the layer classes, stability and barriers.</summary>
public sealed class OrderingTests
{
    /// <summary>The trace's commands in the order the reorder pass puts them (by seq).</summary>
    internal static int[] Reordered(TraceBuilder builder)
    {
        var trace = builder.Build();
        var context = new CompilationContext(trace, CompileOptions.Default);
        var program = new DockerRecord.Passes.Lowering.LowerTracePass().Run(ImageProgram.Empty, context);
        var reordered = new DependencyOrderPass().Run(program, context);
        return [.. reordered.OfType<RunInstruction>().Select(r => r.Steps[0].Source.Seq)];
    }

    static FileChanges Added(params string[] paths) => new(paths, [], []);

    static FileChanges Deleted(params string[] paths) => new([], [], paths);

    static FileChanges Changed(params string[] paths) => new([], paths, []);

    [Fact]
    public void Nothing_to_gain_keeps_the_order()
    {
        var order = Reordered(new TraceBuilder()
            .Command("touch /opt/a", r => r with { Changes = Added("/opt/a") })
            .Command("touch /opt/b", r => r with { Changes = Added("/opt/b") })
            .Command("echo hi > /srv/c", r => r with { Changes = Added("/srv/c") }));
        Assert.Equal([1, 2, 3], order);
    }

    [Fact]
    public void Package_installs_go_first_then_system_configuration_then_application_files()
    {
        var order = Reordered(new TraceBuilder()
            .Command("echo app > /opt/app.txt", r => r with { Changes = Added("/opt/app.txt") })
            .Command("echo conf > /etc/app.conf", r => r with { Changes = Added("/etc/app.conf") })
            .Command("apt-get install -y curl", r => r with { Changes = Added("/usr/bin/curl") }));
        Assert.Equal([3, 2, 1], order);
    }

    [Fact]
    public void Installs_keep_their_order_among_themselves()
    {
        var order = Reordered(new TraceBuilder()
            .Command("touch /opt/x", r => r with { Changes = Added("/opt/x") })
            .Command("apt-get update", r => r with { Changes = Added("/var/lib/apt/lists/x") })
            .Command("apt-get install -y python3-pip", r => r with { Changes = Added("/usr/bin/pip3") })
            .Command("pip3 install flask", r => r with { Changes = Added("/usr/local/lib/flask") }));
        Assert.Equal([2, 3, 4, 1], order);
    }

    [Fact]
    public void A_program_after_an_install_stays_after_it()
    {
        var order = Reordered(new TraceBuilder()
            .Command("apt-get install -y git", r => r with { Changes = Added("/usr/bin/git") })
            .Command("echo conf > /etc/x.conf", r => r with { Changes = Added("/etc/x.conf") })
            .Command("git --version")
            .Command("apt-get install -y curl", r => r with { Changes = Added("/usr/bin/curl") }));
        // git may come from the first install; the second one may move above the configuration, not above git's use
        Assert.True(Array.IndexOf(order, 1) < Array.IndexOf(order, 3));
        Assert.True(Array.IndexOf(order, 4) > Array.IndexOf(order, 3) || Array.IndexOf(order, 4) < Array.IndexOf(order, 2));
    }

    [Fact]
    public void A_builtin_after_an_install_may_move()
    {
        var order = Reordered(new TraceBuilder()
            .Command("echo conf > /etc/x.conf", r => r with { Changes = Added("/etc/x.conf") })
            .Command("apt-get install -y git", r => r with { Changes = Added("/usr/bin/git") }));
        Assert.Equal([2, 1], order);
    }

    [Fact]
    public void Write_before_read_through_the_recorded_changes()
    {
        var order = Reordered(new TraceBuilder()
            .Command("./build.sh", r => r with { Changes = Added("/etc/generated.conf") })
            .Command("cat /etc/generated.conf > /opt/copy")
            .Command("apt-get install -y nginx", r => r with { Changes = Added("/usr/sbin/nginx") }));
        Assert.Equal(new[] { 1, 2 }, order.Where(s => s != 3));
    }

    [Fact]
    public void Read_before_write_keeps_the_reader_first()
    {
        var order = Reordered(new TraceBuilder()
            .Command("cp /etc/hosts /opt/hosts.bak", r => r with { Changes = Added("/opt/hosts.bak") })
            .Command("echo 10.0.0.1 db > /etc/hosts", r => r with { Changes = Changed("/etc/hosts") }));
        Assert.Equal([1, 2], order);
    }

    [Fact]
    public void Write_before_write_on_the_same_path()
    {
        var order = Reordered(new TraceBuilder()
            .Command("echo one > /opt/conf", r => r with { Changes = Added("/opt/conf") })
            .Command("echo two > /etc/conf && cp /etc/conf /opt/conf", r => r with { Changes = new FileChanges(["/etc/conf"], ["/opt/conf"], []) }));
        Assert.Equal([1, 2], order);
    }

    [Fact]
    public void Creating_a_folder_comes_before_writing_inside_it()
    {
        var order = Reordered(new TraceBuilder()
            .Command("mkdir /opt/app", r => r with { Changes = Added("/opt/app") })
            .Command("echo x > /opt/app/settings", r => r with { Changes = Added("/opt/app/settings") }));
        Assert.Equal([1, 2], order);
    }

    [Fact]
    public void Removing_a_folder_comes_after_everything_under_it()
    {
        var order = Reordered(new TraceBuilder()
            .Command("cat /etc/app/seed > /srv/seed", r => r with { Changes = Added("/srv/seed") })
            .Command("rm -rf /etc/app", r => r with { Changes = Deleted("/etc/app") }));
        Assert.Equal([1, 2], order);
    }

    [Fact]
    public void A_run_in_a_folder_follows_its_creation()
    {
        var order = Reordered(new TraceBuilder()
            .Command("mkdir -p /etc/myapp", r => r with { Changes = Added("/etc/myapp") })
            .Command("cd /etc/myapp", r => r with { Cwd = "/etc/myapp" })
            .Command("apt-get install -y curl", r => r with { Changes = Added("/usr/bin/curl") }));
        // the install runs in /etc/myapp: it cannot move above the mkdir (the cd itself does nothing in a RUN)
        Assert.True(Array.IndexOf(order, 1) < Array.IndexOf(order, 3));
    }

    [Fact]
    public void A_run_as_a_user_follows_the_useradd()
    {
        var order = Reordered(new TraceBuilder()
            .Command("useradd -m app", r => r with { Changes = new FileChanges(["/home/app"], ["/etc/passwd"], []) })
            .As("app", 1000)
            .Command("echo x > /tmp/x", r => r with { Changes = Added("/tmp/x") })
            .As("root", 0)
            .Command("apt-get install -y curl", r => r with { Changes = Added("/usr/bin/curl") }));
        Assert.True(Array.IndexOf(order, 1) < Array.IndexOf(order, 2));
    }

    [Fact]
    public void Chown_to_a_user_follows_its_creation()
    {
        var order = Reordered(new TraceBuilder()
            .Command("touch /opt/data", r => r with { Changes = Added("/opt/data") })
            .Command("useradd app", r => r with { Changes = Changed("/etc/passwd") })
            .Command("chown app /srv/file", r => r with { Changes = Changed("/srv/file") }));
        Assert.True(Array.IndexOf(order, 2) < Array.IndexOf(order, 3));
    }

    [Fact]
    public void A_variable_set_before_it_is_read_keeps_the_order()
    {
        var order = Reordered(new TraceBuilder()
            .Command("touch /opt/x", r => r with { Changes = Added("/opt/x") })
            .Command("VERSION=2")
            .Command("echo $VERSION > /etc/version", r => r with { Changes = Added("/etc/version") }));
        Assert.Equal([1, 2, 3], order);
    }

    [Fact]
    public void An_opaque_step_is_a_barrier()
    {
        var order = Reordered(new TraceBuilder()
            .Command("touch /opt/x", r => r with { Changes = Added("/opt/x") })
            .Command("echo $((", r => r with { Status = 0 })
            .Command("apt-get install -y curl", r => r with { Changes = Added("/usr/bin/curl") }));
        Assert.Equal([1, 2, 3], order);
    }

    [Fact]
    public void A_run_reading_its_folder_and_writing_below_it_after_another_reader_is_no_cycle()
    {
        // both RUNs read /etc/app as a whole (a program run there); the second then writes below it: the readers
        // fold into a join the second one follows, so it must not be folded in itself (regression: a cycle threw)
        var order = Reordered(new TraceBuilder()
            .Command("mkdir -p /etc/app", r => r with { Changes = Added("/etc/app") })
            .Command("cd /etc/app", r => r with { Cwd = "/etc/app" })
            .Command("grep -q port app.conf", r => r with { Status = 0 })
            .Command("grep -c port app.conf > /etc/app/count", r => r with { Changes = Added("/etc/app/count") })
            .Command("touch /etc/app/later", r => r with { Changes = Added("/etc/app/later") }));
        Assert.Equal([1, 2, 3, 4, 5], order);
    }

    [Fact]
    public void Same_program_is_returned_when_nothing_moves()
    {
        var trace = new TraceBuilder().Command("touch /opt/a", r => r with { Changes = Added("/opt/a") })
            .Command("touch /opt/b", r => r with { Changes = Added("/opt/b") }).Build();
        var context = new CompilationContext(trace, CompileOptions.Default);
        var program = new DockerRecord.Passes.Lowering.LowerTracePass().Run(ImageProgram.Empty, context);
        Assert.Same(program, new DependencyOrderPass().Run(program, context));
    }
}
