using DockerRecord.Cli;

namespace DockerRecord.UnitTests.Support;

/// <summary>Runs a drec command line in process, as a user would type it, and captures what it printed.</summary>
public static class DrecCli
{
    public static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await DrecCommand.Invoke(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
