using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;
using DockerRecord.IR;
using Superpower.Model;

namespace DockerRecord.Passes.Files;

/// <summary>
/// Pass 6: engine 20.10's builder has no <c>RUN &lt;&lt;EOF</c>, and a shell-form RUN is one line. A typed
/// here-document that creates a file (<c>cat &gt; f &lt;&lt;EOF</c>, <c>cat &lt;&lt;'EOF' &gt; f</c>,
/// <c>tee f &lt;&lt;EOF</c>) and holds no expansion becomes a context file and a COPY; any other here-document or
/// here-string becomes <c>printf '%s\n' …</c> giving the command the same input: appended to the file
/// (<c>printf … &gt;&gt;f</c>), piped into the command, or through <c>&lt; &lt;(printf …)</c> for commands that must run
/// in the current shell (<c>read</c>, loops). Unquoted bodies keep their expansions. With <c>--syntax 1.4</c> nothing
/// changes: the backend writes Dockerfile here-documents.
/// <para>
/// Limits: only here-documents of top-level commands, of <c>&amp;&amp;</c> lists and of the first command of a
/// pipeline are rewritten; one inside a loop or an <c>if</c> stays, and the backend writes that RUN in exec form (a
/// JSON string holds the line breaks). A relative target is resolved against the RUN's working directory only when
/// no <c>cd</c> came before it in the same RUN; otherwise the printf form keeps the path as typed.
/// </para>
/// </summary>
public sealed class HereDocPass : ICompilerPass
{
    static readonly ImmutableHashSet<string> s_changesDirectory = ["cd", "pushd", "popd"];

    // commands that must run in the current shell to keep what they set
    static readonly ImmutableHashSet<string> s_currentShell = ["read", "mapfile", "readarray", "source", ".", "eval"];

    public string Name => "heredocs";

    public string Description => "a typed here-document that writes a file becomes COPY of a context file; other here-documents become printf (engine 20.10 has no RUN heredocs)";

    public ImageProgram Run(ImageProgram program, CompilationContext context)
    {
        if (context.Options.AllowsHereDocs || !program.Runs().Any(HasHereDoc)) return program;

        var output = ImmutableArray.CreateBuilder<Instruction>(program.Instructions.Length);
        var files = new ContextFileRegistry(program.ContextFiles);
        foreach (var instruction in program.Instructions)
        {
            if (instruction is RunInstruction run && HasHereDoc(run)) Rewrite(run, files, context, output);
            else output.Add(instruction);
        }
        var result = program.WithInstructionsIfChanged(output.ToImmutable());
        return files.Added.Count == 0 ? result : result with { ContextFiles = program.ContextFiles.AddRange(files.Added) };
    }

    static bool HasHereDoc(RunInstruction run) => run.Steps.Any(s => !s.Opaque && s.Stmts.Any(HasInput));

    /// <summary>True when a statement, one of its <c>&amp;&amp;</c>/<c>||</c> members or pipeline members reads a here-document or here-string.</summary>
    static bool HasInput(Stmt stmt) =>
        InputRedirect(stmt) is not null
        || stmt.Command switch
        {
            AndOrList list => list.Stmts.Any(HasInput),
            Pipeline pipeline => pipeline.Stmts.Any(HasInput),
            _ => false,
        };

    /// <summary>The statement's only here-document or here-string on standard input, or null.</summary>
    static Redirect? InputRedirect(Stmt stmt)
    {
        Redirect? input = null;
        foreach (var redirect in stmt.Redirects)
        {
            if (redirect.Op is not (RedirectOp.HereDoc or RedirectOp.HereDocStripTabs or RedirectOp.HereString)) continue;
            if (input is not null) return null;
            input = redirect;
        }
        return input is { Fd: null or 0, FdVariable: null } ? input : null;
    }

