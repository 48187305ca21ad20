using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DockerRecord.Cli.Verify;
using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.UnitTests.Verify;

/// <summary>
/// <c>drec verify --json</c> prints its document from named records with generated metadata (for the native binary):
/// byte for byte what the reflection-based serializer printed from the anonymous types before.
/// </summary>
public sealed class VerifyJsonTests
{
    static readonly FileState s_file = new(FileKind.File, 0b110_100_100, 0, 0, 12, "ab", null);

    static readonly VerifyReport s_everything = new(
        "demo", "out/Dockerfile", BuilderKind.BuildKit,
        new BuildFailure(new DockerfileInstruction(4, 5, "RUN", "RUN  make \\\n  install", [new TraceLocation(1, 3)]), "exit code: 2",
            ["make: *** [all] Error 2", "\"quoted\" <tag> é"], [new TraceCommand(new TraceLocation(1, 3), "make install"), new TraceCommand(new TraceLocation(2, 1), null)]),
        new BuiltImage("sha256:1", "drec-verify:1", 123_456_789, 7, 6),
        new FileSystemComparison(
        [
            new PathComparison("/a", PathVerdict.Exact, s_file, s_file, null),
            new PathComparison("/b", PathVerdict.Missed, s_file, null, null),
            new PathComparison("/c", PathVerdict.Different, s_file, s_file with { Mode = 0b110_000_000 }, null),
            new PathComparison("/d", PathVerdict.Extra, null, s_file, null),
        ], 37),
        new ServiceResult(true, false, 1, ["8080/tcp"], [], ["8080/tcp"], ["listening…", "bye"]),
        [new FixAction("/b", "COPY added")], 1, 0.5, 1.0);

    public static TheoryData<string> Reports() => ["everything", "no build", "nothing found"];

    [Theory]
    [MemberData(nameof(Reports))]
    public void The_json_document_is_what_it_was(string name)
    {
        var report = name switch
        {
            "no build" => s_everything with { Image = null, Files = null, Service = null, Fixes = [], FixRounds = 0, ScoreBeforeFix = null },
            "nothing found" => s_everything with { Failure = null, Files = new FileSystemComparison([], 0), Service = ServiceResult.NoCommand },
            _ => s_everything,
        };
        var written = new StringWriter();
        report.WriteJson(written);
        Assert.Equal(Before(report), written.ToString());
    }

    /// <summary>What <c>VerifyReport.WriteJson</c> printed before: anonymous types, reflection-based metadata.</summary>
    static string Before(VerifyReport r)
    {
        var document = new
        {
            container = r.Container,
            dockerfile = r.Dockerfile,
            builder = VerifyReport.BuilderName(r.Builder),
            buildOk = r.BuildOk,
            passed = r.Passed,
            score = r.Files?.Score,
            byPathScore = r.Files?.ByPathScore,
            minScore = r.MinScore,
            failure = r.Failure is { } f ? new
            {
                line = f.Instruction?.StartLine,
                instruction = f.Instruction?.Normalized,
                commands = f.Commands.Select(c => new { session = c.At.Session, seq = c.At.Seq, command = c.Text }),
                error = f.Error,
                lastLines = f.LastLines,
            } : null,
            image = r.Image,
            files = r.Files is { } files ? new
            {
                changes = files.RecordedCount,
                exact = files.ExactCount,
                byPath = files.ByPathCount,
                noisePaths = files.NoisePaths,
                missed = Paths(files, PathVerdict.Missed),
                different = Paths(files, PathVerdict.Different),
                extra = Paths(files, PathVerdict.Extra),
            } : null,
            service = r.Service,
            fixRounds = r.FixRounds,
            scoreBeforeFix = r.ScoreBeforeFix,
            fixes = r.Fixes,
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        }) + Environment.NewLine;
    }

    static IEnumerable<object> Paths(FileSystemComparison files, PathVerdict verdict) =>
        files.With(verdict).Select(p => new { path = p.Path, detail = p.Detail });
}
