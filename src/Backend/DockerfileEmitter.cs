using System.Text;
using DockerRecord.IR;

namespace DockerRecord.Backend;

/// <summary>
/// Writes the final program as Dockerfile text: one instruction per line, grouped RUNs continued with
/// <c>\</c> and <c>&amp;&amp;</c>, exec form for CMD and ENTRYPOINT, and exact quoting everywhere. The output depends only
/// on the program and the options.
/// <para>
/// A RUN is written in shell form only when the Dockerfile parser gives the shell exactly the text drec printed: one
/// line per command (no line break, no trailing backslash, no leading <c>[</c> that would read as JSON). Otherwise
/// the whole script goes as one exec-form argument of bash, which JSON quotes exactly. With syntax 1.4 a RUN whose
/// line breaks all come from here-documents is written in Dockerfile here-document form instead: the commands on
/// the RUN line, the bodies and delimiters after it, checked by parsing the result again.
/// </para>
/// </summary>
public static class DockerfileEmitter
{
    const string Continuation = " \\\n    ";

    public static string Emit(ImageProgram program, EmitOptions options)
    {
        var instructions = program.Instructions;
        // each instruction's text depends on it alone: printed on all cores, joined in order
        var lines = new string?[instructions.Length];
        Parallel.For(0, instructions.Length, i =>
        {
            if (instructions[i] is not RunInstruction { Steps.IsEmpty: true }) lines[i] = Line(instructions[i], options);
        });

        var text = new StringBuilder();
        if (options.Syntax is { } syntax) text.Append("# syntax=docker/dockerfile:").Append(syntax).Append('\n');
        Instruction? previous = null;
        for (var i = 0; i < instructions.Length; i++)
        {
            var instruction = instructions[i];
            if (previous is not null && StartsSection(previous, instruction)) text.Append('\n');
            if (options.Annotate && !instruction.Source.IsEmpty && instruction is not CommentInstruction)
                text.Append("# ").Append(instruction.Source).Append('\n');
            if (lines[i] is not { } line) continue;
            // only a RUN may span lines (continuations, here-documents); a line break anywhere else would start an
            // instruction nobody typed. The trace reader refuses such values; this is the last guard.
            if (instruction is not RunInstruction && line.AsSpan().ContainsAny('\n', '\r'))
                throw new InvalidOperationException($"{line.Split(' ')[0]} would hold a line break ({instruction.Source}), which would start another instruction");
            text.Append(line).Append('\n');
            previous = instruction;
        }
        return text.ToString();
    }

    /// <summary>A blank line after the base image, and before the image's run-time settings at the end.</summary>
    static bool StartsSection(Instruction previous, Instruction next) =>
        (previous is FromInstruction or ShellInstruction && next is not ShellInstruction)
        || (IsRuntimeSetting(next) && !IsRuntimeSetting(previous));

    static bool IsRuntimeSetting(Instruction instruction) =>
        instruction is ExposeInstruction or VolumeInstruction or CmdInstruction or EntrypointInstruction;

    public static string Line(Instruction instruction) => Line(instruction, EmitOptions.Default);

    public static string Line(Instruction instruction, EmitOptions options) => instruction switch
    {
        FromInstruction from => $"FROM {from.Image}",
        ShellInstruction shell => $"SHELL {DockerfileQuoting.ExecForm(shell.Arguments)}",
        RunInstruction run => RunText(run, options),
        CopyInstruction copy => CopyText(copy),
        WorkdirInstruction workdir => $"WORKDIR {DockerfileQuoting.Word(workdir.Path)}",
        EnvInstruction env => "ENV " + string.Join(" ", env.Variables.Select(v => $"{v.Key}={DockerfileQuoting.EnvValue(v.Value)}")),
        ArgInstruction arg => arg.Default is null ? $"ARG {arg.Name}" : $"ARG {arg.Name}={DockerfileQuoting.EnvValue(arg.Default)}",
        UserInstruction user => $"USER {DockerfileQuoting.Word(user.User)}",
        ExposeInstruction expose => expose.Protocol == "tcp" ? $"EXPOSE {expose.Port}" : $"EXPOSE {expose.Port}/{expose.Protocol}",
        VolumeInstruction volume => $"VOLUME {DockerfileQuoting.ExecForm([volume.Path])}",
        CmdInstruction cmd => $"CMD {DockerfileQuoting.ExecForm(cmd.Arguments)}",
        EntrypointInstruction entrypoint => $"ENTRYPOINT {DockerfileQuoting.ExecForm(entrypoint.Arguments)}",
        CommentInstruction comment => "# " + comment.Text.Replace("\n", " "),
        _ => throw new ArgumentOutOfRangeException(nameof(instruction), instruction.GetType().Name),
    };

