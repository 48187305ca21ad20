using System.Text;
using System.Text.RegularExpressions;
using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.Cli.Verify;

/// <summary>
/// One instruction of a Dockerfile: where it is (1-based lines, continuations included), its keyword, its text with
/// continuations joined, and the trace commands named by an <c>--annotate</c> comment right above it.
/// </summary>
sealed record DockerfileInstruction(int StartLine, int EndLine, string Keyword, string Text, IReadOnlyList<TraceLocation> Provenance)
{
    /// <summary>The text with every run of blanks made one space: how the engines name build steps.</summary>
    public string Normalized { get; } = DockerfileDocument.NormalizeSpace(Text);

    /// <summary>True for the instructions the build runs as steps of their own (the <c>[2/5]</c> numbering).</summary>
    public bool IsStep => Keyword is "FROM" or "RUN" or "COPY" or "ADD" or "WORKDIR";
}

/// <summary>
/// A Dockerfile read just enough to point at its instructions: comments and blank lines skipped, <c>\</c>
/// continuations joined (comment lines inside a continuation dropped, as the engine does). It does not interpret
/// instructions; verify only needs to find the one a build step names, and the trace commands it came from.
/// </summary>
sealed partial class DockerfileDocument
{
    DockerfileDocument(string text, IReadOnlyList<DockerfileInstruction> instructions)
    {
        Text = text;
        Instructions = instructions;
    }

    public string Text { get; }

    public IReadOnlyList<DockerfileInstruction> Instructions { get; }

    public static DockerfileDocument Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var instructions = new List<DockerfileInstruction>();
        IReadOnlyList<TraceLocation> pendingProvenance = [];
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                // an --annotate comment names the commands of the instruction right below it
                pendingProvenance = ParseProvenance(line[1..].Trim()) ?? pendingProvenance;
                continue;
            }
            var start = i;
            var joined = new StringBuilder();
            while (true)
            {
                var current = lines[i].TrimEnd();
                var continues = current.EndsWith('\\') && i + 1 < lines.Length;
                joined.Append(continues ? current[..^1] : current);
                if (!continues) break;
                joined.Append(' ');
                // blank and comment lines inside a continuation belong to no instruction
                do i++; while (i + 1 < lines.Length && lines[i].Trim() is { Length: 0 } or ['#', ..]);
            }
            var instructionText = joined.ToString().Trim();
            var keyword = instructionText.Split((char[])[' ', '\t'], 2)[0].ToUpperInvariant();
            instructions.Add(new DockerfileInstruction(start + 1, i + 1, keyword, instructionText, pendingProvenance));
            pendingProvenance = [];
        }
        return new DockerfileDocument(text, instructions);
    }

    /// <summary>
    /// The instruction a build step names: by its text (blanks normalized), and by its step number among the
    /// instructions that are steps when the text is ambiguous or was shortened by the engine.
    /// </summary>
    public DockerfileInstruction? FindStep(string stepText, int? stepNumber)
    {
        var normalized = NormalizeSpace(stepText);
        var steps = Instructions.Where(i => i.IsStep).ToList();
        var byText = Instructions.Where(i => i.Normalized == normalized).ToList();
        if (byText.Count == 1) return byText[0];
        if (stepNumber is { } n && n >= 1 && n <= steps.Count)
        {
            var numbered = steps[n - 1];
            if (byText.Count == 0 || byText.Contains(numbered)) return numbered;
        }
        if (byText.Count > 0) return byText[0];
        // the engine may shorten long step names: a unique prefix still points at one instruction
        var byPrefix = Instructions.Where(i => normalized.Length > 10 && i.Normalized.StartsWith(normalized.TrimEnd('.'), StringComparison.Ordinal)).ToList();
        return byPrefix.Count == 1 ? byPrefix[0] : null;
    }

    /// <summary>The instruction that spans a 1-based line, if any.</summary>
    public DockerfileInstruction? AtLine(int line) => Instructions.FirstOrDefault(i => i.StartLine <= line && line <= i.EndLine);

    public static string NormalizeSpace(string text) => Blanks().Replace(text.Trim(), " ");

    /// <summary><c>session 1, commands 3-5, 8; session 2, command 1</c> (the form of <c>Provenance.ToString</c>), or null.</summary>
    public static IReadOnlyList<TraceLocation>? ParseProvenance(string comment)
    {
        var locations = new List<TraceLocation>();
        foreach (var part in comment.Split(';', StringSplitOptions.TrimEntries))
        {
            var match = SessionPart().Match(part);
            if (!match.Success) return null;
            var session = int.Parse(match.Groups["session"].Value);
            foreach (var range in match.Groups["ranges"].Value.Split(',', StringSplitOptions.TrimEntries))
            {
                var bounds = range.Split('-');
                var first = int.Parse(bounds[0]);
                var last = bounds.Length == 2 ? int.Parse(bounds[1]) : first;
                for (var seq = first; seq <= last; seq++) locations.Add(new TraceLocation(session, seq));
            }
        }
        return locations;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Blanks();

    [GeneratedRegex(@"^session (?<session>\d+), commands? (?<ranges>\d+(-\d+)?(, ?\d+(-\d+)?)*)$")]
    private static partial Regex SessionPart();
}
