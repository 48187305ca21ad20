using System.Text;
using DockerRecord.Frontend.Syntax;
using Superpower.Model;

namespace DockerRecord.IR;

/// <summary>
/// The stable text form of a program for <c>--dump-ir</c> and golden baselines: one instruction per line, the
/// provenance and the RUN context after it. Line breaks inside values print as <c>\n</c>, so each instruction is
/// exactly one line and baselines diff well.
/// </summary>
public static class IrPrinter
{
    public static string Print(ImageProgram program)
    {
        var text = new StringBuilder();
        foreach (var instruction in program.Instructions)
            text.Append(Print(instruction)).Append('\n');
        foreach (var file in program.ContextFiles.OrderBy(f => f.Path, StringComparer.Ordinal))
            text.Append("context ").Append(file.Path).Append(" <- ")
                .Append(file.BlobPath is { } blob ? "blob " + Path.GetFileName(blob) : $"text ({Encoding.UTF8.GetByteCount(file.Text ?? "")} bytes)")
                .Append(file.Mode is { } mode ? " mode " + Convert.ToString(mode, 8).PadLeft(4, '0') : "")
                .Append("  ; ").Append(file.Source).Append('\n');
        text.Append("final ").Append(OneLine(program.Final.ToString())).Append('\n');
        return text.ToString();
    }

    public static string Print(Instruction instruction)
    {
        var line = instruction.Keyword + " " + Payload(instruction);
        var notes = instruction is RunInstruction run ? $"{instruction.Source} | {run.Context}" : instruction.Source.ToString();
        return OneLine(line) + "  ; " + OneLine(notes);
    }

    static string Payload(Instruction instruction) => instruction switch
    {
        FromInstruction from => from.Image,
        RunInstruction run => (run.Mounts.IsEmpty ? "" : string.Join(" ", run.Mounts.Select(m => $"--mount=type={m.Type},id={m.Id}")) + " ")
            + string.Join(" ;; ", run.Steps.Select(StepText)),
        CopyInstruction copy => (copy.Chown is null ? "" : $"--chown={copy.Chown} ") + (copy.Chmod is null ? "" : $"--chmod={copy.Chmod} ")
            + $"{copy.ContextPath} {copy.Destination}",
        WorkdirInstruction workdir => workdir.Path,
        EnvInstruction env => string.Join(" ", env.Variables.Select(v => $"{v.Key}={v.Value}")),
        ArgInstruction arg => arg.Default is null ? arg.Name : $"{arg.Name}={arg.Default}",
        UserInstruction user => user.User,
        ExposeInstruction expose => $"{expose.Port}/{expose.Protocol}",
        VolumeInstruction volume => volume.Path,
        CmdInstruction cmd => "[" + string.Join(", ", cmd.Arguments.Select(a => $"\"{a}\"")) + "]",
        EntrypointInstruction entrypoint => "[" + string.Join(", ", entrypoint.Arguments.Select(a => $"\"{a}\"")) + "]",
        CommentInstruction comment => comment.Text,
        ShellInstruction shell => "[" + string.Join(", ", shell.Arguments.Select(a => $"\"{a}\"")) + "]",
        _ => throw new ArgumentOutOfRangeException(nameof(instruction), instruction.GetType().Name),
    };

    /// <summary>The shell text of a step as drec would run it (canonical printing of its statements).</summary>
    public static string StepText(RunStep step) =>
        ShellPrinter.Print(new ShellFile(step.Stmts, [], TextSpan.None)).TrimEnd('\n');

    static string OneLine(string text) => text.Replace("\\", "\\\\").Replace("\n", "\\n");
}
