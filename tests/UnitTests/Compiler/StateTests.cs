using DockerRecord.Frontend.Parsing;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes.State;
using DockerRecord.Passes.Filtering;
using DockerRecord.UnitTests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DockerRecord.UnitTests.Compiler;

public sealed class StateTests
{
    static FileChanges Added(params string[] paths) => new(paths, [], []);

    static (ImageProgram Program, DockerRecord.Passes.CompilationContext Context) Run(TraceBuilder trace)
    {
        var result = PassRunner.Run(trace, new StatePass());
        PassRunner.AssertStepsReparse(result.Program);
        return result;
    }

    [Fact]
    public void Cd_leaves_the_line_and_splits_it()
    {
        var (program, _) = Run(new TraceBuilder()
            .Command("cd /opt/app && make && cd .. && make -C app install", r => r with { Cwd = "/opt" }));
        Assert.Equal(["make | user=root workdir=/opt/app", "make -C app install | user=root workdir=/opt"], PassRunner.Runs(program));
    }

    [Fact]
    public void Cd_resolves_relative_dash_tilde_and_variables()
    {
        var (program, _) = Run(new TraceBuilder()
            .Command("cd /srv", r => r with { Cwd = "/srv" })
            .Command("cd /opt", r => r with { Cwd = "/opt" })
            .Command("export D=/data", r => r with { EnvSet = new Dictionary<string, string> { ["D"] = "/data" } })
            .Command("cd - && touch a && cd ~/x && touch b && cd $D/y && touch c && cd ../z && touch d", r => r with { Cwd = "/data/z" }));
        Assert.Equal(
        [
            "touch a | user=root workdir=/srv env={D=/data}",
            "touch b | user=root workdir=/root/x env={D=/data}",
            "touch c | user=root workdir=/data/y env={D=/data}",
            "touch d | user=root workdir=/data/z env={D=/data}",
        ], PassRunner.Runs(program));
    }

    [Fact]
    public void Cd_inside_a_subshell_does_not_leak()
    {
        var (program, _) = Run(new TraceBuilder().Command("(cd src && make) && make install", r => r with { CwdBefore = "/app", Cwd = "/app" }));
        Assert.Equal(["make | user=root workdir=/app/src", "make install | user=root workdir=/app"], PassRunner.Runs(program));
    }

