using Superpower.Model;

namespace DockerRecord.Frontend.Parsing;

static class Spans
{
    /// <summary>The span from the start of <paramref name="first"/> to the end of <paramref name="last"/>.</summary>
    public static TextSpan Cover(TextSpan first, TextSpan last) =>
        new(first.Source!, first.Position, last.Position.Absolute + last.Length - first.Position.Absolute);
}
