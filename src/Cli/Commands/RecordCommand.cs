using System.CommandLine;
using System.Runtime.InteropServices;
using DockerRecord.Cli.Recording;
using DockerRecord.Frontend.Trace;
using Command = System.CommandLine.Command;

namespace DockerRecord.Cli.Commands;

/// <summary><c>drec record &lt;container&gt;</c>: an instrumented shell in a running container, recorded into a trace.</summary>
static class RecordCommand
{
    public static Command Create()
    {
        var container = new Argument<string>("container") { Description = "Name or id of a running container." };
        var trace = new Option<string?>("--trace", "-t")
        {
            Description = "Trace folder to record into (default: ./<container>.drec). Sessions are appended in order.",
        };
        var maxFileSize = new Option<long>("--max-file-size")
        {
            Description = "Largest changed file whose final content is kept at the end of the session, in bytes.",
            DefaultValueFactory = _ => 1 << 20,
        };
        var replay = new Option<bool>("--replay")
        {
            Description = "Do not record: compile the container's trace into ./Dockerfile (the 2015 docker-record workflow).",
        };
        var command = new Command("record", "Record an interactive shell session inside a running container.") { container, trace, maxFileSize, replay };
        command.SetAction(async (parseResult, cancellation) =>
        {
            var name = parseResult.GetValue(container)!;
            var options = new RecordOptions(name, parseResult.GetValue(trace) ?? DefaultTraceDirectory(name), parseResult.GetValue(maxFileSize));
            var error = parseResult.InvocationConfiguration.Error;
            if (parseResult.GetValue(replay))
            {
                // the same compile a user would run by hand, so both give the same Dockerfile and messages
                var dockerfile = Path.Combine(Directory.GetCurrentDirectory(), "Dockerfile");
                return await DrecCommand.Invoke(["compile", options.TraceDirectory, "-o", dockerfile], parseResult.InvocationConfiguration.Output, error);
            }

            // SIGTERM and SIGHUP end the session cleanly: the terminal is restored and the trace closed
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => { context.Cancel = true; stop.Cancel(); });
            try
            {
                return await SessionRecorder.RunAsync(options, StandardStreams.Input, StandardStreams.Output, error, stop.Token);
            }
            catch (Exception e) when (e is RecorderException or TraceException)
            {
                await error.WriteLineAsync($"drec record: error: {e.Message}");
                return ExitCodes.UsageOrEnvironment;
            }
            catch (OperationCanceledException)
            {
                await error.WriteLineAsync("drec record: stopped; the trace holds every command completed so far");
                return ExitCodes.UsageOrEnvironment;
            }
        });
        return command;
    }

    /// <summary>The default trace folder of a container: <c>./&lt;name&gt;.drec</c>.</summary>
    public static string DefaultTraceDirectory(string container) =>
        Path.Combine(Directory.GetCurrentDirectory(), string.Concat(container.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')) + ".drec");
}
