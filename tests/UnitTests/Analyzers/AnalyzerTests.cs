using DockerRecord.Backend;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Trace;
using DockerRecord.Passes;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Analyzers;

/// <summary>Each analyzer on small traces: what it reports, where, and what it leaves alone.</summary>
public sealed class AnalyzerTests
{
    static Compilation Compile(TraceBuilder trace) => DockerRecord.Passes.Compiler.Compile(trace.Build(), CompileOptions.Default);

    static Compilation Compile(params string[] commands)
    {
        var trace = new TraceBuilder();
        foreach (var command in commands) trace.Command(command);
        return Compile(trace);
    }

    static List<Diagnostic> Reported(Compilation compilation, string code) => [.. compilation.Diagnostics.Where(d => d.Code == code)];

    static Diagnostic Single(string code, params string[] commands) => Assert.Single(Reported(Compile(commands), code));

    static void None(string code, params string[] commands) => Assert.Empty(Reported(Compile(commands), code));

    [Fact]
    public void Every_analyzer_declares_registered_codes_of_the_analyzer_range()
    {
        foreach (var analyzer in DockerRecord.Passes.Compiler.Analyzers)
        {
            Assert.NotEmpty(analyzer.SupportedDiagnostics);
            Assert.All(analyzer.SupportedDiagnostics, d => Assert.Equal(DiagnosticCategory.Analyzers, d.Category));
        }
        var codes = DockerRecord.Passes.Compiler.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal(DiagnosticDescriptors.All.Where(d => d.Category == DiagnosticCategory.Analyzers).Select(d => d.Id), codes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Analyzers_report_with_their_default_severity()
    {
        var compilation = Compile("cd /opt && sudo apt install curl | cat &", "apt-get update", "apt-get dist-upgrade", "date > /stamp");
        foreach (var diagnostic in compilation.Diagnostics.Where(d => d.Code.StartsWith("DR5", StringComparison.Ordinal)))
            Assert.Equal(DiagnosticDescriptors.Of(diagnostic.Code).DefaultSeverity, diagnostic.Severity);
    }

    [Fact]
    public void Cd_in_a_RUN_is_reported_at_the_cd_with_its_position()
    {
        var diagnostic = Single("DR5003", "mkdir -p /app && cd /app && make");
        Assert.Equal(new TraceLocation(1, 1), diagnostic.Location);
        Assert.Equal("session-1:1:1:18: warning DR5003: `cd` inside RUN: the next RUN starts in the WORKDIR again; use WORKDIR to change directory", diagnostic.ToString());
    }

    [Fact]
    public void Sudo_is_reported_and_apt_behind_sudo_is_still_seen()
    {
        var compilation = Compile("sudo apt-get install -y --no-install-recommends curl=7.88.1-10");
        Assert.Single(Reported(compilation, "DR5004"));
        Assert.Empty(Reported(compilation, "DR5007"));
        Assert.Empty(Reported(compilation, "DR5009"));
        Assert.Empty(Reported(compilation, "DR5010"));
    }

    [Fact]
    public void Apt_get_install_without_yes_pins_or_no_install_recommends()
    {
        var compilation = Compile("apt-get install curl git=1:2.39.2-1.1 ./local.deb");
        Assert.Single(Reported(compilation, "DR5009"));
        Assert.Single(Reported(compilation, "DR5010"));
        Assert.Contains("(curl)", Assert.Single(Reported(compilation, "DR5007")).Message);
        None("DR5009", "apt-get -qy install curl");
        None("DR5009", "apt-get install --yes curl");
        None("DR5010", "apt-get install -y -o APT::Install-Recommends=false curl");
        None("DR5007", "apt-get update");
    }

    [Fact]
    public void Apt_lists_are_reported_unless_the_same_RUN_removes_them()
    {
        Single("DR5008", "apt-get update && apt-get install -y curl");
        None("DR5008", "apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*");
        None("DR5008", "apt-get install -y curl");
    }

    [Fact]
    public void Apt_instead_of_apt_get()
    {
        Single("DR5011", "apt install -y curl");
        None("DR5011", "apt-get install -y curl", "apt-cache policy curl");
    }

    [Fact]
    public void Upgrade_is_reported_with_the_command()
    {
        Assert.Contains("`apt-get dist-upgrade`", Single("DR5030", "apt-get dist-upgrade -y").Message);
        Single("DR5030", "apt upgrade");
        None("DR5030", "apt-get install --only-upgrade -y curl");
    }

    [Fact]
    public void Background_jobs_are_reported_at_the_statement()
    {
        // (a known server sent to the background becomes the CMD instead: see ServicesPassTests)
        var diagnostic = Single("DR5031", "tail -f /var/log/dpkg.log > /tmp/follow &");
        Assert.Equal(1, diagnostic.Column);
        None("DR5031", "nginx -t");
    }

    [Fact]
    public void Downloaded_scripts_run_by_a_shell()
    {
        Assert.Contains("`curl … | sh`", Single("DR5032", "curl -fsSL https://get.example.com | sh").Message);
        Assert.Contains("`wget … | bash`", Single("DR5032", "wget -O- https://example.com/install | sudo bash -s --").Message);
        Single("DR5032", "bash <(curl -s https://example.com/install.sh)");
        Single("DR5032", "sh -c \"$(curl -fsSL https://example.com/install.sh)\"");
        None("DR5032", "curl -fsSLo /tmp/install.sh https://example.com/install.sh", "curl -s https://example.com | grep x");
    }

    [Fact]
    public void Time_written_into_a_file()
    {
        Single("DR5033", "date > /etc/build-date");
        Single("DR5033", "echo \"built $(date -u)\" >> /etc/motd");
        None("DR5033", "date", "date > /dev/null");
    }

    [Theory]
    [InlineData("debian", "DR5005")]
    [InlineData("docker.io/library/debian", "DR5005")]
    [InlineData("debian:latest", "DR5006")]
    [InlineData("localhost:5000/team/app:latest", "DR5006")]
    [InlineData("localhost:5000/app", "DR5005")]
    public void Base_images_without_a_tag_or_with_latest(string image, string code)
    {
        var compilation = Compile(new TraceBuilder(image).Command("true"));
        var diagnostic = Assert.Single(compilation.Diagnostics, d => d.Code is "DR5005" or "DR5006");
        Assert.Equal(code, diagnostic.Code);
        Assert.EndsWith(Path.Combine("session-1", "session.json"), diagnostic.Path);
        Assert.Contains("sha256:0000", diagnostic.Message);
    }

    [Theory]
    [InlineData("debian:bookworm")]
    [InlineData("localhost:5000/app:1.2")]
    [InlineData("debian@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Tagged_or_pinned_base_images_are_not_reported(string image)
    {
        var compilation = Compile(new TraceBuilder(image).Command("true"));
        Assert.DoesNotContain(compilation.Diagnostics, d => d.Code is "DR5005" or "DR5006");
    }

    [Fact]
    public void Final_user_root_is_information_at_the_last_command()
    {
        var diagnostic = Single("DR5002", "true", "touch /x");
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal(new TraceLocation(1, 2), diagnostic.Location);
        Assert.Empty(Reported(Compile(new TraceBuilder().As("app", 1000, "/home/app").Command("true")), "DR5002"));
    }

    [Fact]
    public void Consecutive_RUNs_are_one_hidden_diagnostic_per_chain()
    {
        var diagnostic = Single("DR5012", "touch /a", "touch /b", "touch /c");
        Assert.Equal(DiagnosticSeverity.Hidden, diagnostic.Severity);
        Assert.Equal(new TraceLocation(1, 2), diagnostic.Location);
        Assert.StartsWith("3 consecutive RUNs", diagnostic.Message);
        None("DR5012", "touch /a");
    }

    [Fact]
    public void A_pipe_is_safe_under_the_bash_SHELL_lowering_writes()
    {
        // prevented by construction (hadolint DL4006): bash sessions get SHELL ["/bin/bash", "-o", "pipefail", "-c"]
        var compilation = Compile("curl -s https://example.com | tar xz");
        Assert.Empty(Reported(compilation, "DR5013"));
        Assert.Contains("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]", Emit(compilation));
    }

    [Fact]
    public void A_pipe_without_pipefail_is_reported_when_the_shell_is_not_bash()
    {
        var trace = new TraceBuilder().Command("dpkg -l | grep curl").Command("set -o pipefail; ls | wc -l").Build();
        var session = trace.Sessions[0];
        var dash = trace with { Sessions = [session with { Info = session.Info with { Shell = "/bin/dash" } }] };
        var compilation = DockerRecord.Passes.Compiler.Compile(dash, CompileOptions.Default);
        var diagnostic = Assert.Single(Reported(compilation, "DR5013"));
        Assert.Equal(new TraceLocation(1, 1), diagnostic.Location);
    }

    [Fact]
    public void WORKDIR_is_always_absolute()
    {
        // prevented by construction (hadolint DL3000): the recorder's directories are absolute
        var compilation = Compile(new TraceBuilder().Command("cd /srv", r => r with { Cwd = "/srv" }).Command("cd app", r => r with { Cwd = "/srv/app" }).Command("touch x"));
        Assert.Empty(Reported(compilation, "DR5001"));
        Assert.All(compilation.Program.OfType<DockerRecord.IR.WorkdirInstruction>(), w => Assert.StartsWith("/", w.Path));
    }

    [Fact]
    public void Relative_WORKDIR_is_reported_if_a_pass_ever_makes_one()
    {
        var context = new CompilationContext(new TraceBuilder().Command("true").Build(), CompileOptions.Default);
        var program = DockerRecord.IR.ImageProgram.Empty.WithInstructions([new DockerRecord.IR.WorkdirInstruction("app", DockerRecord.IR.Provenance.Of(new TraceLocation(1, 1)))]);
        new DockerRecord.Passes.Analyzers.RelativeWorkdirAnalyzer().Analyze(program, context);
        Assert.Equal("DR5001", Assert.Single(context.Diagnostics).Code);
    }

    [Fact]
    public void The_output_never_has_ADD_nor_a_shell_form_CMD()
    {
        // prevented by construction (hadolint DL3020, DL3025): the IR has no ADD, and CMD/ENTRYPOINT are exec form only
        var program = DockerRecord.IR.ImageProgram.Empty.WithInstructions([
            new DockerRecord.IR.FromInstruction("debian:bookworm", DockerRecord.IR.Provenance.None),
            new DockerRecord.IR.CopyInstruction("files/etc/app.conf", "/etc/app.conf", null, null, DockerRecord.IR.Provenance.None),
            new DockerRecord.IR.CmdInstruction(["nginx", "-g", "daemon off;"], DockerRecord.IR.Provenance.None),
            new DockerRecord.IR.EntrypointInstruction(["/entrypoint.sh"], DockerRecord.IR.Provenance.None),
        ]);
        var dockerfile = DockerfileEmitter.Emit(program, new EmitOptions());
        Assert.DoesNotContain("\nADD ", dockerfile);
        Assert.Contains("CMD [\"nginx\", \"-g\", \"daemon off;\"]\n", dockerfile);
        Assert.Contains("ENTRYPOINT [\"/entrypoint.sh\"]\n", dockerfile);
        Assert.DoesNotContain(typeof(DockerRecord.IR.Instruction).Assembly.GetTypes(), t => t.Name.StartsWith("Add", StringComparison.Ordinal));
    }

    [Fact]
    public void Opaque_commands_are_left_alone()
    {
        var compilation = Compile("cd /opt && echo $((");
        Assert.Contains(compilation.Diagnostics, d => d.Code == "DR3001");
        Assert.Empty(Reported(compilation, "DR5003"));
    }

    static string Emit(Compilation compilation) => DockerfileEmitter.Emit(compilation.Program, new EmitOptions());
}
