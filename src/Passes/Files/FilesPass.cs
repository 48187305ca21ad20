using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;

namespace DockerRecord.Passes.Files;

/// <summary>
/// Pass 5: files the recorder captured become COPY of their content. A file saved in an editor is copied at the
/// editor's place in the program (the editor itself is never emitted: its part of the RUN goes, the rest stays
/// around the COPY); the changes no recorded command explains (captured at session end) are copied after the last
/// command, with a warning naming them. Links become <c>ln -sfn</c>, folders <c>mkdir -p</c>.
/// <para>
/// Modes: the build-context writer gives each context file the captured mode and COPY keeps it, so only an owner
/// other than root needs a flag (<c>--chown=uid:gid</c>, which engine 20.10's classic builder reads). A mode the
/// context cannot hold (no owner read bit: the client could not read it) gets <c>--chmod</c> as well.
/// </para>
/// Running the pass again changes nothing: a capture already copied (a COPY of that destination from that command)
/// is skipped, and an editor command another pass already removed still gets its COPY, at its place in trace order.
/// </summary>
public sealed class FilesPass : ICompilerPass
{
    const int OwnerRead = 0x100; // 0400
    const int DefaultFolderMode = 0x1ED; // 0755

    public string Name => "files";

    public string Description => "editor saves → COPY of the captured content; changes no kept command explains → COPY, with a warning";

    public ImageProgram Run(ImageProgram program, CompilationContext context)
    {
        var editorSaves = EditorSaves(context);
        // a save whose command the trace lacks (a files.jsonl `seq` that names none) has no place in the program
        foreach (var at in editorSaves.Keys.Where(at => !context.HasCommand(at)).ToList())
        {
            foreach (var (file, session, index) in editorSaves[at])
                context.Report(DiagnosticBuilder.CaptureNotCopied(session.FileRecord(index), file.Path,
                    $"its `seq` {at.Seq} names no command of session {at.Session}, so drec cannot tell where it was saved"));
            editorSaves.Remove(at);
        }
        var finals = context.Trace.Sessions.Where(s => s.Files.Any(f => f.Reason == "final")).ToList();
        if (editorSaves.Count == 0 && finals.Count == 0) return program;

        var done = program.OfType<CopyInstruction>().Select(c => (c.Destination, c.Source.First)).ToHashSet();
        var registry = new ContextFileRegistry(program.ContextFiles);
        var check = new CaptureCheck(context.Options.MaxContextFileSize);
        var inSteps = program.Runs().SelectMany(r => r.Steps).Select(s => s.Source).ToHashSet();
        // saves whose editor command no longer has a step: copied where that command was, in trace order
        var orphans = new Queue<TraceLocation>(editorSaves.Keys.Where(at => !inSteps.Contains(at)).Order());

        var output = ImmutableArray.CreateBuilder<Instruction>(program.Instructions.Length + editorSaves.Count);
        foreach (var instruction in program.Instructions)
        {
            if (instruction.Source.First is { } first)
                while (orphans.TryPeek(out var orphan) && orphan.CompareTo(first) < 0)
                    AddSaves(orphans.Dequeue(), editorSaves, done, registry, check, context, output);

            if (instruction is RunInstruction run && run.Steps.Any(s => editorSaves.ContainsKey(s.Source)))
            {
                SplitAroundEditors(run, editorSaves, done, registry, check, context, output);
            }
            else output.Add(instruction);
        }
        while (orphans.TryDequeue(out var orphan)) AddSaves(orphan, editorSaves, done, registry, check, context, output);

        foreach (var session in finals) AddFinalFiles(session, program.Final, done, registry, check, context, output);

        var result = program.WithInstructionsIfChanged(output.ToImmutable());
        return registry.Added.Count == 0 ? result : result with { ContextFiles = program.ContextFiles.AddRange(registry.Added) };
    }

