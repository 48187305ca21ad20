using DockerRecord.Cli;
using Xunit.Abstractions;

namespace DockerRecord.EngineTests;

/// <summary>
/// The drec under test as a process (the native binary when <c>DREC_BIN</c> names one, as in .ci/run; else
/// <c>dotnet drec.dll</c>) prints and writes byte for byte what the JIT build does in this process: every golden
/// baseline compiled with its options (the Dockerfile also byte for byte the baseline's), shell text parsed, and traces
/// with left-out fields and bad lines read. What differs in a native binary (trimming, generated JSON metadata,
/// reflection without metadata tokens) would show here first. No engine needed.
/// </summary>
[Trait("Category", "Engine")]
public sealed class DrecBinaryTests(ITestOutputHelper output) : IDisposable
{
    static readonly string s_baselines = Path.Combine(EngineFixture.RepositoryRoot, "tests", "Baselines");

    readonly string _work = Directory.CreateTempSubdirectory("drec-binary-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    public static TheoryData<string> Baselines() =>
        [.. Directory.EnumerateDirectories(s_baselines).Where(d => Directory.Exists(Path.Combine(d, "trace")))
            .Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Baselines))]
    public async Task A_baseline_compiles_as_in_process(string name)
    {
        var folder = Path.Combine(s_baselines, name);
        var options = BaselineFlags.Of(folder);
        var trace = Path.Combine(folder, "trace");
        var run = await AssertSameAsInProcess(["compile", trace, "-o", Path.Combine(_work, "out", "Dockerfile"), "--explain",
            "--diagnostics-format", "sarif", "--diagnostics-output", Path.Combine(_work, "out", "drec.sarif"), .. options]);
        var expected = File.ReadAllBytes(Path.Combine(folder, "Dockerfile"));
        if (run.Files.TryGetValue("Dockerfile", out var dockerfile))
            Assert.True(expected.SequenceEqual(dockerfile), $"tests/Baselines/{name}/Dockerfile differs from what {Describe()} writes");
        else
            Assert.StartsWith("# no Dockerfile", System.Text.Encoding.UTF8.GetString(expected));

        await AssertSameAsInProcess(["compile", trace, "-o", Path.Combine(_work, "out", "Dockerfile"), "--dump-ir", "--diagnostics-format", "json", .. options]);
    }

    // not --help nor --version: in process they name the test host, not drec
    [Theory]
    [InlineData("compile --list-passes")]
    [InlineData("hook bash --trace /tmp/t.drec")]
    [InlineData("hook zsh")]
    [InlineData("compile")]
    [InlineData("parse --format yaml")]
    [InlineData("no-such-command")]
    public async Task A_command_line_prints_as_in_process(string commandLine) => await AssertSameAsInProcess(commandLine.Split(' '));

    public static TheoryData<string> ShellTexts() =>
    [
        "cd /app && make 2>&1 | tee log\n",
        "for f in *.c; do gcc -c \"$f\" || exit 1; done\nx=$((1 + 2)) y=( a 'b c' ) z=${HOME:-/root}\n",
        "cat <<'EOF' > /etc/app.conf\nkey = \"value\" é ✓\nEOF\nif [[ -f /x ]]; then echo `date`; elif true; then :; else false; fi\n",
        "case $1 in a|b) echo ab;; *) echo other;& esac; f() { local v; coproc c { sleep 1; }; }; time -p ls\n",
        "echo )\n",
        "if true; then\n",
        "case x in\n",
        "a | | b\n",
        "for ; do done\n",
        "echo 'unclosed\n",
        "echo > \n",
    ];

    [Theory]
    [MemberData(nameof(ShellTexts))]
    public async Task Shell_text_parses_as_in_process(string text)
    {
        var file = Path.Combine(_work, "input.sh");
        await File.WriteAllTextAsync(file, text);
        await AssertSameAsInProcess(["parse", file]);
        await AssertSameAsInProcess(["parse", "--format", "json", file]);
        await AssertSameAsInProcess(["parse", "--lines", file]);
    }

    [Fact]
    public async Task A_trace_with_left_out_fields_and_bad_lines_reads_as_in_process()
    {
        var trace = Path.Combine(_work, "t.drec");
        var session = Path.Combine(trace, "session-1");
        Directory.CreateDirectory(session);
        await File.WriteAllTextAsync(Path.Combine(trace, "trace.json"), """{"format":"drec-trace","version":1}""");
        await File.WriteAllTextAsync(Path.Combine(session, "session.json"),
            """{"number":1,"container_id":"c","container_name":"demo","image_reference":"debian:bookworm","start":"2026-01-01T00:00:00Z","drec_version":"v"}""");
        // left-out fields (read with the records' defaults: ran, lists) and a field the fast reader does not know
        await File.WriteAllTextAsync(Path.Combine(session, "commands.jsonl"), string.Join("\n",
            """{"seq":1,"cmd":"apt-get install -y curl","status":0,"later":1}""",
            """{"seq":2,"cmd":"useradd -m app","changes":{"added":["/home/app"],"changed":["/etc/passwd"],"deleted":[]},"later":1}""",
            """{"seq":3,"cmd":"echo hi > /srv/x","cwd":"/srv","later":1}""") + "\n");
        await File.WriteAllTextAsync(Path.Combine(session, "files.jsonl"), """{"path":"/srv/x","reason":"final","type":"dir","mode":493}""" + "\n");
        await AssertSameAsInProcess(["compile", trace, "-o", Path.Combine(_work, "out", "Dockerfile"), "--explain"]);

        // bad lines: a field of the wrong type (the error names the field's type), a missing required field, a torn end
        await File.AppendAllTextAsync(Path.Combine(session, "commands.jsonl"),
            """{"seq":"four","cmd":"x"}""" + "\n" + """{"seq":5,"cmd":"x","uid":"root"}""" + "\n" + """{"seq":6}""" + "\n" + """{"seq":7,"cm""");
        var run = await AssertSameAsInProcess(["compile", trace, "-o", Path.Combine(_work, "out", "Dockerfile")]);
        Assert.Contains("could not be converted to System.Int32", run.Stderr);
        Assert.Contains("could not be converted to System.Nullable`1[System.Int32]", run.Stderr);
    }

    sealed record Outcome(int Exit, string Stdout, string Stderr, Dictionary<string, byte[]> Files);

    /// <summary>Runs the drec under test and then the JIT build in this process with the same arguments; all the same.</summary>
    async Task<Outcome> AssertSameAsInProcess(string[] args)
    {
        var outputDirectory = Path.Combine(_work, "out");
        if (Directory.Exists(outputDirectory)) Directory.Delete(outputDirectory, recursive: true);
        var process = EngineFixture.RunDrec(args, timeout: TimeSpan.FromMinutes(2));
        var binary = new Outcome(process.ExitCode, process.Stdout, process.Stderr, Snapshot(outputDirectory));

        Directory.Delete(outputDirectory, recursive: true);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await DrecCommand.Invoke(args, stdout, stderr);
        var inProcess = new Outcome(exit, stdout.ToString(), stderr.ToString(), Snapshot(outputDirectory));

        var what = $"drec {string.Join(' ', args)}: {Describe()} and the JIT build in process differ";
        Assert.True(binary.Exit == inProcess.Exit, $"{what}: exit {binary.Exit} and {inProcess.Exit}\n{binary.Stderr}");
        Assert.True(binary.Stdout == inProcess.Stdout, $"{what} on standard output:\n{binary.Stdout}\n---\n{inProcess.Stdout}");
        Assert.True(binary.Stderr == inProcess.Stderr, $"{what} on standard error:\n{binary.Stderr}\n---\n{inProcess.Stderr}");
        Assert.Equal(inProcess.Files.Keys.Order(StringComparer.Ordinal), binary.Files.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, bytes) in inProcess.Files)
            Assert.True(bytes.SequenceEqual(binary.Files[path]), $"{what}: {path}");
        output.WriteLine($"same: drec {string.Join(' ', args)} (exit {binary.Exit}, {binary.Files.Count} files)");
        return binary;
    }

    /// <summary>Every file under the output folder, by relative path (created empty when the command wrote none).</summary>
    static Dictionary<string, byte[]> Snapshot(string directory)
    {
        Directory.CreateDirectory(directory);
        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllBytes);
    }

    static string Describe() => EngineFixture.NativeDrec is { } native ? $"the native binary {native}" : "dotnet drec.dll";
}
