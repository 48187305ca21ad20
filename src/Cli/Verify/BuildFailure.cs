using System.Text.RegularExpressions;
using DockerRecord.Backend;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Trace;
using DockerRecord.Passes;
using Superpower.Model;

namespace DockerRecord.Cli.Verify;

/// <summary>A recorded command an instruction came from, with its text when the trace was at hand.</summary>
sealed record TraceCommand(TraceLocation At, string? Text)
{
    public override string ToString() => Text is null ? At.ToString() : $"{At}: {Text}";
}

/// <summary>
/// Where a failed build stopped: the Dockerfile instruction (line and text), the trace commands it came from, the
/// engine's error and the step's last output lines.
/// </summary>
sealed partial record BuildFailure(DockerfileInstruction? Instruction, string Error, IReadOnlyList<string> LastLines, IReadOnlyList<TraceCommand> Commands)
{
    /// <summary>
    /// Finds the failing instruction: the step BuildKit or the classic builder names, else a <c>line N</c> in the
    /// engine's message (a Dockerfile syntax error), else the FROM when the base image could not be resolved. Its
    /// commands come from its <c>--annotate</c> comment; without one, the trace is compiled again in-process with
    /// annotations and the instruction looked up there by its text (docs/verify.md, "Build failures").
    /// </summary>
    public static BuildFailure Locate(DockerfileDocument dockerfile, BuildOutcome outcome, string? traceDirectory)
    {
        var error = outcome.Error ?? "the build failed";
        var step = outcome.FailedStep;
        DockerfileInstruction? instruction = null;
        if (step?.Instruction is { } named) instruction = dockerfile.FindStep(named.Text, named.Number);
        if (instruction is null && LineNumber().Match(error) is { Success: true } line) instruction = dockerfile.AtLine(int.Parse(line.Groups[1].Value));
        if (instruction is null && step is not null && step.Name.StartsWith("[internal] load metadata for ", StringComparison.Ordinal))
            instruction = dockerfile.Instructions.FirstOrDefault(i => i.Keyword == "FROM");
        var lastLines = step?.LastLines.ToList() ?? [];
        return new BuildFailure(instruction, error, lastLines, instruction is null ? [] : CommandsOf(instruction, traceDirectory));
    }

    public Diagnostic ToDiagnostic(string dockerfilePath, string dockerfileText)
    {
        if (Instruction is not { } at) return DiagnosticBuilder.BuildFailedNowhere(dockerfilePath, Error);
        var offset = 0;
        for (var line = 1; line < at.StartLine; line++) offset = dockerfileText.IndexOf('\n', offset) + 1;
        var span = new TextSpan(dockerfileText, new Position(offset, at.StartLine, 1), 0);
        return DiagnosticBuilder.BuildFailed(dockerfilePath, span, Shorten(at.Normalized), Error);
    }

    static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";

    static IReadOnlyList<TraceCommand> CommandsOf(DockerfileInstruction instruction, string? traceDirectory)
    {
        var trace = traceDirectory is not null && Directory.Exists(traceDirectory) ? TraceReader.Read(traceDirectory).Trace : null;
        var locations = instruction.Provenance;
        if (locations.Count == 0 && trace is not null)
        {
            // the Dockerfile has no annotations: compile the trace again with them and find the same instruction
            var compiled = Compiler.Compile(trace, new CompileOptions { Annotate = true });
            var annotated = DockerfileDocument.Parse(DockerfileEmitter.Emit(compiled.Program, new EmitOptions { Annotate = true }));
            var same = annotated.Instructions.Where(i => i.Normalized == instruction.Normalized).ToList();
            if (same.Count >= 1) locations = same[0].Provenance;
        }
        var texts = trace?.Sessions
            .SelectMany(s => s.Commands.Select(c => (At: new TraceLocation(s.Info.Number, c.Seq), c.Cmd)))
            .ToDictionary(c => c.At, c => c.Cmd) ?? [];
        return [.. locations.Select(at => new TraceCommand(at, texts.TryGetValue(at, out var text) ? text.TrimEnd('\n') : null))];
    }

    [GeneratedRegex(@"\bline (\d+)\b")]
    private static partial Regex LineNumber();
}
