using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.Passes;

/// <summary>What happened to a recorded command.</summary>
public enum Verdict
{
    /// <summary>It stays in the Dockerfile, possibly changed.</summary>
    Kept,
    /// <summary>It was rewritten (e.g. <c>cd</c> became WORKDIR); it may stay in part.</summary>
    Changed,
    /// <summary>It is not in the Dockerfile.</summary>
    Dropped,
}

/// <summary>One line of <c>--explain</c>: which pass decided what about which command, and why.</summary>
public sealed record Explanation(TraceLocation Command, string Pass, Verdict Verdict, string Reason)
{
    public override string ToString() => $"{Command}: {Verdict.ToString().ToLowerInvariant()} by {Pass}: {Reason}";
}
