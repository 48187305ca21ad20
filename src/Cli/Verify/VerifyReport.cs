using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace DockerRecord.Cli.Verify;

/// <summary>The image built: its id, size and layers (all, and those the Dockerfile added to the base).</summary>
sealed record BuiltImage(string Id, string? Tag, long Size, int Layers, int AddedLayers);

/// <summary>Everything <c>drec verify</c> found, for the text report and <c>--json</c>.</summary>
sealed record VerifyReport(
    string Container,
    string Dockerfile,
    BuilderKind Builder,
    BuildFailure? Failure,
    BuiltImage? Image,
    FileSystemComparison? Files,
    ServiceResult? Service,
    IReadOnlyList<FixAction> Fixes,
    int FixRounds,
    double? ScoreBeforeFix,
    double MinScore)
{
    public bool BuildOk => Failure is null && Image is not null;

    public bool Passed => BuildOk && Files is { } files && files.Score >= MinScore - 1e-9;

    public void WriteText(TextWriter output, int top)
    {
        output.WriteLine($"container:  {Container}");
        output.WriteLine($"dockerfile: {Dockerfile}");
        output.WriteLine($"build:      {(BuildOk ? "ok" : "FAILED")} ({BuilderName(Builder)})");
        if (Failure is { } failure)
        {
            output.WriteLine(failure.Instruction is { } at ? $"  at line {at.StartLine}: {at.Normalized}" : "  at no instruction drec could find");
            foreach (var command in failure.Commands) output.WriteLine($"  from {command}");
            output.WriteLine($"  error: {failure.Error}");
            foreach (var line in failure.LastLines) output.WriteLine($"  | {line}");
        }
        if (Image is { } image)
            output.WriteLine($"image:      {Megabytes(image.Size)}, {image.Layers} layers ({image.AddedLayers} added to the base){(image.Tag is null ? "" : ", kept as " + image.Tag)}");
        if (Files is { } files)
        {
            output.WriteLine($"files:      {files.RecordedCount} changes in the container after noise ({files.NoisePaths} noise paths left out)");
            output.WriteLine($"  exact:    {files.ExactCount}/{files.RecordedCount} ({Percent(files.Score)})");
            output.WriteLine($"  by path:  {files.ByPathCount}/{files.RecordedCount} ({Percent(files.ByPathScore)})");
            foreach (var verdict in (PathVerdict[])[PathVerdict.Missed, PathVerdict.Different, PathVerdict.Extra])
            {
                var paths = files.With(verdict).ToList();
                if (paths.Count == 0) continue;
                output.WriteLine($"  {verdict.ToString().ToLowerInvariant()} ({paths.Count}):");
                foreach (var path in paths.Take(top)) output.WriteLine($"    {path.Path}  {path.Detail}");
                if (paths.Count > top) output.WriteLine($"    … {paths.Count - top} more (--json lists all)");
            }
        }
        if (Service is { } service)
        {
            var text = !service.HasCommand ? "no CMD or ENTRYPOINT in the Dockerfile; not run"
                : service.StayedUp ? "CMD stays up"
                : $"CMD exited{(service.ExitCode is { } code ? $" with status {code}" : "")}";
            if (service.HasCommand && service.ExposedPorts.Count > 0)
                text += service.MissingPorts.Count == 0
                    ? $"; listens on {string.Join(", ", service.ListeningPorts)}"
                    : $"; not listening on {string.Join(", ", service.MissingPorts)}";
            output.WriteLine($"service:    {text}");
            foreach (var line in service.LastOutput) output.WriteLine($"  | {line}");
        }
        if (FixRounds > 0)
        {
            output.WriteLine($"fix:        {Fixes.Count} paths added in {FixRounds} round(s), score {Score(ScoreBeforeFix ?? 0)} before");
            foreach (var fix in Fixes.Take(top)) output.WriteLine($"  {fix}");
            if (Fixes.Count > top) output.WriteLine($"  … {Fixes.Count - top} more (see verify-fix.txt)");
        }
        var score = Files?.Score ?? 0;
        output.WriteLine(Passed ? $"verdict:    ok, score {Score(score)} ≥ {Score(MinScore)}"
            : BuildOk ? $"verdict:    FAILED, score {Score(score)} < {Score(MinScore)}"
            : "verdict:    FAILED, the image does not build");
    }

    public void WriteJson(TextWriter output) => output.WriteLine(JsonSerializer.Serialize(ToJsonDocument(), s_json));

    /// <summary>The report as <c>--json</c> prints it.</summary>
    public VerifyJsonDocument ToJsonDocument() => new(
        Container,
        Dockerfile,
        BuilderName(Builder),
        BuildOk,
        Passed,
        Files?.Score,
        Files?.ByPathScore,
        MinScore,
        Failure is { } f
            ? new VerifyJsonFailure(f.Instruction?.StartLine, f.Instruction?.Normalized,
                [.. f.Commands.Select(c => new VerifyJsonCommand(c.At.Session, c.At.Seq, c.Text))], f.Error, f.LastLines)
            : null,
        Image,
        Files is { } files
            ? new VerifyJsonFiles(files.RecordedCount, files.ExactCount, files.ByPathCount, files.NoisePaths,
                Paths(files, PathVerdict.Missed), Paths(files, PathVerdict.Different), Paths(files, PathVerdict.Extra))
            : null,
        Service,
        FixRounds,
        ScoreBeforeFix,
        Fixes);

    static List<VerifyJsonPath> Paths(FileSystemComparison files, PathVerdict verdict) =>
        [.. files.With(verdict).Select(p => new VerifyJsonPath(p.Path, p.Detail))];

    static readonly JsonTypeInfo<VerifyJsonDocument> s_json = (JsonTypeInfo<VerifyJsonDocument>)new JsonSerializerOptions(VerifyJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }.GetTypeInfo(typeof(VerifyJsonDocument));

    public static string BuilderName(BuilderKind builder) => builder switch
    {
        BuilderKind.BuildKit => "BuildKit through the engine API",
        BuilderKind.Classic => "classic builder through the engine API",
        BuilderKind.Cli => "BuildKit through the docker client",
        _ => "not chosen",
    };

    static string Score(double score) => score.ToString("0.000", CultureInfo.InvariantCulture);

    static string Megabytes(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
