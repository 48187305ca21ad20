using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.Passes.Services;

/// <summary>
/// What the trace says about one statement of a command line: whether it was sent to the background, whether the
/// line was stopped while it ran (Ctrl-C, or <c>timeout</c>'s status 124), whether it succeeded, where, as whom, and
/// which processes were listening after the line.
/// </summary>
readonly record struct StatementSituation(
    TraceLocation At,
    bool Background,
    bool Interrupted,
    bool Succeeded,
    string Directory,
    string User,
    IReadOnlySet<string> ListeningProcesses);
