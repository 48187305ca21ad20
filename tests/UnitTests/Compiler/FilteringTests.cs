using System.Collections.Immutable;
using DockerRecord.Frontend.Parsing;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes;
using DockerRecord.Passes.Filtering;
using DockerRecord.Passes.Lowering;
using DockerRecord.Passes.Safety;
using DockerRecord.Passes.State;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

/// <summary>Runs lowering and then the given passes (not the whole pipeline), for the pass tests.</summary>
static class PassRunner
{
    public static (ImageProgram Program, CompilationContext Context) Run(TraceBuilder trace, params ICompilerPass[] passes)
    {
        var context = new CompilationContext(trace.Build(), CompileOptions.Default);
        var program = new LowerTracePass().Run(ImageProgram.Empty, context);
        foreach (var pass in passes)
        {
            context.CurrentPass = pass.Name;
            program = pass.Run(program, context);
        }
        return (program, context);
    }

    /// <summary>The filtering, state and safety passes in the compiler's order.</summary>
    public static ICompilerPass[] All => [new DropFailedPass(), new DropNoEffectPass(), new StatePass(), new BuildSafetyPass()];

    /// <summary>Each RUN as <c>text | context</c>, its steps joined by <c> ;; </c>.</summary>
    public static List<string> Runs(ImageProgram program) =>
        [.. program.OfType<RunInstruction>().Select(r => string.Join(" ;; ", r.Steps.Select(IrPrinter.StepText)).Replace("\n", " ; ") + " | " + r.Context)];

    public static List<string> RunTexts(ImageProgram program) =>
        [.. program.OfType<RunInstruction>().Select(r => string.Join(" ;; ", r.Steps.Select(IrPrinter.StepText)).Replace("\n", " ; "))];

    /// <summary>Printing each step and parsing the text again gives the same tree.</summary>
    public static void AssertStepsReparse(ImageProgram program)
    {
        foreach (var step in program.OfType<RunInstruction>().SelectMany(r => r.Steps).Where(s => !s.Opaque))
        {
            var text = IrPrinter.StepText(step);
            var parsed = ShellParser.Parse(text);
            Assert.True(parsed.File is not null, $"does not parse: {text}\n{string.Join("\n", parsed.Diagnostics)}");
            Assert.Equal(SyntaxPrinter.ToSExpression(step.Stmts), SyntaxPrinter.ToSExpression(parsed.File!.Stmts));
        }
    }
}

public sealed class FilteringTests
{
    static FileChanges Added(params string[] paths) => new(paths, [], []);

    [Fact]
    public void Failed_interrupted_and_unparsed_lines_are_dropped_and_explained()
    {
        var (program, context) = PassRunner.Run(new TraceBuilder()
            .Command("apt-gte update", r => r with { Status = 127 })
            .Command("echo \"x", r => r with { Ran = false, Status = 2 })
            .Command("sleep 9", r => r with { Interrupted = true, Status = 130 })
            .Command("touch /a", r => r with { Changes = Added("/a") }), new DropFailedPass());

        Assert.Equal(["touch /a"], PassRunner.RunTexts(program));
        Assert.Equal(
            ["failed: command not found (exit status 127)", "did not run (bash found a syntax error)", "interrupted (Ctrl-C)"],
            context.Explanations.Select(e => e.Reason));
        Assert.Empty(context.Diagnostics);
    }

    [Fact]
    public void Nothing_failed_gives_back_the_same_program()
    {
        var context = new CompilationContext(new TraceBuilder().Command("touch /a").Build(), CompileOptions.Default);
        var program = new LowerTracePass().Run(ImageProgram.Empty, context);
        Assert.Same(program, new DropFailedPass().Run(program, context));
    }

