using System.Collections.Immutable;
using DockerRecord.Backend;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Parsing;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes;
using DockerRecord.Passes.Analyzers;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Analyzers;

/// <summary>
/// Each analyzer on small traces compiled by every pass: what it reports on the final program, where, and what it
/// leaves alone. A finding the passes prevent by construction (sudo, apt without -y, apt lists left…) is checked both
/// ways: the compiled trace does not have it, and the analyzer alone still reports it on a hand-built program.
/// </summary>
public sealed class AnalyzerTests
{
    static Compilation Compile(TraceBuilder trace) => DockerRecord.Passes.Compiler.Compile(trace.Build(), CompileOptions.Default);

    /// <summary>
    /// Command lines that each left a file change behind, as the recorder sees a command with an effect (the
    /// drop-no-effect pass removes a command that changed nothing).
    /// </summary>
    static Compilation Compile(params string[] commands)
    {
        var trace = new TraceBuilder();
        foreach (var command in commands) trace.Command(command, Changed("/var/lib/dpkg/status"));
        return Compile(trace);
    }

    static Func<CommandRecord, CommandRecord> Changed(params string[] paths) => r => r with { Changes = new FileChanges([], paths, []) };

    static Func<CommandRecord, CommandRecord> Added(params string[] paths) => r => r with { Changes = new FileChanges(paths, [], []) };

    /// <summary>One analyzer alone on a program with one RUN per line (command 1, 2…), as no pass rewrote it.</summary>
    static List<Diagnostic> Analyze(IAnalyzer analyzer, params string[] lines)
    {
        var trace = new TraceBuilder();
        foreach (var line in lines) trace.Command(line);
        var context = new CompilationContext(trace.Build(), CompileOptions.Default);
        var program = ImageProgram.Empty.WithInstructions([
            .. lines.Select((line, i) => RunInstruction.Of(new RunStep(new TraceLocation(1, i + 1), ShellParser.Parse(line).File!.Stmts, line), RunContext.Root)),
        ]);
        analyzer.Analyze(program, context);
        return [.. context.Diagnostics];
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
        var diagnostic = Assert.Single(Analyze(new CdInRunAnalyzer(), "mkdir -p /app && cd /app && make"));
        Assert.Equal(new TraceLocation(1, 1), diagnostic.Location);
        Assert.Equal("session-1:1:1:18: warning DR5003: `cd` inside RUN: the next RUN starts in the WORKDIR again; use WORKDIR to change directory", diagnostic.ToString());
    }

    [Fact]
    public void A_session_cd_becomes_WORKDIR_and_is_not_reported()
    {
        // prevented by construction: the state pass turns the cd into WORKDIR
        var compilation = Compile(new TraceBuilder().Command("mkdir -p /app && cd /app && make", r => r with { Cwd = "/app", Changes = new FileChanges(["/app", "/app/a.out"], [], []) }));
        Assert.Empty(Reported(compilation, "DR5003"));
        Assert.Contains(compilation.Program.OfType<WorkdirInstruction>(), w => w.Path == "/app");
    }

    [Fact]
    public void A_cd_the_state_pass_must_keep_is_reported_once_with_its_reason()
    {
        // the state pass says why the cd stays (DR3021); the analyzer does not report the same cd again
        var compilation = Compile(new TraceBuilder().Command("for d in /opt/a /opt/b; do cd $d && touch x; done",
            r => r with { Cwd = "/opt/b", Changes = new FileChanges(["/opt/a/x", "/opt/b/x"], [], []) }));
        Assert.Contains("for d in /opt/a /opt/b; do cd $d && touch x; done", Emit(compilation));
        Assert.Equal(new TraceLocation(1, 1), Assert.Single(Reported(compilation, "DR3021")).Location);
        Assert.Empty(Reported(compilation, "DR5003"));
    }