    static string RunText(RunInstruction run, EmitOptions options)
    {
        var mounts = run.Mounts.IsEmpty ? "" : string.Concat(run.Mounts.Select(m => $"--mount=type={m.Type},id={m.Id}{(m.Target is null ? "" : ",target=" + m.Target)} "));
        var commands = run.Steps.SelectMany(RunCommands).ToList();
        if (commands.All(DockerfileQuoting.FitsShellForm) && !commands[0].StartsWith('['))
            return JoinCommands(commands, "RUN " + mounts);
        if (options.AllowsHereDocs && HereDocForm(run) is { } heredoc)
            return "RUN " + mounts + heredoc;

        // a line break inside a value, or a trailing backslash, cannot be written in shell form: the whole script
        // goes as one exec-form argument, which JSON quotes exactly
        var script = string.Join("\n", run.Steps.Select(s => s.Opaque ? s.Typed.TrimEnd('\n') : IrPrinter.StepText(s)));
        return "RUN " + mounts + DockerfileQuoting.ExecForm(["/bin/bash", "-o", "pipefail", "-c", script]);
    }

    /// <summary>
    /// <c>cat &gt;f &lt;&lt;EOF &amp;&amp; b</c>, then the bodies: every command's text up to its first line break goes on the
    /// RUN line, the rest (here-document bodies and delimiters) follows. Null when a command has a line break of its
    /// own (a multi-line loop) or the result would not parse back to the same commands.
    /// </summary>
    static string? HereDocForm(RunInstruction run)
    {
        if (run.Steps.Any(s => s.Opaque)) return null;
        var stmts = run.Steps.SelectMany(s => s.Stmts).ToList();
        var heads = new List<string>();
        var bodies = new StringBuilder();
        foreach (var stmt in stmts)
        {
            var text = Frontend.Syntax.ShellPrinter.Print(stmt);
            var lineEnd = text.IndexOf('\n');
            var head = lineEnd < 0 ? text : text[..lineEnd];
            if (!DockerfileQuoting.FitsShellForm(head)) return null;
            heads.Add(head);
            if (lineEnd < 0) continue;
            // every line after the first must belong to a here-document: a quoted line break would end the
            // instruction for the Dockerfile parser
            var rest = text[(lineEnd + 1)..];
            if (!rest.EndsWith('\n') || rest.Count(c => c == '\n') != HereDocLines(stmt)) return null;
            bodies.Append(rest);
        }
        var joined = JoinCommands(heads).Replace(Continuation, " ");
        var script = joined + "\n" + bodies;
        if (joined.StartsWith('[') || !BuildKitSeesHereDocs(joined, stmts) || !ParsesTo(script, stmts)) return null;
        return script.TrimEnd('\n');
    }

