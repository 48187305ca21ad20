using System.Collections.Immutable;
using DockerRecord.Frontend.Parsing;
using DockerRecord.Frontend.Syntax;
using DockerRecord.IR;
using DockerRecord.Passes.Services;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DockerRecord.UnitTests.Compiler;

/// <summary>Taking service commands out of a line keeps every other command, in order, and what is left re-parses to itself.</summary>
public sealed class ServicesPropertyTests
{
    static readonly Gen<string> Other = Gen.Elements("apt-get install -y nginx", "make", "echo hi", "cd /opt", "touch x");
    static readonly Gen<string> Service = Gen.Elements("service nginx start", "systemctl status nginx", "nginx -s reload");
    static readonly Gen<string> Op = Gen.Elements(" && ", " || ", "; ");

    [Property(MaxTest = 300)]
    public Property Removal_keeps_the_other_commands_in_order() =>
        Prop.ForAll(Gen.Zip(Gen.Frequency((2, Other), (1, Service)), Op).NonEmptyListOf().ToArbitrary(), parts =>
        {
            var line = string.Concat(parts.Select((p, i) => p.Item1 + (i < parts.Count - 1 ? p.Item2 : "")));
            var stmts = ShellParser.Parse(line).File!.Stmts;
            var rewritten = StatementRemover.Rewrite(stmts, c => c.Name is "service" or "systemctl" || (c.Name == "nginx" && c.Args.Length > 1) ? [] : null);
            var kept = LineWalker.Commands(rewritten, "/").Select(c => ShellPrinter.Print(new Stmt(c.Command, [], false, StmtTerminator.None, default)).Trim());
            var expected = parts.Select(p => p.Item1).Where(p => !Service_.Contains(p));
            var text = IrPrinter.StepText(new RunStep(default, rewritten, line));
            var reparsed = rewritten.IsEmpty || SyntaxPrinter.ToSExpression(ShellParser.Parse(text).File!) == SyntaxPrinter.ToSExpression(new ShellFile(rewritten, [], default));
            return kept.SequenceEqual(expected) && reparsed;
        });

    static readonly ImmutableHashSet<string> Service_ = ["service nginx start", "systemctl status nginx", "nginx -s reload"];
}