    /// <summary>The editor captures of the trace, by the command that saved them, each command's files in path order.</summary>
    static Dictionary<TraceLocation, List<(CapturedFile File, SessionTrace Session, int Index)>> EditorSaves(CompilationContext context) =>
        context.Trace.Sessions
            .SelectMany(s => s.Files.Select((f, i) => (File: f, Session: s, Index: i)).Where(p => p.File.Reason == "editor" && p.File.Seq is not null))
            .GroupBy(p => new TraceLocation(p.Session.Info.Number, p.File.Seq!.Value))
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.File.Path, StringComparer.Ordinal).ToList());

    /// <summary>
    /// The RUN cut around its editor commands: what ran before the editor, the COPYs of what it saved, then the rest.
    /// An editor the pass cannot cut out (inside a loop, a pipeline…) stays for the build-safety pass to remove, and
    /// the COPYs follow the RUN.
    /// </summary>
    static void SplitAroundEditors(
        RunInstruction run,
        Dictionary<TraceLocation, List<(CapturedFile File, SessionTrace Session, int Index)>> saves,
        HashSet<(string, TraceLocation?)> done,
        ContextFileRegistry registry,
        CaptureCheck check,
        CompilationContext context,
        ImmutableArray<Instruction>.Builder output)
    {
        var pending = ImmutableArray.CreateBuilder<RunStep>();
        void Flush()
        {
            if (pending.Count > 0) output.Add(run.WithSteps(pending.ToImmutable()));
            pending.Clear();
        }

        foreach (var step in run.Steps)
        {
            if (!saves.ContainsKey(step.Source))
            {
                pending.Add(step);
                continue;
            }
            var (before, after, editor) = step.Opaque ? ([], [], null) : CutOutEditors(step.Stmts);
            if (editor is null)
            {
                pending.Add(step);
                Flush();
                AddSaves(step.Source, saves, done, registry, check, context, output);
                continue;
            }
            if (!before.IsEmpty) pending.Add(step.WithStmts(before));
            Flush();
            AddSaves(step.Source, saves, done, registry, check, context, output);
            if (!after.IsEmpty) pending.Add(step.WithStmts(after));
            context.Explain(step.Source, Verdict.Changed, $"{editor} is interactive: what it saved is copied instead");
        }
        Flush();
    }

    /// <summary>
    /// The step's statements before the first editor and after the last one, reading top-level <c>&amp;&amp;</c>
    /// lists as separate commands (the backend joins steps with <c>&amp;&amp;</c> again); editor is null when no
    /// top-level command is an editor.
    /// </summary>
    static (ImmutableArray<Stmt> Before, ImmutableArray<Stmt> After, string? Editor) CutOutEditors(ImmutableArray<Stmt> stmts)
    {
        var flat = new List<Stmt>();
        foreach (var stmt in stmts)
        {
            if (stmt is { Command: AndOrList list, Redirects.IsEmpty: true, Negated: false, Terminator: not StmtTerminator.Background }
                && list.Ops.All(op => op == AndOrOp.And))
                flat.AddRange(list.Stmts);
            else flat.Add(stmt);
        }
        var first = flat.FindIndex(s => EditorPrograms.EditorOf(s) is not null);
        if (first < 0) return ([], [], null);
        var last = flat.FindLastIndex(s => EditorPrograms.EditorOf(s) is not null);
        var between = flat.Skip(first + 1).Take(last - first - 1).Where(s => EditorPrograms.EditorOf(s) is null);
        return ([.. flat.Take(first)], [.. between, .. flat.Skip(last + 1)], EditorPrograms.EditorOf(flat[first]));
    }

    static void AddSaves(
        TraceLocation at,
        Dictionary<TraceLocation, List<(CapturedFile File, SessionTrace Session, int Index)>> saves,
        HashSet<(string, TraceLocation?)> done,
        ContextFileRegistry registry,
        CaptureCheck check,
        CompilationContext context,
        ImmutableArray<Instruction>.Builder output)
    {
        var record = context.Command(at);
        foreach (var (file, session, index) in saves[at])
            AddFile(file, session, index, at, record.CwdBefore ?? record.Cwd ?? "/", RunContext.Root, done, registry, check, context, output);
    }

    static void AddFinalFiles(
        SessionTrace session,
        RunContext final,
        HashSet<(string, TraceLocation?)> done,
        ContextFileRegistry registry,
        CaptureCheck check,
        CompilationContext context,
        ImmutableArray<Instruction>.Builder output)
    {
        // the session's last command is where the final diff was taken
        var at = new TraceLocation(session.Info.Number, session.Commands.Count > 0 ? session.Commands[^1].Seq : 0);
        var files = session.Files.Select((File, Index) => (File, Index)).Where(f => f.File.Reason == "final")
            .OrderBy(f => f.File.Path, StringComparer.Ordinal).ToList();
        var copied = new List<string>();
        foreach (var (file, index) in files)
            if (AddFile(file, session, index, at, "/", final with { User = "root" }, done, registry, check, context, output))
                copied.Add(file.Path);
        if (copied.Count > 0) context.Report(DiagnosticBuilder.UnexplainedChangesCopied(at, copied));
    }

    /// <summary>The instruction that recreates one captured entry; false when it is skipped (reported) or already there.</summary>
    static bool AddFile(
        CapturedFile file,
        SessionTrace session,
        int index,
        TraceLocation at,
        string workdir,
        RunContext runContext,
        HashSet<(string, TraceLocation?)> done,
        ContextFileRegistry registry,
        CaptureCheck check,
        CompilationContext context,
        ImmutableArray<Instruction>.Builder output)
    {
        var record = session.FileRecord(index);
        if (ContainerPaths.Normalize(file.Path, workdir) is not { } path)
        {
            context.Report(DiagnosticBuilder.PathOutsideContext(record, file.Path, "it names no file inside the image"));
            return false;
        }
        var source = Provenance.Of(at);
        switch (file.Type)
        {
            case "file" or "regularfile" or "v7regularfile":
                if (done.Contains((path, at))) return false;
                if (file.Blob is not { } blob)
                {
                    context.Report(DiagnosticBuilder.CaptureNotCopied(record, path, "the trace holds no content for it"));
                    return false;
                }
                var content = check.Check(session, file, blob);
                if (content.RealPath is not { } blobPath)
                {
                    context.Report(content.LeavesTrace
                        ? DiagnosticBuilder.PathOutsideContext(record, path, content.Problem!)
                        : DiagnosticBuilder.CaptureNotCopied(record, path, content.Problem!));
                    return false;
                }
                var mode = file.Mode & 0xFFF;
                var contextPath = registry.Add(path, p => ContextFile.FromBlob(p, blobPath, file.Size, record, source) with { Mode = mode | OwnerRead });
                var chown = file.Uid != 0 || file.Gid != 0 ? $"{file.Uid}:{file.Gid}" : null;
                var chmod = (mode & OwnerRead) == 0 ? Convert.ToString(mode, 8).PadLeft(4, '0') : null;
                output.Add(new CopyInstruction(contextPath, path, chown, chmod, source));
                done.Add((path, at));
                return true;

            case "symboliclink" or "symlink" or "link" when file.LinkTarget is { Length: > 0 } target:
                output.Add(RunInstruction.Of(SyntheticSteps.Parse(at, $"ln -sfn {ShellQuoting.Quote(target)} {ShellQuoting.Quote(path)}"), runContext));
                return true;

            case "directory":
                var commands = new List<string> { $"mkdir -p {ShellQuoting.Quote(path)}" };
                if ((file.Mode & 0xFFF) != DefaultFolderMode) commands.Add($"chmod {Convert.ToString(file.Mode & 0xFFF, 8)} {ShellQuoting.Quote(path)}");
                if (file.Uid != 0 || file.Gid != 0) commands.Add($"chown {file.Uid}:{file.Gid} {ShellQuoting.Quote(path)}");
                output.Add(RunInstruction.Of(SyntheticSteps.Parse(at, string.Join(" && ", commands)), runContext));
                return true;

            default:
                context.Report(DiagnosticBuilder.CaptureNotCopied(record, path, $"drec cannot recreate a `{file.Type}` entry"));
                return false;
        }
    }
}