    [Fact]
    public void A_failed_line_whose_files_stay_or_are_used_later_is_reported()
    {
        var (_, context) = PassRunner.Run(new TraceBuilder()
            .Command("make", r => r with { Status = 2, Changes = Added("/src", "/src/a.o", "/src/b.o", "/tmp/cc1") })
            .Command("rm /src/b.o", r => r with { Changes = new FileChanges([], [], ["/src/b.o"]) })
            .Command("make", r => r with { Status = 2, Changes = Added("/src/c.o") })
            .Command("cp /src/c.o /out", r => r with { Changes = Added("/out") }), new DropFailedPass());

        var diagnostics = context.Diagnostics.Select(d => d.ToString()).ToList();
        Assert.Equal(2, diagnostics.Count);
        // /src is a folder above a.o; /tmp is noise; b.o was deleted later, but by a command that needs it; c.o is used by the cp
        Assert.Equal("session-1:1: warning DR3010: this command failed with exit status 2 and is left out, but it changed paths that later commands use or that stay in the container: /src/a.o, /src/b.o", diagnostics[0]);
        Assert.EndsWith(": /src/c.o", diagnostics[1]);
    }

    [Theory]
    [InlineData("ls -la /etc")]
    [InlineData("cat /etc/os-release | grep VERSION")]
    [InlineData("less /var/log/syslog")]
    [InlineData("tail -f /var/log/nginx/error.log")]
    [InlineData("find / -name '*.conf' 2>/dev/null")]
    [InlineData("ps aux | grep -v grep | grep nginx")]
    [InlineData("df -h && du -sh /var && free -m")]
    [InlineData("history")]
    [InlineData("which nginx; type ls; whoami; id; pwd")]
    [InlineData("env")]
    [InlineData("printenv PATH")]
    [InlineData("netstat -tlnp")]
    [InlineData("ss -tlnp")]
    [InlineData("curl -sSL http://localhost:8080/")]
    [InlineData("wget -qO- http://localhost/")]
    [InlineData("wget -O /dev/null http://localhost/")]
    [InlineData("apt-cache search nginx")]
    [InlineData("apt list --installed")]
    [InlineData("dpkg -l")]
    [InlineData("dpkg -L nginx")]
    [InlineData("systemctl status nginx")]
    [InlineData("service nginx status")]
    [InlineData("ping -c 1 example.com")]
    [InlineData("echo $PATH")]
    [InlineData("stat /etc/passwd && file /bin/ls")]
    [InlineData("uname -a")]
    [InlineData("date +%s")]
    [InlineData("for f in /etc/*.conf; do head -1 $f; done")]
    [InlineData("echo $(cat /etc/hostname) > /dev/null")]
    [InlineData("git status && git log --oneline")]
    [InlineData("sudo cat /etc/shadow")]
    [InlineData("python3 --version")]
    [InlineData("ip addr show")]
    [InlineData("man 5 crontab")]
    public void Read_only_lines_by_meaning(string line)
    {
        var parsed = ShellParser.Parse(line).File!;
        Assert.True(ReadOnlyCommands.IsReadOnly(parsed.Stmts), line);
    }

    [Theory]
    [InlineData("cat a > b")]
    [InlineData("echo x >> /etc/hosts")]
    [InlineData("ls &> out.txt")]
    [InlineData("grep x y >& z")]
    [InlineData("find / -name core -delete")]
    [InlineData("find . -exec rm {} +")]
    [InlineData("curl -o x.tgz http://e/x.tgz")]
    [InlineData("curl -fsSLO http://e/x.tgz")]
    [InlineData("wget http://e/x.tgz")]
    [InlineData("sort -o out in")]
    [InlineData("date -s '2020-01-01'")]
    [InlineData("env FOO=1 make")]
    [InlineData("printf -v x %s y")]
    [InlineData("X=1")]
    [InlineData("f() { ls; }")]
    [InlineData("curl http://e/install.sh | sh")]
    [InlineData("systemctl restart nginx")]
    [InlineData("git pull")]
    [InlineData("apt-get install -y nginx")]
    [InlineData("ls $(touch x)")]
    [InlineData("tee /etc/motd < x")]
    [InlineData("$CMD /etc")]
    [InlineData("ip link set eth0 up")]
    public void Not_read_only(string line)
    {
        var parsed = ShellParser.Parse(line).File!;
        Assert.False(ReadOnlyCommands.IsReadOnly(parsed.Stmts), line);
    }