    [Fact]
    public void Sudo_is_reported_and_apt_behind_sudo_is_still_seen()
    {
        Assert.Equal("DR5004", Assert.Single(Analyze(new SudoAnalyzer(), "sudo apt-get install -y --no-install-recommends curl=7.88.1-10")).Code);
        Assert.Empty(Analyze(new AptInstallAnalyzer(), "sudo apt-get install -y --no-install-recommends curl=7.88.1-10"));
        Assert.Equal(["DR5007", "DR5009", "DR5010"], Analyze(new AptInstallAnalyzer(), "sudo apt-get install curl").Select(d => d.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Sudo_is_taken_off_by_the_passes()
    {
        // prevented by construction: the state pass drops sudo (the RUN runs as the user sudo named)
        var compilation = Compile("sudo apt-get install -y --no-install-recommends curl=7.88.1-10");
        Assert.Contains("&& apt-get install -y --no-install-recommends curl=7.88.1-10", Emit(compilation));
        Assert.Empty(Reported(compilation, "DR5004"));
        Assert.Empty(Reported(compilation, "DR5007"));
        Assert.Empty(Reported(compilation, "DR5009"));
        Assert.Empty(Reported(compilation, "DR5010"));
    }

    [Fact]
    public void Apt_get_install_without_yes_pins_or_no_install_recommends()
    {
        var analyzer = new AptInstallAnalyzer();
        var diagnostics = Analyze(analyzer, "apt-get install curl git=1:2.39.2-1.1 ./local.deb");
        Assert.Single(diagnostics, d => d.Code == "DR5009");
        Assert.Single(diagnostics, d => d.Code == "DR5010");
        Assert.Contains("(curl)", Assert.Single(diagnostics, d => d.Code == "DR5007").Message);
        Assert.DoesNotContain(Analyze(analyzer, "apt-get -qy install curl"), d => d.Code == "DR5009");
        Assert.DoesNotContain(Analyze(analyzer, "apt-get install --yes curl"), d => d.Code == "DR5009");
        Assert.DoesNotContain(Analyze(analyzer, "apt-get install -y -o APT::Install-Recommends=false curl"), d => d.Code == "DR5010");
        Assert.Empty(Analyze(analyzer, "apt-get update"));
    }

    [Fact]
    public void Apt_get_install_after_the_passes_has_yes_but_keeps_the_session_choices()
    {
        // -y is added by the build-safety pass; versions and recommends stay what the person chose, so they are reported
        var compilation = Compile("apt-get install curl git=1:2.39.2-1.1 ./local.deb");
        Assert.Empty(Reported(compilation, "DR5009"));
        Assert.Single(Reported(compilation, "DR5010"));
        Assert.Contains("(curl)", Assert.Single(Reported(compilation, "DR5007")).Message);
    }

    [Fact]
    public void Apt_lists_are_reported_unless_the_same_RUN_removes_them()
    {
        var analyzer = new AptListsAnalyzer();
        Assert.Equal("DR5008", Assert.Single(Analyze(analyzer, "apt-get update && apt-get install -y curl")).Code);
        Assert.Empty(Analyze(analyzer, "apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*"));
        Assert.Empty(Analyze(analyzer, "apt-get install -y curl"));
        // prevented by construction: the group pass removes the lists at the end of the last apt RUN
        var compilation = Compile("apt-get update && apt-get install -y curl");
        Assert.Empty(Reported(compilation, "DR5008"));
        Assert.Contains("rm -rf /var/lib/apt/lists/*", Emit(compilation));
    }

    [Fact]
    public void Apt_lists_are_judged_per_RUN_across_its_steps()
    {
        // RUNs of several steps, as the group pass makes them: the first update of a RUN counts, and a removal in a
        // later step of the same RUN settles it; a cache mount of the lists exempts the RUN
        var trace = new TraceBuilder();
        var context = new CompilationContext(trace.Build(), CompileOptions.Default);
        var seq = 0;
        RunStep Step(string line) => new(new TraceLocation(1, ++seq), ShellParser.Parse(line).File!.Stmts, line);
        RunInstruction Run(params string[] lines)
        {
            ImmutableArray<RunStep> steps = [.. lines.Select(Step)];
            return RunInstruction.Of(steps[0], RunContext.Root).WithSteps(steps);
        }
        var unremoved = Run("apt-get update", "apt-get install -y curl");
        var removed = Run("apt-get update", "apt-get install -y git", "rm -rf /var/lib/apt/lists/*", "apt-get update");
        var again = Run("true", "apt-get update && apt-get install -y make");
        var cached = Run("apt-get update", "apt-get install -y gcc") with
        {
            Mounts = [new RunMount("cache", "apt-lists", "/var/lib/apt/lists")],
        };
        // one RUN object in two places is two RUNs: the second's removal does not settle the first's update
        var twice = Run("rm -rf /var/lib/apt/lists/*", "apt-get update");
        new AptListsAnalyzer().Analyze(ImageProgram.Empty.WithInstructions([unremoved, removed, again, cached, twice, twice]), context);
        Assert.Equal([unremoved.Steps[0].Source, again.Steps[1].Source, twice.Steps[1].Source, twice.Steps[1].Source],
            context.Diagnostics.Select(d => d.Location));
    }

    [Fact]
    public void Apt_instead_of_apt_get()
    {
        Assert.Equal("DR5011", Assert.Single(Analyze(new AptCliAnalyzer(), "apt install -y curl")).Code);
        Assert.Empty(Analyze(new AptCliAnalyzer(), "apt-get install -y curl", "apt-cache policy curl"));
        // prevented by construction: the build-safety pass writes apt-get
        var compilation = Compile("apt install -y curl");
        Assert.Empty(Reported(compilation, "DR5011"));
        Assert.Contains("&& apt-get install -y curl", Emit(compilation));
    }

    [Fact]
    public void Upgrade_is_reported_with_the_command()
    {
        Assert.Contains("`apt-get dist-upgrade`", Single("DR5030", "apt-get dist-upgrade -y").Message);
        Assert.Contains("`apt-get upgrade`", Single("DR5030", "apt upgrade").Message); // as the build-safety pass wrote it
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
        var diagnostic = Single("DR5002", "touch /w", "touch /x");
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal(new TraceLocation(1, 2), diagnostic.Location);
        Assert.Empty(Reported(Compile(new TraceBuilder().As("app", 1000, "/home/app").Command("touch x", Added("/home/app/x"))), "DR5002"));
    }

    [Fact]
    public void Consecutive_RUNs_are_one_hidden_diagnostic_per_chain()
    {
        // the group pass keeps package, system and application steps in their own RUNs on purpose
        var compilation = Compile(new TraceBuilder()
            .Command("apt-get install -y curl", Added("/usr/bin/curl"))
            .Command("touch /etc/a", Added("/etc/a"))
            .Command("touch /opt/a", Added("/opt/a")));
        var diagnostic = Assert.Single(Reported(compilation, "DR5012"));
        Assert.Equal(DiagnosticSeverity.Hidden, diagnostic.Severity);
        Assert.Equal(new TraceLocation(1, 2), diagnostic.Location);
        Assert.StartsWith("3 consecutive RUNs", diagnostic.Message);
        None("DR5012", "touch /a");
    }

    [Fact]
    public void RUNs_the_group_pass_joined_are_not_reported_as_consecutive()
    {
        var compilation = Compile(new TraceBuilder().Command("touch /opt/a", Added("/opt/a")).Command("touch /opt/b", Added("/opt/b")));
        Assert.Single(compilation.Program.OfType<RunInstruction>());
        Assert.Empty(Reported(compilation, "DR5012"));
    }

    [Fact]
    public void A_pipe_is_safe_under_the_bash_SHELL_lowering_writes()
    {
        // prevented by construction (hadolint DL4006): bash sessions get SHELL ["/bin/bash", "-o", "pipefail", "-c"]
        var compilation = Compile(new TraceBuilder().Command("curl -s https://example.com | tar xz -C /opt", Added("/opt/a")));
        Assert.Empty(Reported(compilation, "DR5013"));
        Assert.Contains("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]", Emit(compilation));
    }

    [Fact]
    public void A_pipe_without_pipefail_is_reported_when_the_shell_is_not_bash()
    {
        var trace = new TraceBuilder()
            .Command("curl -s https://example.com/a.tgz | tar xz -C /opt", Added("/opt/a"))
            .Command("set -o pipefail; ls | tee /opt/list", Added("/opt/list"))
            .Build();
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