    /// <summary>
    /// True when BuildKit's Dockerfile parser finds the same here-documents on the RUN line as bash: it splits the line
    /// on blanks and takes a word <c>&lt;&lt;NAME</c> (<c>^(\d*)&lt;&lt;(-?)([^&lt;]*)$</c>) as one, NAME unquoted. A delimiter
    /// it would read differently (empty, with a <c>&lt;</c>, glued to a <c>;</c>) would leave the body lines to be read
    /// as instructions, so only plain names (letters, digits, <c>_</c>) take this form.
    /// </summary>
    static bool BuildKitSeesHereDocs(string line, List<Frontend.Syntax.Stmt> stmts)
    {
        var expected = stmts.SelectMany(HereDocsOf).Select(d => d.Delimiter).ToList();
        if (expected.Any(d => !s_plainDelimiter.IsMatch(d))) return false;
        var found = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(word => s_hereDocWord.Match(word))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value.Trim('\'', '"'))
            .ToList();
        return found.SequenceEqual(expected);
    }

    /// <summary>The here-documents of a statement and of the members of its lists and pipelines, in source order.</summary>
    static IEnumerable<Frontend.Syntax.HereDoc> HereDocsOf(Frontend.Syntax.Stmt stmt)
    {
        foreach (var redirect in stmt.Redirects)
            if (redirect.HereDoc is { } doc) yield return doc;
        var members = stmt.Command switch
        {
            Frontend.Syntax.AndOrList list => list.Stmts,
            Frontend.Syntax.Pipeline pipeline => pipeline.Stmts,
            _ => [],
        };
        foreach (var member in members)
            foreach (var doc in HereDocsOf(member))
                yield return doc;
    }

    static readonly System.Text.RegularExpressions.Regex s_hereDocWord = new(@"^\d*<<-?([^<]*)$");
    static readonly System.Text.RegularExpressions.Regex s_plainDelimiter = new(@"^\w+$", System.Text.RegularExpressions.RegexOptions.ECMAScript);

    /// <summary>The lines the here-documents of a statement's line take (bodies and delimiters); -1 when one is not plain text.</summary>
    static int HereDocLines(Frontend.Syntax.Stmt stmt)
    {
        var lines = 0;
        foreach (var doc in HereDocsOf(stmt))
        {
            if (!doc.Terminated || !doc.Body.All(p => p is Frontend.Syntax.Literal or Frontend.Syntax.ParamExpansion)) return -1;
            lines += doc.Body.OfType<Frontend.Syntax.Literal>().Sum(l => l.Value.Count(c => c == '\n')) + 1;
        }
        return lines;
    }

    /// <summary>True when <paramref name="script"/> holds the same commands as <paramref name="stmts"/>, read as the backend joins them.</summary>
    static bool ParsesTo(string script, List<Frontend.Syntax.Stmt> stmts)
    {
        if (Frontend.Parsing.ShellParser.Parse(script).File is not { } file) return false;
        return RunCommandShape.Commands(file.Stmts).SequenceEqual(RunCommandShape.Commands(stmts));
    }

    /// <summary>The step's top-level commands as text, each on its own (a typed line kept as typed when opaque).</summary>
    static IEnumerable<string> RunCommands(RunStep step) =>
        step.Opaque ? [step.Typed.TrimEnd('\n')] : step.Stmts.Select(s => Frontend.Syntax.ShellPrinter.Print(s).TrimEnd('\n'));

    /// <summary>
    /// <c>a &amp;&amp; b</c> across continuation lines. A command typed with <c>;</c> ran whatever the one before did,
    /// so it stays after a <c>;</c>; one sent to the background keeps its <c>&amp;</c>.
    /// </summary>
    static string JoinCommands(List<string> commands, string prefix = "")
    {
        var text = new StringBuilder(prefix, prefix.Length + commands.Sum(c => c.Length + Continuation.Length + 3));
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            var last = i == commands.Count - 1;
            if (command.EndsWith('&') && !command.EndsWith("&&"))
            {
                text.Append(command);
                if (!last) text.Append(Continuation);
                continue;
            }
            var unterminated = command.EndsWith(';') ? command[..^1] : command;
            text.Append(unterminated);
            if (!last) text.Append(command.EndsWith(';') ? ";" + Continuation : Continuation + "&& ");
        }
        return text.ToString();
    }

    /// <summary>
    /// COPY evaluates <c>$</c> variables and backslashes in its words (both forms): context paths are plain by
    /// construction; a destination that is not is written in JSON form with <c>\</c> and <c>$</c> escaped.
    /// </summary>
    static string CopyText(CopyInstruction copy)
    {
        var flags = (copy.Chown is null ? "" : $"--chown={DockerfileQuoting.Word(copy.Chown)} ") + (copy.Chmod is null ? "" : $"--chmod={copy.Chmod} ");
        return DockerfileQuoting.IsPlainPath(copy.ContextPath) && DockerfileQuoting.IsPlainPath(copy.Destination)
            ? $"COPY {flags}{copy.ContextPath} {copy.Destination}"
            : $"COPY {flags}{DockerfileQuoting.ExecForm([DockerfileQuoting.Word(copy.ContextPath), DockerfileQuoting.Word(copy.Destination)])}";
    }
}