    [Fact]
    public void An_unknown_directory_falls_back_on_the_recorded_one()
    {
        var (program, context) = Run(new TraceBuilder()
            .Command("cd $(mktemp -d) && touch x", r => r with { Cwd = "/tmp/tmp.1" })
            .Command("cd \"$(ls -d /opt/*)\" && touch y && cd /", r => r with { CwdBefore = "/tmp/tmp.1", Cwd = "/" }));
        Assert.Equal(["touch x | user=root workdir=/tmp/tmp.1", "touch y | user=root workdir=/"], PassRunner.Runs(program));
        // only the second guess is a guess: the first cd was the line's last
        Assert.Equal(["DR3020"], context.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void Cd_in_a_loop_stays_and_is_reported()
    {
        var (program, context) = Run(new TraceBuilder().Command("for d in a b; do cd $d; make; cd ..; done"));
        Assert.Single(PassRunner.Runs(program));
        Assert.Equal(["DR3021"], context.Diagnostics.Select(d => d.Code));
    }

    [Theory]
    [InlineData("cd /src && make &", "an `&&` list")]
    [InlineData("cd /src || make &", "an `||` list")]
    public void A_cd_that_stays_names_its_list_by_its_operator(string line, string construct)
    {
        var (_, context) = Run(new TraceBuilder().Command(line));
        var diagnostic = Assert.Single(context.Diagnostics, d => d.Code == "DR3021");
        Assert.Contains(construct, diagnostic.Message);
    }

    [Fact]
    public void Cd_or_exit_is_a_cd()
    {
        var (program, _) = Run(new TraceBuilder().Command("cd /app || exit 1; make", r => r with { Cwd = "/app" }));
        Assert.Equal(["make | user=root workdir=/app"], PassRunner.Runs(program));
    }

    [Fact]
    public void Exports_leave_the_runs_and_only_used_or_final_variables_stay()
    {
        var (program, context) = Run(new TraceBuilder()
            .Command("export A=1 B=2 C=3 TERM=xterm DEBIAN_FRONTEND=noninteractive", r => r with { EnvSet = new Dictionary<string, string> { ["A"] = "1", ["B"] = "2", ["C"] = "3", ["TERM"] = "xterm", ["DEBIAN_FRONTEND"] = "noninteractive" } })
            .Command("echo $B > /b && export JAVA_HOME=/jdk", r => r with { EnvSet = new Dictionary<string, string> { ["JAVA_HOME"] = "/jdk" } })
            .Command("./gradlew build")
            .Command("unset B C JAVA_HOME", r => r with { EnvUnset = ["B", "C", "JAVA_HOME"] }));

        Assert.Equal(
        [
            "echo $B >/b | user=root workdir=/ env={A=1, B=2}",
            "./gradlew build | user=root workdir=/ env={A=1, B=2, JAVA_HOME=/jdk}",
        ], PassRunner.Runs(program));
        Assert.DoesNotContain("TERM", program.Final.Env.Keys);
        Assert.DoesNotContain("DEBIAN_FRONTEND", program.Final.Env.Keys);
        var first = context.Explanations.First(e => e.Command.Seq == 1).Reason;
        Assert.Contains("A is ENV (the final shell has it)", first);
        Assert.Contains("B is ENV (a later command reads it)", first);
        Assert.Contains("C: no ENV", first);
        Assert.Contains("TERM is set by the shell or the terminal", first);
    }

    [Fact]
    public void Shell_variables_are_set_again_in_the_runs_that_read_them()
    {
        var (program, _) = Run(new TraceBuilder()
            .Command("V=1.2; N=app-$V")
            .Command("wget https://e/$N.tgz")
            .Command("cd /opt && echo $V > version", r => r with { Cwd = "/opt" })
            .Command("W=1; echo $W > w"));
        Assert.Equal(
        [
            "V=1.2 ; N=app-$V ; wget https://e/$N.tgz | user=root workdir=/",
            "V=1.2 ; echo $V >version | user=root workdir=/opt",
            "W=1; ; echo $W >w | user=root workdir=/opt",
        ], PassRunner.Runs(program));
    }

    [Fact]
    public void Sudo_is_stripped_and_sets_the_user()
    {
        var (program, _) = Run(new TraceBuilder()
            .As("dev", 1000, "/home/dev")
            .Command("sudo apt-get update && make && sudo -u app ./setup.sh && sudo -E DEBUG=1 make install")
            .Command("echo x | sudo tee /etc/x"));
        Assert.Equal(
        [
            "apt-get update | user=root workdir=/home/dev",
            "make | user=dev workdir=/home/dev",
            "./setup.sh | user=app workdir=/home/dev",
            "DEBUG=1 make install | user=root workdir=/home/dev",
            "echo x | tee /etc/x | user=root workdir=/home/dev",
        ], PassRunner.Runs(program));
    }

    [Fact]
    public void A_user_that_USER_would_read_otherwise_stays_in_the_RUN_as_typed()
    {
        // sudo's #uid is a uid; an empty name, a blank or a colon (USER reads user:group) are not understood (DR3022)
        var (program, context) = Run(new TraceBuilder()
            .Command("sudo -u '#1000' touch /a")
            .Command("sudo -u '' touch /b")
            .Command("sudo -u 'a b' touch /c")
            .Command("sudo -u a:b touch /d"));
        Assert.Equal(
        [
            "touch /a | user=1000 workdir=/",
            "sudo -u '' touch /b | user=root workdir=/",
            "sudo -u 'a b' touch /c | user=root workdir=/",
            "sudo -u a:b touch /d | user=root workdir=/",
        ], PassRunner.Runs(program));
        Assert.Equal(3, context.Diagnostics.Count(d => d.Code == "DR3022"));
    }

    [Fact]
    public void Su_with_a_command_runs_it_as_the_user()
    {
        var (program, _) = Run(new TraceBuilder()
            .Command("su app -c 'npm install'", r => r with { CwdBefore = "/srv", Cwd = "/srv" })
            .Command("su - app -c \"cd www && make\"")
            .Command("runuser -u app -- touch /srv/x"));
        Assert.Equal(
        [
            "npm install | user=app workdir=/srv",
            "make | user=app workdir=/home/app/www",
            "touch /srv/x | user=app workdir=/srv",
        ], PassRunner.Runs(program));
    }

    [Theory]
    [InlineData("su")]
    [InlineData("su -")]
    [InlineData("su - app")]
    [InlineData("sudo -i")]
    [InlineData("sudo -s")]
    [InlineData("sudo su")]
    [InlineData("sudo su - postgres")]
    [InlineData("sudo -iu app")]
    [InlineData("bash")]
    [InlineData("bash -l")]
    [InlineData("exec bash")]
    [InlineData("exit")]
    public void Lines_that_open_or_leave_a_shell_are_dropped(string line)
    {
        var (program, context) = Run(new TraceBuilder().Command(line));
        Assert.Empty(PassRunner.Runs(program));
        Assert.Equal(DockerRecord.Passes.Verdict.Dropped, Assert.Single(context.Explanations).Verdict);
    }

    [Theory]
    [InlineData("bash script.sh")]
    [InlineData("bash -c 'make'")]
    [InlineData("sh -s < x")]
    [InlineData("bash < setup.sh")]
    [InlineData("bash <<'EOF'\necho one > /etc/app/one\nEOF")]
    [InlineData("sh <<< 'make install'")]
    public void Shells_that_run_something_stay(string line)
    {
        var (program, _) = Run(new TraceBuilder().Command(line));
        Assert.Single(PassRunner.Runs(program));
    }

    [Fact]
    public void Su_with_a_computed_command_is_reported_and_kept()
    {
        var (program, context) = Run(new TraceBuilder().Command("su app -c \"$CMD\""));
        Assert.Equal(["su app -c \"$CMD\" | user=root workdir=/"], PassRunner.Runs(program));
        Assert.Equal(["DR3022"], context.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void A_line_without_state_is_the_same_object()
    {
        var context = new DockerRecord.Passes.CompilationContext(new TraceBuilder().Command("make && make install").Command("a; b").Build(), DockerRecord.Passes.CompileOptions.Default);
        var program = new DockerRecord.Passes.Lowering.LowerTracePass().Run(ImageProgram.Empty, context);
        Assert.Same(program, new StatePass().Run(program, context));
    }

    [Fact]
    public void Units_peel_and_chains_and_keep_the_rest()
    {
        var units = CommandUnits.Split(ShellParser.Parse("a && b || c; (d && e)").File!.Stmts);
        Assert.Equal(["a", "b || c", "(", "d", "e", ")"], units.Select(u => u.Kind switch
        {
            UnitKind.EnterSubshell => "(",
            UnitKind.LeaveSubshell => ")",
            _ => ShellPrinter.Print(u.Stmt).Trim('\n', ';'),
        }));
    }

    static readonly string[] Pieces =
    [
        "cd /opt", "cd ..", "cd -", "cd ~/x", "cd $HOME", "pushd /srv", "popd", "export A=1", "unset A", "V=2", "echo $V > f",
        "sudo make install", "sudo -u app touch x", "su app -c 'ls; make'", "ls", "make", "apt install -y curl", "vim x",
        "(cd src && make)", "yes | apt-get install x", "make | less", "for d in a b; do make -C $d; done", "sudo su",
    ];

    static readonly Gen<string> Line =
        Gen.Elements(Pieces).ListOf().Where(l => l.Count is > 0 and < 5)
            .SelectMany(l => Gen.Elements(" && ", "; ").Select(join => string.Join(join, l)));

    [Property(MaxTest = 40)]
    public Property Rewritten_steps_reparse_and_keep_no_top_level_cd_or_sudo() =>
        Prop.ForAll(Line.ListOf().Where(l => l.Count is > 0 and < 6).ToArbitrary(), lines =>
        {
            var trace = new TraceBuilder();
            foreach (var line in lines) trace.Command(line, r => r with { Changes = new FileChanges(["/x"], [], []) });
            var (program, _) = PassRunner.Run(trace, PassRunner.All);
            PassRunner.AssertStepsReparse(program);
            foreach (var step in program.OfType<RunInstruction>().SelectMany(r => r.Steps))
                foreach (var unit in CommandUnits.Split(step.Stmts))
                    Assert.False(unit.Stmt.Command is SimpleCommand { Name: "cd" or "sudo" or "export" or "pushd" or "popd" }, IrPrinter.StepText(step));
            return true;
        });

    /// <summary>
    /// The state pass skips the rewriter for lines <see cref="LineStateRewriter.LeavesAlone"/> accepts: for every
    /// bash-accepted corpus input and the lines drec takes apart, such a line must come out of the rewriter unchanged,
    /// in one segment with the line's own context, with no diagnostic.
    /// </summary>
    [Fact]
    public void Lines_left_alone_are_those_the_rewriter_does_not_change()
    {
        var lines = Corpora.AllInputs.Where(i => i.BashAccepts).Select(i => i.Text)
            .Concat(Pieces)
            .Concat(["echo $(sudo ls)", "ls `cd /tmp`", "bash", "exit", "runuser -u app ls", "sudo", "env A=1 make", "make &"]);
        var trace = new TraceBuilder();
        foreach (var line in lines) trace.Command(line);
        var context = new DockerRecord.Passes.CompilationContext(trace.Build(), DockerRecord.Passes.CompileOptions.Default);
        var program = new DockerRecord.Passes.Lowering.LowerTracePass().Run(ImageProgram.Empty, context);
        var alone = 0;
        foreach (var run in program.OfType<RunInstruction>())
            foreach (var step in run.Steps.Where(s => !s.Opaque && LineStateRewriter.LeavesAlone(s)))
            {
                alone++;
                var reported = context.Diagnostics.Count;
                var line = LineStateRewriter.Rewrite(context, step, run.Context, new SessionState(1, "/"), (user, _) => "/home/" + user);
                Assert.False(line.Changed, step.Typed);
                var (segmentContext, stmts) = Assert.Single(line.Segments);
                Assert.Same(run.Context, segmentContext);
                Assert.Equal(step.Stmts, stmts);
                Assert.Equal(reported, context.Diagnostics.Count);
            }
        Assert.True(alone > 100, $"only {alone} lines were left alone");
    }
}
