using System.Text;
using DockerRecord.IR;

namespace DockerRecord.Backend;

/// <summary>
/// Writes the final program as Dockerfile text: one instruction per line, grouped RUNs continued with
/// <c>\</c> and <c>&amp;&amp;</c>, exec form for CMD and ENTRYPOINT, and exact quoting everywhere. The output depends only
/// on the program and the options.
/// </summary>
public static class DockerfileEmitter
{
    const string Continuation = " \\\n    ";

    public static string Emit(ImageProgram program, EmitOptions options)
    {
        var text = new StringBuilder();
        if (options.Syntax is { } syntax) text.Append("# syntax=docker/dockerfile:").Append(syntax).Append('\n');
        Instruction? previous = null;
        foreach (var instruction in program.Instructions)
        {
            if (previous is not null && StartsSection(previous, instruction)) text.Append('\n');
            if (options.Annotate && !instruction.Source.IsEmpty && instruction is not CommentInstruction)
                text.Append("# ").Append(instruction.Source).Append('\n');
            text.Append(Line(instruction)).Append('\n');
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

    public static string Line(Instruction instruction) => instruction switch
    {
        FromInstruction from => $"FROM {from.Image}",
        ShellInstruction shell => $"SHELL {DockerfileQuoting.ExecForm(shell.Arguments)}",
        RunInstruction run => RunText(run),
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

    static string RunText(RunInstruction run)
    {
        var mounts = string.Concat(run.Mounts.Select(m => $"--mount=type={m.Type},id={m.Id}{(m.Target is null ? "" : ",target=" + m.Target)} "));
        var commands = run.Steps.SelectMany(RunCommands).ToList();
        if (commands.All(DockerfileQuoting.FitsShellForm))
            return "RUN " + mounts + JoinCommands(commands);

        // a line break inside a value, or a trailing backslash, cannot be written in shell form: the whole script
        // goes as one exec-form argument, which JSON quotes exactly
        var script = string.Join("\n", run.Steps.Select(IrPrinter.StepText));
        return "RUN " + mounts + DockerfileQuoting.ExecForm(["/bin/bash", "-o", "pipefail", "-c", script]);
    }

    /// <summary>The step's top-level commands as text, each on its own (a typed line kept as typed when opaque).</summary>
    static IEnumerable<string> RunCommands(RunStep step) =>
        step.Opaque ? [step.Typed.TrimEnd('\n')] : step.Stmts.Select(s => Frontend.Syntax.ShellPrinter.Print(s).TrimEnd('\n'));

    /// <summary>
    /// <c>a &amp;&amp; b</c> across continuation lines. A command typed with <c>;</c> ran whatever the one before did,
    /// so it stays after a <c>;</c>; one sent to the background keeps its <c>&amp;</c>.
    /// </summary>
    static string JoinCommands(List<string> commands)
    {
        var text = new StringBuilder();
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

    static string CopyText(CopyInstruction copy)
    {
        var flags = (copy.Chown is null ? "" : $"--chown={copy.Chown} ") + (copy.Chmod is null ? "" : $"--chmod={copy.Chmod} ");
        return DockerfileQuoting.IsPlainPath(copy.ContextPath) && DockerfileQuoting.IsPlainPath(copy.Destination)
            ? $"COPY {flags}{copy.ContextPath} {copy.Destination}"
            : $"COPY {flags}{DockerfileQuoting.ExecForm([copy.ContextPath, copy.Destination])}";
    }
}
