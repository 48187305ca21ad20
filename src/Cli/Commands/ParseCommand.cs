using System.CommandLine;
using System.Text;
using System.Text.Json;
using DockerRecord.Cli.Diagnostics;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Parsing;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Frontend.Text;
using Command = System.CommandLine.Command;

namespace DockerRecord.Cli.Commands;

/// <summary>
/// <c>drec parse [FILE…|-]</c>: prints what drec understands of shell text, as an S-expression or JSON, or with
/// <c>--lines</c> checks each line of a history file on its own.
/// </summary>
static class ParseCommand
{
    public enum OutputFormat { Sexpr, Json }

    public static Command Create()
    {
        var files = new Argument<string[]>("file")
        {
            Description = "Files to parse; '-' or none reads standard input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var format = new Option<OutputFormat>("--format", "-f")
        {
            Description = "Tree output: sexpr (readable) or json.",
            DefaultValueFactory = _ => OutputFormat.Sexpr,
        };
        var lines = new Option<bool>("--lines")
        {
            Description = "Treat each line as a separate command line (a history file): one JSON object per line, a summary on stderr.",
        };
        var command = new Command("parse", "Parse shell text and print its syntax tree.") { files, format, lines };
        var diagnosticOptions = new DiagnosticOptions();
        diagnosticOptions.AddTo(command);
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (diagnosticOptions.CreatePolicy(parseResult, error) is not { } policy) return ExitCodes.UsageOrEnvironment;
            var paths = parseResult.GetValue(files) is { Length: > 0 } given ? given : ["-"];
            var exit = ExitCodes.Success;
            foreach (var path in paths)
            {
                var name = path == "-" ? "<stdin>" : path;
                // a device never ends (/dev/zero); a FIFO does, as <(…) gives one, so only devices are refused
                var unreadable = path.Length == 0 ? "the file name is empty"
                    : path != "-" && Frontend.Trace.SpecialFile.KindAt(path) is { } kind && kind.EndsWith("device", StringComparison.Ordinal)
                        ? $"it is {kind}, not a file" : null;
                if (unreadable is not null)
                {
                    error.WriteLine($"{path}: error: cannot read the file: {unreadable}");
                    exit = ExitCodes.UsageOrEnvironment;
                    continue;
                }
                try
                {
                    using var input = new StreamReader(path == "-" ? StandardStreams.Input : File.OpenRead(path), leaveOpen: path == "-");
                    var fileExit = parseResult.GetValue(lines)
                        ? ParseLines(name, input, output, error)
                        : ParseWhole(name, input.ReadToEnd(), parseResult.GetValue(format), paths.Length > 1, policy, output, error);
                    exit = Math.Max(exit, fileExit);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    error.WriteLine($"{path}: error: cannot read the file: {e.Message}");
                    exit = ExitCodes.UsageOrEnvironment;
                }
            }
            return exit;
        });
        return command;
    }

    static int ParseWhole(string name, string text, OutputFormat format, bool several, DiagnosticPolicy policy, TextWriter output, TextWriter error)
    {
        var result = ShellParser.Parse(text);
        var reported = policy.Apply(result.Diagnostics);
        var colour = TextDiagnosticWriter.ShouldColour(error);
        foreach (var diagnostic in reported)
            error.WriteLine($"{name}:{TextDiagnosticWriter.Format(diagnostic, colour)}");
        if (result.File is not { } file) return ExitCodes.InputErrors;

        if (format == OutputFormat.Json)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("file", name);
                writer.WritePropertyName("tree");
                SyntaxPrinter.WriteJson(writer, file);
                writer.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
        }
        else
        {
            if (several) output.WriteLine($"; {name}");
            foreach (var stmt in file.Stmts)
                output.WriteLine(SyntaxPrinter.ToSExpression(stmt));
        }
        return reported.Any(d => d.IsError) ? ExitCodes.InputErrors : ExitCodes.Success;
    }

    /// <summary>Streams the lines, so a history file of any size takes little memory.</summary>
    static int ParseLines(string name, TextReader input, TextWriter output, TextWriter error)
    {
        int total = 0, failed = 0;
        while (input.ReadLine() is { } line)
        {
            var lineNumber = ++total;
            var result = ShellParser.Parse(line);
            var firstError = result.Diagnostics.FirstOrDefault(d => d.IsError);
            if (firstError is null)
            {
                output.Write("{\"line\":");
                output.Write(lineNumber);
                output.WriteLine(",\"ok\":true}");
                continue;
            }
            failed++;
            output.Write("{\"line\":");
            output.Write(lineNumber);
            output.Write(",\"ok\":false,\"error\":");
            output.Write(JsonStringLiteral.Quote(firstError.ToString()));
            output.WriteLine("}");
        }
        error.WriteLine($"{name}: {total} lines, {total - failed} parsed, {failed} with errors");
        return failed > 0 ? ExitCodes.InputErrors : ExitCodes.Success;
    }
}
