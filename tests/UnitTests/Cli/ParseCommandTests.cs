using System.Text.Json;
using DockerRecord.Cli;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Cli;

/// <summary><c>drec parse</c> as a user runs it: outputs, error lines and exit codes.</summary>
public sealed class ParseCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("drec-parse-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    static Task<(int Exit, string Out, string Err)> Run(params string[] args) => DrecCli.Run(args);

    [Fact]
    public async Task A_device_or_an_empty_name_is_one_error_line()
    {
        // /dev/zero would never end; a FIFO does end (<(…) gives one), so only devices are refused
        var (exit, _, error) = await Run("parse", "/dev/zero", "");
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        Assert.Equal("/dev/zero: error: cannot read the file: it is a character device, not a file\n: error: cannot read the file: the file name is empty\n",
            error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Prints_the_tree_as_an_s_expression()
    {
        var (exit, output, error) = await Run("parse", Write("ok.sh", "echo hi\n"));
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal("""(Stmt (SimpleCommand [(Word [(Literal "echo")]) (Word [(Literal "hi")])]))""" + Environment.NewLine, output);
        Assert.Empty(error);
    }

    [Fact]
    public async Task Prints_json_with_spans()
    {
        var (exit, output, _) = await Run("parse", "--format", "json", Write("ok.sh", "ls -l"));
        Assert.Equal(ExitCodes.Success, exit);
        var root = JsonDocument.Parse(output).RootElement;
        var word = root.GetProperty("tree").GetProperty("stmts")[0].GetProperty("command").GetProperty("args")[1];
        Assert.Equal("Word", word.GetProperty("type").GetString());
        Assert.Equal(3, word.GetProperty("span").GetProperty("offset").GetInt32());
        Assert.Equal(4, word.GetProperty("span").GetProperty("column").GetInt32());
    }

    [Fact]
    public async Task A_syntax_error_names_file_line_and_column_and_the_next_file_is_still_parsed()
    {
        var bad = Write("bad.sh", "echo ok\nif true; then fi\n");
        var good = Write("good.sh", "true");
        var (exit, output, error) = await Run("parse", bad, good);
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Equal($"{bad}:2:15: error DR1001: unexpected `fi`, expected command" + Environment.NewLine, error);
        Assert.Contains("; " + good, output);
    }

    [Fact]
    public async Task Lines_mode_checks_each_history_line_on_its_own()
    {
        var history = Write("history", "apt-get update\necho \"oops\ncd /srv && ls\n");
        var (exit, output, error) = await Run("parse", "--lines", history);
        Assert.Equal(ExitCodes.InputErrors, exit);
        Assert.Equal(
            "{\"line\":1,\"ok\":true}\n" +
            "{\"line\":2,\"ok\":false,\"error\":\"1:6: error DR1003: unterminated double quote: no closing `\\\"` before the end of input\"}\n" +
            "{\"line\":3,\"ok\":true}\n",
            output.ReplaceLineEndings("\n"));
        Assert.Equal($"{history}: 3 lines, 2 parsed, 1 with errors" + Environment.NewLine, error);
    }

    [Fact]
    public async Task A_missing_file_is_an_environment_error()
    {
        var (exit, _, error) = await Run("parse", Path.Combine(_dir, "nope.sh"));
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        Assert.StartsWith(Path.Combine(_dir, "nope.sh") + ": error: cannot read the file:", error);
    }

    [Fact]
    public async Task Unknown_options_are_usage_errors()
    {
        var (exit, _, error) = await Run("--bogus");
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        Assert.Contains("drec: error: Unrecognized command or argument '--bogus'", error);
    }
}
