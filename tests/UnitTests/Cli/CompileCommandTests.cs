using DockerRecord.Cli;
using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Cli;

/// <summary><c>drec compile</c> as a user runs it: files written, diagnostics on stderr, exit codes.</summary>
public sealed class CompileCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("drec-compile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static Task<(int Exit, string Out, string Err)> Run(params string[] args) => DrecCli.Run(args);

    string SmallTrace() => new TraceBuilder()
        .Command("mkdir /opt/tools", r => r with { Changes = new FileChanges(["/opt/tools"], [], []) })
        .WriteTo(Path.Combine(_dir, "trace"));

    [Fact]
    public async Task Writes_the_Dockerfile_and_a_dockerignore_beside_it()
    {
        var output = Path.Combine(_dir, "out", "Dockerfile");
        var (exit, _, error) = await Run("compile", SmallTrace(), "-o", output);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.DoesNotContain(" warning ", error);
        Assert.DoesNotContain(" error ", error);
        Assert.StartsWith("FROM debian:bookworm\n", File.ReadAllText(output));
        Assert.Contains("RUN mkdir /opt/tools\n", File.ReadAllText(output));
        Assert.StartsWith("# written by drec compile", File.ReadAllText(Path.Combine(_dir, "out", ".dockerignore")));
    }

    [Fact]
    public async Task Dump_ir_of_one_pass_prints_only_that_pass()
    {
        var (exit, output, _) = await Run("compile", SmallTrace(), "-o", Path.Combine(_dir, "Dockerfile"), "--dump-ir", "lower");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.StartsWith("=== after lower ===\nFROM debian:bookworm", output);
        Assert.Single(output.Split('\n'), l => l.StartsWith("=== "));
    }

    [Fact]
    public async Task An_unknown_pass_name_is_a_usage_error()
    {
        var (exit, _, error) = await Run("compile", SmallTrace(), "--dump-ir", "nope");
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        Assert.StartsWith("drec compile: error: no pass is named 'nope' (passes: lower, ", error);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_trace_is_one_error_line_and_no_Dockerfile()
    {
        var output = Path.Combine(_dir, "Dockerfile");
        var (exit, _, error) = await Run("compile", Path.Combine(_dir, "missing"), "-o", output);
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Contains("error DR2001: not a drec trace: the folder does not exist", error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Timings_prints_a_row_per_phase_to_stderr_and_leaves_the_output_alone()
    {
        var plain = Path.Combine(_dir, "plain", "Dockerfile");
        var timed = Path.Combine(_dir, "timed", "Dockerfile");
        var trace = SmallTrace();
        Assert.Equal(ExitCodes.Success, (await Run("compile", trace, "-o", plain)).Exit);
        var (exit, output, error) = await Run("compile", trace, "-o", timed, "--timings");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("", output);
        Assert.Equal(File.ReadAllText(plain), File.ReadAllText(timed));
        var rows = error.TrimEnd('\n').Split('\n').Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal(["phase", "read", .. DockerRecord.Passes.Compiler.Passes.Select(p => p.Name), "analyzers", "diagnostics", "emit", "total", "process:"],
            rows.SkipWhile(r => r != "phase"));
    }

    [Fact]
    public async Task Timings_leave_the_IR_dump_alone_and_time_it_in_a_row_of_its_own()
    {
        var trace = SmallTrace();
        var (_, dumped, _) = await Run("compile", trace, "-o", Path.Combine(_dir, "a", "Dockerfile"), "--dump-ir");
        var (exit, output, error) = await Run("compile", trace, "-o", Path.Combine(_dir, "b", "Dockerfile"), "--dump-ir", "--timings");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(dumped, output);
        Assert.Single(error.Split('\n'), l => l.StartsWith("dump-ir "));
    }

    [Fact]
    public async Task Timings_are_printed_when_errors_stop_the_compile()
    {
        var (exit, _, error) = await Run("compile", Path.Combine(_dir, "missing"), "-o", Path.Combine(_dir, "Dockerfile"), "--timings");
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Contains("error DR2001", error);
        Assert.Contains("\nread trace ", error);
        Assert.Contains("\ntotal ", error);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("1.4\nRUN touch /x")]
    public async Task Syntax_takes_a_version_only(string syntax)
    {
        // it becomes the `# syntax=` line: a line break in it would write an instruction before FROM
        var output = Path.Combine(_dir, "Dockerfile");
        var (exit, _, error) = await Run("compile", SmallTrace(), "-o", output, "--syntax", syntax);
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        Assert.Contains("--syntax takes a Dockerfile syntax version such as 1.4 or 1.7-labs", error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Verify_with_a_container_name_the_engine_cannot_have_is_one_line()
    {
        var (exit, _, error) = await Run("compile", SmallTrace(), "-o", Path.Combine(_dir, "Dockerfile"), "--verify", "a\nb; rm -rf /");
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        Assert.EndsWith("\ndrec verify: error: \"a\\nb; rm -rf /\" is not a container name or id\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task List_passes_names_every_pass_in_order()
    {
        var (exit, output, _) = await Run("compile", "--list-passes", "x");
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(DockerRecord.Passes.Compiler.Passes.Select(p => p.Name), output.TrimEnd('\n').Split('\n').Take(DockerRecord.Passes.Compiler.Passes.Count).Select(l => l.Split(' ')[0]));
    }

    [Fact]
    public async Task Record_replay_compiles_the_containers_default_trace_into_the_current_folder()
    {
        var previous = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(_dir);
            new TraceBuilder().Command("mkdir /opt/tools", r => r with { Changes = new FileChanges(["/opt/tools"], [], []) })
                .WriteTo(Path.Combine(_dir, "demo.drec"));
            var (exit, _, error) = await Run("record", "demo", "--replay");
            Assert.Equal(ExitCodes.Success, exit);
            Assert.DoesNotContain(": warning ", error);
            Assert.DoesNotContain(": error ", error);
            Assert.Contains("RUN mkdir /opt/tools\n", File.ReadAllText(Path.Combine(_dir, "Dockerfile")));
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }
}
