using System.Text;
using DockerRecord.Backend;
using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.Cli.Verify;

/// <summary>One thing <c>--fix</c> added to the Dockerfile for a path the build did not reproduce.</summary>
sealed record FixAction(string Path, string Action)
{
    public override string ToString() => $"{Path}: {Action}";
}

/// <summary>The Dockerfile lines and context files for one round of <c>--fix</c>.</summary>
sealed record FixPlan(IReadOnlyList<FixAction> Actions, IReadOnlyList<string> Lines, IReadOnlySet<string> CapturedFiles, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsEmpty => Actions.Count == 0;
}

/// <summary>
/// Adds to the Dockerfile what the container has and the image does not: a <c>COPY --chown --chmod</c> of each missed
/// or different file, captured from the container into <c>rootfs/PATH</c> in the build context (the layout the
/// compiler uses), and one RUN for folders (<c>install -d</c>), symbolic links (<c>ln -sfn</c>) and deletions
/// (<c>rm -rf</c>). The lines go after the last instruction that changes files, before the image's run-time settings,
/// so nothing later undoes them; the RUN runs as root (<c>USER</c> is restored after it).
/// </summary>
static class DockerfileFixer
{
    public const string ContextFolder = "rootfs";

    public static FixPlan Plan(FileSystemComparison comparison)
    {
        var actions = new List<FixAction>();
        var diagnostics = new List<Diagnostic>();
        var runSteps = new List<string>();
        var copies = new List<string>();
        var captured = new HashSet<string>(StringComparer.Ordinal);
        var removals = new List<string>();
        foreach (var path in comparison.Paths.Where(p => p.Verdict is PathVerdict.Missed or PathVerdict.Different))
        {
            var recorded = path.Recorded;
            // a path of another kind in the image is removed first (COPY onto a folder would copy into it)
            if (recorded is null || path.Built is { } built && built.Kind != recorded.Kind) removals.Add(path.Path);
            switch (recorded?.Kind)
            {
                case null:
                    actions.Add(new FixAction(path.Path, "deleted (rm -rf)"));
                    break;
                case FileKind.File:
                    var source = ContextFolder + path.Path;
                    var flags = $"--chown={recorded.Uid}:{recorded.Gid} --chmod={FileState.ModeText(recorded.Mode)} ";
                    copies.Add(DockerfileQuoting.IsPlainPath(source) && DockerfileQuoting.IsPlainPath(path.Path)
                        ? $"COPY {flags}{source} {path.Path}"
                        : $"COPY {flags}{DockerfileQuoting.ExecForm([source, path.Path])}");
                    captured.Add(path.Path);
                    actions.Add(new FixAction(path.Path, $"COPY from {source}"));
                    break;
                case FileKind.Directory:
                    runSteps.Add($"install -d -m {FileState.ModeText(recorded.Mode)} -o {recorded.Uid} -g {recorded.Gid} {ShellWord(path.Path)}");
                    actions.Add(new FixAction(path.Path, "folder (install -d)"));
                    break;
                case FileKind.Symlink:
                    runSteps.Add($"ln -sfn {ShellWord(recorded.LinkTarget ?? "")} {ShellWord(path.Path)}");
                    if (recorded.Uid != 0 || recorded.Gid != 0) runSteps.Add($"chown -h {recorded.Uid}:{recorded.Gid} {ShellWord(path.Path)}");
                    actions.Add(new FixAction(path.Path, $"symbolic link to {recorded.LinkTarget} (ln -sfn)"));
                    break;
                default:
                    diagnostics.Add(DiagnosticBuilder.CannotFixPath(path.Path, "a device, pipe or socket cannot be copied into an image"));
                    break;
            }
        }
        if (removals.Count > 0) runSteps.Insert(0, "rm -rf -- " + string.Join(' ', removals.Select(ShellWord)));

        var lines = new List<string>();
        if (actions.Count > 0) lines.Add($"# added by drec verify --fix: {actions.Count} path(s) the build did not reproduce");
        if (runSteps.Count > 0) lines.Add("RUN " + string.Join(" \\\n    && ", runSteps));
        lines.AddRange(copies);
        return new FixPlan(actions, lines, captured, diagnostics);
    }

    /// <summary>The Dockerfile text with the plan's lines inserted (see the class summary for where).</summary>
    public static string Apply(string dockerfileText, FixPlan plan)
    {
        var document = DockerfileDocument.Parse(dockerfileText);
        var lines = dockerfileText.Replace("\r\n", "\n").TrimEnd('\n').Split('\n').ToList();
        var last = document.Instructions.LastOrDefault(i => i.Keyword is "FROM" or "RUN" or "COPY" or "ADD" or "SHELL");
        var insertAt = last?.EndLine ?? lines.Count;
        var user = document.Instructions.LastOrDefault(i => i.Keyword == "USER" && (last is null || i.StartLine < last.StartLine));
        var block = new List<string> { "" };
        var needsRoot = user is not null && plan.Lines.Any(l => l.StartsWith("RUN ", StringComparison.Ordinal));
        if (needsRoot) block.Add("USER root");
        block.AddRange(plan.Lines);
        if (needsRoot) block.Add(user!.Text);
        if (insertAt < lines.Count && lines[insertAt].Trim().Length > 0) block.Add("");
        lines.InsertRange(insertAt, block);
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Brings the captured files back into the build context: <c>!rootfs/PATH</c> lines after drec's <c>*</c>.</summary>
    public static void UpdateContextLists(string folder, IEnumerable<string> paths)
    {
        var relative = paths.Select(p => ContextFolder + p).ToList();
        var ignore = Path.Combine(folder, ".dockerignore");
        if (File.Exists(ignore))
        {
            var existing = File.ReadAllLines(ignore).ToHashSet(StringComparer.Ordinal);
            File.AppendAllLines(ignore, relative.Select(r => "!" + r).Where(l => !existing.Contains(l)));
        }
        // the next drec compile removes them with the files it wrote
        var manifest = Path.Combine(folder, BuildContextWriter.ManifestName);
        if (File.Exists(manifest))
        {
            var existing = File.ReadAllLines(manifest).ToHashSet(StringComparer.Ordinal);
            File.AppendAllLines(manifest, relative.Where(r => !existing.Contains(r)));
        }
    }

    /// <summary>A path as one shell word: as is when plain, else in single quotes.</summary>
    static string ShellWord(string text) =>
        text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+,:@%=".Contains(c))
            ? text
            : "'" + text.Replace("'", "'\\''") + "'";

    /// <summary>The plan as the summary file lists it.</summary>
    public static string Summary(IEnumerable<FixAction> actions)
    {
        var text = new StringBuilder();
        foreach (var action in actions) text.Append(action).Append('\n');
        return text.ToString();
    }
}