    static void Rewrite(RunInstruction run, ContextFileRegistry files, CompilationContext context, ImmutableArray<Instruction>.Builder output)
    {
        var pending = ImmutableArray.CreateBuilder<RunStep>();
        void Flush()
        {
            if (pending.Count > 0) output.Add(run.WithSteps(pending.ToImmutable()));
            pending.Clear();
        }

        var directoryChanged = false;
        foreach (var step in run.Steps)
        {
            if (step.Opaque || !step.Stmts.Any(HasInput))
            {
                directoryChanged |= step.Opaque || step.Stmts.Any(ChangesDirectory);
                pending.Add(step);
                continue;
            }
            var kept = ImmutableArray.CreateBuilder<Stmt>();
            foreach (var stmt in step.Stmts)
            {
                if (!HasInput(stmt))
                {
                    directoryChanged |= ChangesDirectory(stmt);
                    kept.Add(stmt);
                    continue;
                }
                foreach (var member in Members(stmt))
                {
                    if (!directoryChanged && CopyOf(member, run.Context, step.Source, files) is { } copy)
                    {
                        if (kept.Count > 0) pending.Add(step.WithStmts(kept.ToImmutable()));
                        kept.Clear();
                        Flush();
                        output.Add(copy);
                        context.Explain(step.Source, Verdict.Changed, $"the here-document that writes {copy.Destination} is copied from the build context");
                        continue;
                    }
                    directoryChanged |= ChangesDirectory(member);
                    kept.Add(WithPrintf(member));
                }
            }
            if (kept.Count > 0) pending.Add(step.WithStmts(kept.ToImmutable()));
        }
        Flush();
    }

    /// <summary>A statement's members when it is an <c>&amp;&amp;</c> list (the backend joins them with <c>&amp;&amp;</c> again), else itself.</summary>
    static IEnumerable<Stmt> Members(Stmt stmt) =>
        stmt is { Command: AndOrList list, Redirects.IsEmpty: true, Negated: false, Terminator: not StmtTerminator.Background }
        && list.Ops.All(op => op == AndOrOp.And)
            ? list.Stmts
            : [stmt];

    static bool ChangesDirectory(Stmt stmt) =>
        stmt.Command switch
        {
            SimpleCommand command => command.Name is { } name && s_changesDirectory.Contains(name),
            AndOrList list => list.Stmts.Any(ChangesDirectory),
            _ => false,
        };

    /// <summary>
    /// COPY for <c>cat &gt; f &lt;&lt;EOF</c> / <c>tee f &lt;&lt;EOF</c> when the body has no expansion and the file is
    /// created or overwritten at a path known at compile time; null otherwise.
    /// </summary>
    static CopyInstruction? CopyOf(Stmt stmt, RunContext runContext, TraceLocation at, ContextFileRegistry files)
    {
        if (stmt is not { Command: SimpleCommand { Assignments.IsEmpty: true } command, Negated: false, Terminator: not StmtTerminator.Background }
            || InputRedirect(stmt) is not { HereDoc: { Terminated: true } doc } input)
            return null;

        var others = stmt.Redirects.Where(r => r != input).ToList();
        string? target;
        switch (command.Name)
        {
            case "cat" when command.Args.Length == 1 || (command.Args.Length == 2 && command.Args[1].LiteralValue == "-"):
                if (others is not [{ Op: RedirectOp.Output or RedirectOp.Clobber, Fd: null or 1, FdVariable: null } output]) return null;
                target = StaticValue(output.Target);
                break;
            case "tee" when command.Args.Length == 2:
                if (others.Count > 0 && !(others is [{ Op: RedirectOp.Output, Fd: null or 1 } devnull] && StaticValue(devnull.Target) == "/dev/null"))
                    return null;
                target = StaticValue(command.Args[1]);
                if (target is null || target.StartsWith('-')) return null;
                break;
            default:
                return null;
        }
        if (target is null || HereDocText.LiteralContent(doc, input.Op == RedirectOp.HereDocStripTabs) is not { } content) return null;
        if (ContainerPaths.Normalize(target, runContext.Workdir) is not { } path || path.StartsWith("/dev/") || path.StartsWith("/proc/")) return null;

        var source = Provenance.Of(at);
        var contextPath = files.Add(path, p => ContextFile.FromText(p, content, source));
        return new CopyInstruction(contextPath, path, runContext.User == "root" ? null : runContext.User, null, source);
    }

