using System.Security.Cryptography;
using DockerRecord.Cli;
using DockerRecord.Cli.Verify;
using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Cli;

/// <summary>
/// Where <c>drec compile -o</c> may write: a file, never a folder, and never inside the trace folder (real paths
/// compared), refused with one line before anything is written. The trace's parent, as <c>drec record --replay</c>
/// uses it, stays fine, and then nothing of the trace is touched or sent to the engine.
/// </summary>
public sealed class CompileOutputPathTests : IDisposable
{
    readonly string _dir = RealPath.Of(Directory.CreateTempSubdirectory("drec-output-").FullName)!;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static Task<(int Exit, string Out, string Err)> Run(params string[] args) => DrecCli.Run(args);

    string Trace(string name = "demo.drec") => new TraceBuilder()
        .Command("nano /etc/hosts", r => r with { Changes = new FileChanges([], ["/etc/hosts"], []) })
        .Capture("/etc/hosts", "content\n")
        .WriteTo(Path.Combine(_dir, name));

    /// <summary>Every name and byte in the folder, links as their targets.</summary>
    static string Fingerprint(string folder)
    {
        var entries = Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(path => new FileInfo(path) is { LinkTarget: { } target } ? $"{path} -> {target}"
                : File.Exists(path) ? $"{path} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}"
                : path);
        return string.Join('\n', entries);
    }

    static void AssertOneLine(string error, string expected)
    {
        Assert.Equal(expected + "\n", error);
    }

