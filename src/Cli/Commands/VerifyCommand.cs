using System.CommandLine;
using System.Globalization;
using DockerRecord.Cli.Verify;
using Command = System.CommandLine.Command;

namespace DockerRecord.Cli.Commands;

/// <summary>
/// <c>drec verify &lt;container&gt; [&lt;dir&gt;]</c>: builds the Dockerfile in the folder and checks that the image reproduces
/// the container (docs/verify.md).
/// </summary>
static class VerifyCommand
{
    public static Command Create()
    {
        var container = new Argument<string>("container") { Description = "Name or id of the recorded container (running or stopped)." };
        var directory = new Argument<string>("dir")
        {
            Description = "The folder with the Dockerfile and its build context.",
            DefaultValueFactory = _ => ".",
        };
        var file = new Option<string>("--file", "-f") { Description = "The Dockerfile's name in the folder.", DefaultValueFactory = _ => "Dockerfile" };
        var trace = new Option<string?>("--trace", "-t")
        {
            Description = "The trace the Dockerfile came from, to name the commands of a failing instruction (default: ./<container>.drec).",
        };
        var minScore = new Option<double>("--min-score")
        {
            Description = "The share of the container's changes (after noise) the image must reproduce exactly, 0 to 1.",
            DefaultValueFactory = _ => 1.0,
        };
        var ignore = new Option<string[]>("--ignore")
        {
            Description = "Another noise pattern (repeatable), e.g. /srv/app/cache or *.log; see docs/verify.md.",
            AllowMultipleArgumentsPerToken = false,
        };
        var fix = new Option<bool>("--fix") { Description = "Add a COPY for each missed or different file and build again while the score improves." };
        var keep = new Option<bool>("--keep") { Description = "Keep the built image and the container that ran its CMD." };
        var json = new Option<bool>("--json") { Description = "Print the whole report as JSON (every path)." };
        var runSeconds = new Option<double>("--run-seconds") { Description = "How long the CMD must stay up.", DefaultValueFactory = _ => 3 };
        var builder = new Option<BuilderKind>("--builder")
        {
            Description = "auto (default), buildkit or classic (through the engine API), or cli (the docker client's BuildKit).",
            DefaultValueFactory = _ => BuilderKind.Auto,
        };
        var secret = new Option<string[]>("--secret") { Description = "A secret for RUN --mount=type=secret: id=NAME,src=FILE (repeatable; uses the docker client)." };
        var command = new Command("verify", "Build the Dockerfile and check that the image reproduces the container.")
        {
            container, directory, file, trace, minScore, ignore, fix, keep, json, runSeconds, builder, secret,
        };
        command.Validators.Add(result =>
        {
            var score = result.GetValue(minScore);
            if (score is < 0 or > 1) result.AddError($"--min-score must be between 0 and 1, not {score.ToString(CultureInfo.InvariantCulture)}");
            if (result.GetValue(runSeconds) is < 0 or > 600) result.AddError("--run-seconds must be between 0 and 600");
        });
        command.SetAction(async (parseResult, cancellation) =>
        {
            var options = new VerifyOptions
            {
                Container = parseResult.GetValue(container)!,
                Directory = parseResult.GetValue(directory)!,
                DockerfileName = parseResult.GetValue(file)!,
                TraceDirectory = parseResult.GetValue(trace),
                MinScore = parseResult.GetValue(minScore),
                Ignore = parseResult.GetValue(ignore) ?? [],
                Fix = parseResult.GetValue(fix),
                Keep = parseResult.GetValue(keep),
                Json = parseResult.GetValue(json),
                RunFor = TimeSpan.FromSeconds(parseResult.GetValue(runSeconds)),
                Builder = parseResult.GetValue(builder),
                Secrets = parseResult.GetValue(secret) ?? [],
            };
            return await Verifier.RunAsync(options, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellation);
        });
        return command;
    }
}
