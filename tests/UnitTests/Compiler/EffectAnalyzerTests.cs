using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes;
using DockerRecord.Passes.Lowering;
using DockerRecord.Passes.Ordering;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

/// <summary>The effect analyzer reuses one collector per thread: nothing found for one RUN may show in the next.</summary>
public sealed class EffectAnalyzerTests
{
    static (EffectAnalyzer Analyzer, RunInstruction[] Runs) Lowered(TraceBuilder builder)
    {
        var context = new CompilationContext(builder.Build(), CompileOptions.Default);
        var program = new LowerTracePass().Run(ImageProgram.Empty, context);
        return (new EffectAnalyzer(context), [.. program.OfType<RunInstruction>()]);
    }

    static TraceBuilder BusyThenQuiet(string quietLine) => new TraceBuilder()
        .Command("useradd -m app && export TOKEN_X=1 && apt-get install -y curl > /opt/log && cd /srv && set -e",
            r => r with { Changes = new FileChanges(["/opt/log", "/usr/bin/curl", "/home/app"], [], []), User = "app" })
        .Command(quietLine, r => r with { User = "root" });

    [Fact]
    public void A_run_found_after_a_busy_one_has_only_its_own_effects()
    {
        var (analyzer, runs) = Lowered(BusyThenQuiet("true"));
        var busy = analyzer.Analyze(runs[0]);
        var quiet = analyzer.Analyze(runs[1]);

        Assert.NotEmpty(busy.Writes);
        Assert.True(busy.InstallsPackages);
        Assert.Empty(quiet.Reads);
        Assert.Empty(quiet.Writes);
        Assert.Empty(quiet.SetsVariables);
        Assert.Empty(quiet.ReadsVariables);
        Assert.Empty(quiet.CreatesUsers);
        Assert.Empty(quiet.NeedsUsers);
        Assert.False(quiet.InstallsPackages || quiet.UsesInstalledPrograms || quiet.RunsApt || quiet.ChangesShellState || quiet.Barrier);
    }

    [Fact]
    public void The_same_run_has_the_same_effects_after_other_runs_and_alone()
    {
        const string line = "echo \"$HOME\" >> /etc/motd && cp /etc/motd /opt/motd";
        var (afterBusy, afterRuns) = Lowered(BusyThenQuiet(line));
        afterBusy.Analyze(afterRuns[0]);
        var seen = afterBusy.Analyze(afterRuns[1]);
        var (alone, aloneRuns) = Lowered(new TraceBuilder().Command(line));
        var expected = alone.Analyze(aloneRuns[0]);

        Assert.Equal([.. expected.Reads], seen.Reads.ToArray());
        Assert.Equal([.. expected.Writes], seen.Writes.ToArray());
        Assert.Equal([.. expected.ReadsVariables], seen.ReadsVariables.ToArray());
        Assert.Equal([.. expected.NeedsUsers], seen.NeedsUsers.ToArray());
        Assert.Equal((expected.UsesInstalledPrograms, expected.Class), (seen.UsesInstalledPrograms, seen.Class));
    }

    [Fact]
    public void A_session_without_commands_whose_end_left_links_and_folders_compiles()
    {
        // the steps that recreate them name the session's command 0, which the trace does not have: no record to read
        var compiled = CompiledTrace.Of(new TraceBuilder().Link("/opt/link", "/etc/app.conf").Folder("/opt/dir"));
        Assert.Contains("ln -sfn /etc/app.conf /opt/link", compiled.Dockerfile);
        Assert.Contains("mkdir -p /opt/dir", compiled.Dockerfile);
    }
}