    [Fact]
    public async Task Diagnostics_output_that_is_the_Dockerfile_is_refused()
    {
        // the Dockerfile would overwrite the diagnostics (json) or the other way round
        var output = Path.Combine(_dir, "out", "Dockerfile");
        var (exit, _, error) = await Run("compile", Trace(), "-o", output, "--diagnostics-format", "json", "--diagnostics-output", output);
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        Assert.Equal($"drec compile: error: --diagnostics-output {output} is the Dockerfile -o writes; give the diagnostics a file of their own\n",
            error.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task An_empty_output_path_is_a_usage_error()
    {
        var (exit, _, error) = await Run("compile", Trace(), "-o", "");
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        AssertOneLine(error, "drec compile: error: -o is empty; -o names the Dockerfile to write");
    }

    [Fact]
    public async Task A_folder_as_the_output_path_is_a_usage_error_and_nothing_is_written()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "out")).FullName;
        var (exit, _, error) = await Run("compile", Trace(), "-o", folder);
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        AssertOneLine(error, $"drec compile: error: -o {folder} is a directory; -o names the Dockerfile to write");
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
    }

    [Theory]
    [InlineData("session-1/commands.jsonl")]
    [InlineData("trace.json")]
    [InlineData("Dockerfile")]
    [InlineData("session-1/files/Dockerfile")]
    [InlineData("new/Dockerfile")]
    public async Task An_output_path_inside_the_trace_is_refused_and_the_trace_is_unchanged(string inside)
    {
        var trace = Trace();
        var before = Fingerprint(trace);
        var output = Path.Combine(trace, inside);
        var (exit, _, error) = await Run("compile", trace, "-o", output);
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        AssertOneLine(error, $"drec compile: error: -o {output} is inside the trace folder {trace}, which drec never writes into; choose a place outside it");
        Assert.Equal(before, Fingerprint(trace));
    }

    [Fact]
    public async Task Links_to_or_from_the_trace_do_not_hide_that_the_output_is_inside_it()
    {
        var trace = Trace();
        var before = Fingerprint(trace);
        var link = Path.Combine(_dir, "link");
        Directory.CreateSymbolicLink(link, trace);
        var dockerfileLink = Path.Combine(_dir, "Dockerfile");
        File.CreateSymbolicLink(dockerfileLink, Path.Combine(trace, "session-1", "commands.jsonl"));

        foreach (var (traceArgument, output) in ((string, string)[])[(trace, Path.Combine(link, "Dockerfile")), (link, Path.Combine(trace, "Dockerfile")), (trace, dockerfileLink)])
        {
            var (exit, _, error) = await Run("compile", traceArgument, "-o", output);
            Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
            AssertOneLine(error, $"drec compile: error: -o {output} is inside the trace folder {trace}, which drec never writes into; choose a place outside it");
        }
        Assert.Equal(before, Fingerprint(trace));
    }

    [Fact]
    public async Task Diagnostics_are_not_written_inside_the_trace_either()
    {
        var trace = Trace();
        var before = Fingerprint(trace);
        var diagnostics = Path.Combine(trace, "session-1", "commands.jsonl");
        var (exit, _, error) = await Run("compile", trace, "-o", Path.Combine(_dir, "out", "Dockerfile"), "--diagnostics-output", diagnostics);
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        AssertOneLine(error, $"drec compile: error: --diagnostics-output {diagnostics} is inside the trace folder {trace}, which drec never writes into; choose a place outside it");
        Assert.Equal(before, Fingerprint(trace));
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Fact]
    public async Task The_traces_parent_folder_works_and_the_dockerignore_keeps_the_trace_out_of_the_context()
    {
        var trace = Trace();
        var before = Fingerprint(trace);
        var (exit, _, error) = await Run("compile", trace, "-o", Path.Combine(_dir, "Dockerfile"));
        Assert.Equal(ExitCodes.Success, exit);
        Assert.DoesNotContain(": warning ", error);
        Assert.Contains("COPY rootfs/etc/hosts /etc/hosts\n", File.ReadAllText(Path.Combine(_dir, "Dockerfile")));

        // compiled again over a list of earlier files edited to name the trace's: none of them is removed
        File.AppendAllLines(Path.Combine(_dir, ".drec-context"), ["demo.drec/trace.json", "demo.drec/session-1/commands.jsonl"]);
        Assert.Equal(ExitCodes.Success, (await Run("compile", trace, "-o", Path.Combine(_dir, "Dockerfile"))).Exit);
        Assert.Equal(before, Fingerprint(trace));

        var ignore = DockerIgnore.Load(_dir);
        Assert.False(ignore.IsExcluded("rootfs/etc/hosts"));
        foreach (var file in Directory.EnumerateFiles(trace, "*", SearchOption.AllDirectories))
            Assert.True(ignore.IsExcluded(Path.GetRelativePath(_dir, file)), file);
    }

    [Theory]
    [InlineData("rootfs/etc/hosts", "a folder is where the context file rootfs/etc/hosts goes")]
    [InlineData("rootfs", "a file is where the context folder rootfs goes")]
    public async Task Something_else_where_a_context_file_goes_is_one_error_line(string inTheWay, string why)
    {
        var output = Path.Combine(_dir, "out", "Dockerfile");
        if (inTheWay.EndsWith("hosts")) Directory.CreateDirectory(Path.Combine(_dir, "out", inTheWay));
        else
        {
            Directory.CreateDirectory(Path.Combine(_dir, "out"));
            File.WriteAllText(Path.Combine(_dir, "out", inTheWay), "mine");
        }
        var (exit, _, error) = await Run("compile", Trace(), "-o", output);
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        Assert.EndsWith($"\n{output}: error: cannot write the Dockerfile or its context: {why}\n", error);
    }

    [Fact]
    public async Task A_trace_named_like_the_context_folder_beside_the_Dockerfile_is_never_written_into()
    {
        var trace = Trace("rootfs");
        var before = Fingerprint(trace);
        var output = Path.Combine(_dir, "Dockerfile");
        var (exit, _, error) = await Run("compile", trace, "-o", output);
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        Assert.EndsWith($"{output}: error: cannot write the Dockerfile or its context: context file rootfs/etc/hosts would be written inside the trace folder {trace}, which drec never writes into\n", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(": error"));
        Assert.Equal(before, Fingerprint(trace));
        Assert.False(File.Exists(output));
    }
}
