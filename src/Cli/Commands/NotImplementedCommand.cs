using System.CommandLine;

namespace DockerRecord.Cli.Commands;

/// <summary>A command whose issue has not landed yet: it says so, and produces nothing.</summary>
static class NotImplementedCommand
{
    public static Command Create(string name, string description, string argumentName)
    {
        var command = new Command(name, description + " (not implemented yet)");
        var argument = new Argument<string[]>(argumentName) { Arity = ArgumentArity.ZeroOrMore };
        command.Arguments.Add(argument);
        command.SetAction(parseResult =>
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"drec {name}: not implemented yet");
            return ExitCodes.UsageOrEnvironment;
        });
        return command;
    }
}