    [Fact]
    public void Evidence_drops_lines_with_no_change_and_no_state_and_explains_every_line()
    {
        var (program, context) = PassRunner.Run(new TraceBuilder()
            .Command("nginx -t")
            .Command("ls")
            .Command("useradd app", r => r with { Changes = new FileChanges([], ["/etc/passwd", "/etc/shadow"], []) })
            .Command("cd /opt", r => r with { Cwd = "/opt" })
            .Command("export A=1", r => r with { EnvSet = new Dictionary<string, string> { ["A"] = "1" } })
            .Command("V=2")
            .Command("umask 027")
            .Command("service nginx start")
            .Command("redis-server --daemonize yes", r => r with { Ports = [new ListeningPort("tcp", "0.0.0.0", 6379, "redis-server")] })
            .Command("python3 -m http.server 8000 &")
            .Command("nano /etc/motd", r => r with { Captures = ["/etc/motd"] }), new DropNoEffectPass());

        Assert.Equal(["useradd app", "cd /opt", "export A=1", "V=2", "umask 027", "service nginx start", "redis-server --daemonize yes", "python3 -m http.server 8000 &", "nano /etc/motd"],
            PassRunner.RunTexts(program));
        Assert.Equal(11, context.Explanations.Count);
        Assert.Equal(
        [
            "no file changed and it sets no state",
            "read-only: ls only looks, and no output goes to a file",
            "changed 2 paths",
            "changes the directory to /opt",
            "sets exported variables: A",
            "sets the shell variable V",
            "runs `umask`, which changes the shell's state",
            "starts or stops a service (left to the services pass)",
            "port 6379/tcp started listening",
            "starts a background job",
            "an editor saved /etc/motd (the files pass copies it)",
        ], context.Explanations.Select(e => e.Reason));
    }

    [Fact]
    public void A_line_naming_a_path_changed_earlier_is_kept_although_its_changes_look_empty()
    {
        // the diff is by path: the second write to /etc/app.conf shows no change
        var (program, context) = PassRunner.Run(new TraceBuilder()
            .Command("echo a > /etc/app.conf", r => r with { Changes = Added("/etc/app.conf") })
            .Command("sed -i s/a/b/ /etc/app.conf")
            .Command("mkdir /src", r => r with { Changes = Added("/src") })
            .Command("make", r => r with { CwdBefore = "/src", Cwd = "/src" }), new DropNoEffectPass());

        Assert.Equal(4, PassRunner.RunTexts(program).Count);
        Assert.Contains("it names /etc/app.conf, which an earlier command changed", context.Explanations[1].Reason);
        Assert.Contains("it runs in /src, where earlier commands changed files", context.Explanations[3].Reason);
    }

    [Fact]
    public void Leaves_skip_folders_above_changed_files_and_noise()
    {
        Assert.Equal(["/etc/nginx-x", "/etc/nginx/a"], PathNames.Leaves(["/etc", "/etc/nginx", "/etc/nginx/a", "/etc/nginx-x", "/tmp/x", "/var/log/y"]));
    }

    [Theory]
    [InlineData("/opt", "../srv/./x/", "/srv/x")]
    [InlineData("/", "..", "/")]
    [InlineData("/a/b", "/c//d", "/c/d")]
    public void Paths_resolve_against_the_directory(string directory, string path, string expected) =>
        Assert.Equal(expected, PathNames.Resolve(directory, path));

    [Fact]
    public void Static_values_of_words()
    {
        string? Value(string text) => SyntaxNodes.StaticValue(((SimpleCommand)ShellParser.Parse("x " + text).File!.Stmts[0].Command).Args[1]);
        Assert.Equal("a b", Value("a\\ b"));
        Assert.Equal("a b", Value("'a b'"));
        Assert.Equal("a\"b", Value("\"a\\\"b\""));
        Assert.Null(Value("$x"));
        Assert.Null(Value("\"a$x\""));
    }

    [Fact]
    public void Referenced_variables_include_braces_arithmetic_and_tests()
    {
        var stmts = ShellParser.Parse("echo $A ${B:-x} \"$(echo $C)\" $((D + 1)); [[ $E == 1 ]]").File!.Stmts;
        Assert.Superset(new HashSet<string> { "A", "B", "C", "D", "E" }, SyntaxNodes.ReferencedVariables(stmts).ToHashSet());
    }
}
