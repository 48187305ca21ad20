using System.CommandLine;
using DockerRecord.Cli.Recording;
using DockerRecord.Frontend.Trace;
using Command = System.CommandLine.Command;

namespace DockerRecord.Cli.Commands;

/// <summary>
/// <c>drec hook bash [--trace DIR]</c>: prints the recording hook for a bash outside containers, which writes the command
/// lines typed in it into a trace (like <c>starship init bash</c>: <c>eval "$(drec hook bash --trace DIR)"</c>).
/// </summary>
static class HookCommand
{
    public static Command Create()
    {
        // a plain argument rather than one subcommand per shell, so that an unsupported shell gets one clear line
        var shell = new Argument<string>("shell") { Description = "The shell to print the hook for: bash." };
        var trace = new Option<string?>("--trace", "-t")
        {
            Description = "Trace folder the shell records into (default: ./<host name>.drec); each shell adds a session.",
        };
        var command = new Command("hook", "Print the recording hook for a shell outside containers (eval it in ~/.bashrc).") { shell, trace };
        command.SetAction(parseResult =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var name = parseResult.GetValue(shell)!;
            if (name != "bash")
            {
                error.WriteLine($"drec hook: error: unsupported shell '{name}'; drec hooks bash only (4.4 or newer; busybox ash, sh, zsh and fish are not supported)");
                return ExitCodes.UsageOrEnvironment;
            }
            var directory = Path.GetFullPath(parseResult.GetValue(trace) ?? RecordCommand.DefaultTraceDirectory(Environment.MachineName));
            if (Problem(directory) is { } problem)
            {
                error.WriteLine($"drec hook: error: {problem}");
                return ExitCodes.UsageOrEnvironment;
            }
            parseResult.InvocationConfiguration.Output.Write(BashHook.ForTrace(directory, SessionRecorder.DrecVersion));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Why the folder cannot hold a trace (the hook checks again in each shell), or null.</summary>
    static string? Problem(string directory)
    {
        if (File.Exists(directory)) return $"{directory} is a file, not a trace folder";
        if (!Directory.Exists(directory)) return null;
        if (File.Exists(Path.Combine(directory, TraceLayout.ManifestFile)))
            return TraceReader.ReadManifest(directory, out var why) is null ? why : null;
        return Directory.EnumerateFileSystemEntries(directory).Any()
            ? $"{directory}: the folder is not empty and is not a drec trace (no {TraceLayout.ManifestFile})"
            : null;
    }
}
