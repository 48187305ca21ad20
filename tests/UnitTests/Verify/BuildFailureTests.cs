using DockerRecord.Cli.Verify;
using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Verify;

public sealed class BuildFailureTests
{
    static BuildOutcome FailedAt(string stepName, string error)
    {
        var progress = new BuildProgress(TextWriter.Null, null);
        progress.Announce("d", stepName, cached: false);
        progress.Output("d", "make: *** No rule to make target 'install'.\n");
        progress.Fail("d", error);
        return new BuildOutcome(BuilderKind.BuildKit, null, error, progress.Failed);
    }

    [Fact]
    public void Without_annotations_the_trace_is_compiled_again_to_find_the_commands()
    {
        var trace = Directory.CreateTempSubdirectory("drec-failure-").FullName;
        try
        {
            new TraceBuilder()
                .Command("touch /srv/a", r => r with { Changes = new FileChanges(["/srv/a"], [], []) })
                .Command("make install", r => r with { Changes = new FileChanges(["/usr/local/bin/app"], [], []) })
                .WriteTo(trace);
            // as drec compiles it: the system step (/usr/local) before the application one (/srv), in their own RUNs
            var dockerfile = DockerfileDocument.Parse("FROM debian:bookworm\n\nRUN make install\nRUN touch /srv/a\n");

            var failure = BuildFailure.Locate(dockerfile, FailedAt("[2/3] RUN make install", "exit code: 2"), trace);

            Assert.Equal(3, failure.Instruction!.StartLine);
            Assert.Equal("session-1:2: make install", Assert.Single(failure.Commands).ToString());
            Assert.Equal(["make: *** No rule to make target 'install'."], failure.LastLines);
            Assert.Equal("Dockerfile:3:1: error DR6001: the build failed at `RUN make install`: exit code: 2",
                failure.ToDiagnostic("Dockerfile", dockerfile.Text).ToString());
        }
        finally
        {
            Directory.Delete(trace, recursive: true);
        }
    }

    [Fact]
    public void A_Dockerfile_syntax_error_points_at_its_line()
    {
        var dockerfile = DockerfileDocument.Parse("FROM debian:bookworm\nRUNN make\n");
        var outcome = new BuildOutcome(BuilderKind.BuildKit, null, "failed to create LLB definition: dockerfile parse error line 2: unknown instruction: RUNN", null);
        var failure = BuildFailure.Locate(dockerfile, outcome, traceDirectory: null);
        Assert.Equal("RUNN make", failure.Instruction!.Text);
        Assert.Empty(failure.Commands);
    }
}
