using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

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

    public void WriteJson(TextWriter output)
    {
        var document = new
        {
            container = Container,
            dockerfile = Dockerfile,
            builder = BuilderName(Builder),
            buildOk = BuildOk,
            passed = Passed,
            score = Files?.Score,
            byPathScore = Files?.ByPathScore,
            minScore = MinScore,
            failure = Failure is { } f ? new
            {
                line = f.Instruction?.StartLine,
                instruction = f.Instruction?.Normalized,
                commands = f.Commands.Select(c => new { session = c.At.Session, seq = c.At.Seq, command = c.Text }),
                error = f.Error,
                lastLines = f.LastLines,
            } : null,
            image = Image,
            files = Files is { } files ? new
            {
                changes = files.RecordedCount,
                exact = files.ExactCount,
                byPath = files.ByPathCount,
                noisePaths = files.NoisePaths,
                missed = Paths(files, PathVerdict.Missed),
                different = Paths(files, PathVerdict.Different),
                extra = Paths(files, PathVerdict.Extra),
            } : null,
            service = Service,
            fixRounds = FixRounds,
            scoreBeforeFix = ScoreBeforeFix,
            fixes = Fixes,
        };
        output.WriteLine(JsonSerializer.Serialize(document, s_json));
    }

    static IEnumerable<object> Paths(FileSystemComparison files, PathVerdict verdict) =>
        files.With(verdict).Select(p => new { path = p.Path, detail = p.Detail });

    static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

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
