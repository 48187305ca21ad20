namespace DockerRecord.Cli.Verify;

// The document `drec verify --json` prints (camelCase names, nulls left out; docs/verify.md). Named records rather than
// anonymous types: the native binary serializes them with generated metadata (VerifyJsonContext).

/// <summary>The whole report.</summary>
sealed record VerifyJsonDocument(
    string Container,
    string Dockerfile,
    string Builder,
    bool BuildOk,
    bool Passed,
    double? Score,
    double? ByPathScore,
    double MinScore,
    VerifyJsonFailure? Failure,
    BuiltImage? Image,
    VerifyJsonFiles? Files,
    ServiceResult? Service,
    int FixRounds,
    double? ScoreBeforeFix,
    IReadOnlyList<FixAction> Fixes);

/// <summary>Why the build failed: the instruction, the recorded commands it came from, and the build's last lines.</summary>
sealed record VerifyJsonFailure(int? Line, string? Instruction, IReadOnlyList<VerifyJsonCommand> Commands, string Error, IReadOnlyList<string> LastLines);

/// <summary>One recorded command behind the failed instruction.</summary>
sealed record VerifyJsonCommand(int Session, int Seq, string? Command);

/// <summary>The file comparison: counts, and every path that is not exact.</summary>
sealed record VerifyJsonFiles(
    int Changes,
    int Exact,
    int ByPath,
    int NoisePaths,
    IReadOnlyList<VerifyJsonPath> Missed,
    IReadOnlyList<VerifyJsonPath> Different,
    IReadOnlyList<VerifyJsonPath> Extra);

/// <summary>A path and what differs.</summary>
sealed record VerifyJsonPath(string Path, string Detail);