    /// <summary>The statement reading the same input from printf instead of its here-document or here-string.</summary>
    static Stmt WithPrintf(Stmt stmt)
    {
        if (InputRedirect(stmt) is { } input)
        {
            var printf = input.HereDoc is { } doc
                ? HereDocText.Printf(doc, input.Op == RedirectOp.HereDocStripTabs)
                : HereDocText.Printf(input.Target);
            if (printf is null || (input.HereDoc is { QuotedDelimiter: false } unquoted && unquoted.Body.OfType<Literal>().Any(l => l.Value.Contains("\\\n"))))
                return stmt;
            var rest = stmt with { Redirects = stmt.Redirects.Remove(input) };
            var text = stmt.Command switch
            {
                // `cat >f <<EOF` needs no cat: printf writes the file
                SimpleCommand { Name: "cat", Args.Length: 1, Assignments.IsEmpty: true } when rest.Redirects.Any(IsOutput) && !stmt.Negated
                    => ShellPrinter.Print(rest with { Command = Reparse(printf)!.Command }),
                SimpleCommand command when command.Name is { } name && !s_currentShell.Contains(name) => printf + " | " + ShellPrinter.Print(rest),
                _ => ShellPrinter.Print(rest with { Redirects = rest.Redirects.Add(ProcessSubstitutionInput(printf)), Terminator = StmtTerminator.None }).TrimEnd('\n') + Terminator(stmt),
            };
            return Reparse(text) ?? stmt;
        }
        if (stmt.Command is Pipeline { Stmts: [var first, ..] } pipeline && InputRedirect(first) is not null && !pipeline.Stmts.Skip(1).Any(HasInput))
        {
            var rewritten = WithPrintf(first);
            if (ReferenceEquals(rewritten, first)) return stmt;
            // the rewritten first command is itself `printf … | cmd`: one flat pipeline again
            var text = ShellPrinter.Print(rewritten).TrimEnd('\n') + string.Concat(pipeline.Ops.Zip(pipeline.Stmts.Skip(1),
                (op, s) => (op == PipeOp.Pipe ? " | " : " |& ") + ShellPrinter.Print(s).TrimEnd('\n')));
            return Reparse((stmt.Negated ? "! " : "") + text + Terminator(stmt)) ?? stmt;
        }
        return stmt;
    }

    static bool IsOutput(Redirect r) => r.Op is RedirectOp.Output or RedirectOp.Append or RedirectOp.Clobber;

    static string Terminator(Stmt stmt) => stmt.Terminator switch
    {
        StmtTerminator.Semicolon => ";",
        StmtTerminator.Background => " &",
        _ => "",
    };

    /// <summary><c>&lt; &lt;(printf …)</c>: the same input without a subshell around the command.</summary>
    static Redirect ProcessSubstitutionInput(string printf)
    {
        var inner = Reparse(printf)!;
        var word = new Word([new ProcessSubstitution([inner], false, TextSpan.None)], TextSpan.None);
        return new Redirect(null, null, RedirectOp.Input, word, null, TextSpan.None);
    }

    static Stmt? Reparse(string text) =>
        Frontend.Parsing.ShellParser.Parse(text).File is { Stmts: [var only] } ? only : null;

    /// <summary>A word's value when nothing in it expands (plain text, quoted text); null otherwise.</summary>
    internal static string? StaticValue(Word word)
    {
        var value = new System.Text.StringBuilder();
        foreach (var part in word.Parts)
        {
            switch (part)
            {
                case Literal literal when literal.Value.All(c => !"~*?[{\\".Contains(c)):
                    value.Append(literal.Value);
                    break;
                case SingleQuoted { Dollar: false } quoted:
                    value.Append(quoted.Value);
                    break;
                case DoubleQuoted { Dollar: false } quoted when quoted.Parts.All(p => p is Literal l && !l.Value.Contains('\\')):
                    value.Append(string.Concat(quoted.Parts.Cast<Literal>().Select(l => l.Value)));
                    break;
                default:
                    return null;
            }
        }
        return value.ToString();
    }
}
