using DockerRecord.Frontend.Parsing;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes.Safety;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

public sealed class SafetyTests
{
    static ImageProgram Run(TraceBuilder trace, out DockerRecord.Passes.CompilationContext context)
    {
        (var program, context) = PassRunner.Run(trace, new BuildSafetyPass());
        PassRunner.AssertStepsReparse(program);
        return program;
    }

    [Theory]
    [InlineData("apt install nginx", "apt-get install -y nginx")]
    [InlineData("apt update", "apt-get update")]
    [InlineData("apt full-upgrade", "apt-get dist-upgrade -y")]
    [InlineData("apt-get install nginx", "apt-get install -y nginx")]
    [InlineData("apt-get -q install --no-install-recommends nginx", "apt-get -q install -y --no-install-recommends nginx")]
    [InlineData("apt-get install -y nginx", "apt-get install -y nginx")]
    [InlineData("apt-get -qqy install nginx", "apt-get -qqy install nginx")]
    [InlineData("apt-get --assume-yes purge x", "apt-get --assume-yes purge x")]
    [InlineData("apt-get -o APT::Get::Assume-Yes=true upgrade", "apt-get -o APT::Get::Assume-Yes=true upgrade")]
    [InlineData("apt-get remove x", "apt-get remove -y x")]
    [InlineData("apt-get autoremove", "apt-get autoremove -y")]
    [InlineData("apt-get update && apt install -y curl", "apt-get update && apt-get install -y curl")]
    [InlineData("pip install flask", "pip install flask")]
    public void Apt_becomes_non_interactive(string line, string expected)
    {
        // (the lists were fetched first, as in a real session: see An_install_with_no_update_before_it_gets_one…)
        var program = Run(new TraceBuilder().Command("apt-get update").Command(line), out _);
        Assert.Equal(["apt-get update", expected], PassRunner.RunTexts(program).Select(t => t.Replace(" ; ", " && ")));
    }

    [Fact]
    public void Debian_frontend_is_an_arg_after_the_header_only_when_apt_runs()
    {
        var program = Run(new TraceBuilder().Command("apt-get update").Command("make"), out _);
        Assert.IsType<ArgInstruction>(program.Instructions[2]);
        Assert.Equal("DEBIAN_FRONTEND", ((ArgInstruction)program.Instructions[2]).Name);

        var without = Run(new TraceBuilder().Command("make"), out _);
        Assert.Empty(without.OfType<ArgInstruction>());
    }

    [Fact]
    public void An_install_with_no_update_before_it_gets_one_and_only_the_first()
    {
        var program = Run(new TraceBuilder().Command("apt-get install -y curl").Command("apt install jq"), out _);
        var runs = program.OfType<RunInstruction>().Select(r => IrPrinter.StepText(r.Steps[0])).ToList();
        Assert.Equal(["apt-get update\napt-get install -y curl", "apt-get install -y jq"], runs);

        var updated = Run(new TraceBuilder().Command("apt-get update && apt-get install -y curl"), out _);
        Assert.Equal("apt-get update && apt-get install -y curl", IrPrinter.StepText(updated.OfType<RunInstruction>().Single().Steps[0]));
    }

    [Theory]
    [InlineData("vim /etc/nginx/nginx.conf")]
    [InlineData("nano x")]
    [InlineData("emacs -nw x")]
    [InlineData("less /var/log/x")]
    [InlineData("top")]
    [InlineData("htop")]
    [InlineData("man bash")]
    [InlineData("watch ls")]
    [InlineData("python3")]
    [InlineData("python")]
    [InlineData("node")]
    [InlineData("mysql -u root -p")]
    [InlineData("psql -U postgres")]
    [InlineData("redis-cli")]
    [InlineData("sqlite3 app.db")]
    [InlineData("ssh host")]
    public void Interactive_programs_are_never_emitted(string line)
    {
        var program = Run(new TraceBuilder().Command(line), out var context);
        Assert.Empty(PassRunner.RunTexts(program));
        Assert.Equal(DockerRecord.Passes.Verdict.Dropped, Assert.Single(context.Explanations).Verdict);
    }

    [Theory]
    [InlineData("python3 app.py")]
    [InlineData("python3 -m venv /opt/venv")]
    [InlineData("python3 -c 'print(1)'")]
    [InlineData("node -e 'x'")]
    [InlineData("node server.js")]
    [InlineData("mysql -u root < schema.sql")]
    [InlineData("mysql -u root -e 'create database x'")]
    [InlineData("echo 'select 1' | psql")]
    [InlineData("psql -c 'select 1'")]
    [InlineData("sqlite3 app.db 'select 1'")]
    [InlineData("redis-cli ping")]
    [InlineData("ssh host uptime")]
    [InlineData("top -b -n 1")]
    [InlineData("python3 --version")]
    public void Programs_with_something_to_run_stay(string line)
    {
        var program = Run(new TraceBuilder().Command(line), out _);
        Assert.Single(PassRunner.RunTexts(program));
    }

    [Fact]
    public void Interactive_parts_leave_and_chains_and_pagers_leave_pipelines()
    {
        var program = Run(new TraceBuilder()
            .Command("vim x && make")
            .Command("make 2>&1 | less")
            .Command("dmesg | grep x | more"), out _);
        Assert.Equal(["make", "make 2>&1", "dmesg | grep x"], PassRunner.RunTexts(program));
    }

    [Fact]
    public void An_interactive_program_that_cannot_leave_is_reported()
    {
        var program = Run(new TraceBuilder().Command("for f in *.conf; do vim $f; done"), out var context);
        Assert.Single(PassRunner.RunTexts(program));
        Assert.Equal(["DR3040"], context.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void Yes_pipelines_are_safe_under_pipefail()
    {
        var program = Run(new TraceBuilder()
            .Command("apt-get update")
            .Command("yes | apt-get install nginx")
            .Command("yes | ./install.sh"), out var context);
        Assert.Equal(["apt-get update", "apt-get install -y nginx", "{ yes || true; } | ./install.sh"], PassRunner.RunTexts(program));
        Assert.Equal(["DR3041"], context.Diagnostics.Select(d => d.Code));
    }

    [Fact]
    public void Nothing_to_make_safe_gives_back_the_same_program()
    {
        var context = new DockerRecord.Passes.CompilationContext(new TraceBuilder().Command("make").Build(), DockerRecord.Passes.CompileOptions.Default);
        var program = new DockerRecord.Passes.Lowering.LowerTracePass().Run(ImageProgram.Empty, context);
        Assert.Same(program, new BuildSafetyPass().Run(program, context));
    }

    [Fact]
    public void Every_step_of_the_filter_baselines_reparses()
    {
        foreach (var name in new[] { "typos-and-inspection", "cd-export-su", "apt-install" })
        {
            var build = BaselineTraces.Defined[name];
            var (program, _) = PassRunner.Run(build(), PassRunner.All);
            PassRunner.AssertStepsReparse(program);
        }
    }
}
