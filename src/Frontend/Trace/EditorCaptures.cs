using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using Superpower.Model;

namespace DockerRecord.Frontend.Trace;

/// <summary>
/// An editor's capture (files.jsonl) names the command that saved it by its <c>seq</c>, and the compiler copies the
/// file where that command was: every capture must name a command of its session. The recorder writes a capture just
/// before its command's line, so a trace read while it is recorded, or a recorder stopped between the two writes, has
/// a capture of a command that commands.jsonl does not have yet, numbered above all it has. That capture is kept as a
/// change found at the session's end, with a warning (DR2003), so the file saved is not lost. A capture naming any
/// other missing command (below the last one, 0 or negative) is malformed (DR2004) and not read.
/// </summary>
static class EditorCaptures
{
    /// <summary>
    /// <paramref name="files"/> (read from <paramref name="path"/>, each at its line in <paramref name="lines"/>) with
    /// every editor capture naming one of <paramref name="commands"/>; <paramref name="lines"/> is kept in step with
    /// the result (the files pass names a capture by its line).
    /// </summary>
    public static List<CapturedFile> OfRecordedCommands(string path, List<CapturedFile> files, List<int> lines,
        IReadOnlyList<CommandRecord> commands, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        HashSet<int>? recorded = null;
        var last = 0;
        List<CapturedFile>? result = null; // made when a capture is not read
        List<int>? resultLines = null;
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (file.Reason == "editor" && file.Seq is { } seq)
            {
                if (recorded is null)
                {
                    recorded = [.. commands.Select(c => c.Seq)];
                    last = recorded.Count == 0 ? 0 : recorded.Max();
                }
                if (!recorded.Contains(seq))
                {
                    var at = new TextSpan("", new Position(0, lines[i], 1), 0);
                    if (seq > last && seq > 0)
                    {
                        diagnostics.Add(DiagnosticBuilder.CaptureBeforeItsCommand(path, at, seq));
                        file = file with { Reason = "final", Seq = null };
                    }
                    else
                    {
                        diagnostics.Add(DiagnosticBuilder.MalformedTraceRecord(path, at,
                            $"\"seq\": {seq} names no command of this session (commands.jsonl has no line with it)"));
                        result ??= files.GetRange(0, i);
                        resultLines ??= lines.GetRange(0, i);
                        continue;
                    }
                }
            }
            if (result is not null)
            {
                result.Add(file);
                resultLines!.Add(lines[i]);
            }
            else files[i] = file;
        }
        if (resultLines is null) return files;
        lines.Clear();
        lines.AddRange(resultLines);
        return result!;
    }
}
