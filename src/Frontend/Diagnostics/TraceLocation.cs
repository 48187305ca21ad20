namespace DockerRecord.Frontend.Diagnostics;

/// <summary>A command of a recorded trace: its session number and its sequence number in that session.</summary>
public readonly record struct TraceLocation(int Session, int Seq) : IComparable<TraceLocation>
{
    public int CompareTo(TraceLocation other) =>
        Session != other.Session ? Session.CompareTo(other.Session) : Seq.CompareTo(other.Seq);

    /// <summary><c>session-1:12</c>, the form diagnostics and provenance comments use.</summary>
    public override string ToString() => $"session-{Session}:{Seq}";
}
