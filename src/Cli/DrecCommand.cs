using System.CommandLine;
using DockerRecord.Cli.Commands;
using DockerRecord.Cli.Diagnostics;

namespace DockerRecord.Cli;

/// <summary>The <c>drec</c> root command and its subcommands.</summary>
public static class DrecCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("drec turns what you did by hand inside a running Docker container into a clean Dockerfile.");
        root.Subcommands.Add(ParseCommand.Create());
        root.Subcommands.Add(RecordCommand.Create());
        root.Subcommands.Add(CompileCommand.Create());
        root.Subcommands.Add(HookCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        return root;
    }

    /// <summary>Parses and runs a command line, writing to the given streams (tests pass string writers).</summary>
    public static async Task<int> Invoke(string[] args, TextWriter output, TextWriter error)
    {
        var parseResult = Create().Parse(DiagnosticOptions.Normalize(args));
        if (parseResult.Errors.Count > 0 && !parseResult.Tokens.Any(t => t.Value is "--help" or "-h" or "-?"))
        {
            // usage errors exit 2, one line each, like every other usage or environment error
            foreach (var parseError in parseResult.Errors)
                await error.WriteLineAsync($"drec: error: {parseError.Message}");
            await error.WriteLineAsync("Try 'drec --help'.");
            return ExitCodes.UsageOrEnvironment;
        }
        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}
