using System.Collections.Immutable;
using System.Text.Json;
using DockerRecord.Backend;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Parsing;
using DockerRecord.IR;
using DockerRecord.UnitTests.Frontend;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DockerRecord.UnitTests.Compiler;

/// <summary>
/// Properties of the backend over the parser's generated programs: a RUN line, read back as the Dockerfile parser
/// reads it (continuations joined; the script of the exec form), holds the same commands as its steps; and the same
/// program always gives the same bytes.
/// </summary>
public sealed class EmitterPropertyTests
{
    static readonly Gen<RunInstruction> Runs =
        Gen.Choose(1, 4)
            .SelectMany(count => Gen.Sized(size => ParserPropertyTests.Program(Math.Min(size / 25, 2))).ArrayOf(count))
            .Select(texts => new RunInstruction(
                [.. texts.Select((text, i) => new RunStep(new TraceLocation(1, i + 1), ShellParser.Parse(text).File!.Stmts, text))],
                RunContext.Root, ImmutableArray<RunMount>.Empty, Provenance.None));

    [Property(MaxTest = 100)]
    public Property Run_lines_parse_back_to_their_steps() =>
        Prop.ForAll(Runs.ToArbitrary(), run =>
        {
            var stmts = run.Steps.SelectMany(s => s.Stmts).ToList();
            foreach (var options in new[] { EmitOptions.Default, new EmitOptions { Syntax = "1.4" } })
            {
                var line = DockerfileEmitter.Line(run, options);
                Assert.StartsWith("RUN ", line);
                var script = ScriptOf(line["RUN ".Length..], options);
                var reparsed = ShellParser.Parse(script).File;
                Assert.True(reparsed is not null, $"`{script}` does not parse");
                Assert.Equal(RunCommandShape.Commands(stmts), RunCommandShape.Commands(reparsed.Stmts));
            }
            return true;
        });

    [Property(MaxTest = 50)]
    public Property Emitting_is_deterministic() =>
        Prop.ForAll(Runs.ToArbitrary(), run =>
        {
            var program = ImageProgram.Empty with { Instructions = [new FromInstruction("debian", Provenance.None), run] };
            Assert.Equal(DockerfileEmitter.Emit(program, EmitOptions.Default), DockerfileEmitter.Emit(program with { }, EmitOptions.Default));
            return true;
        });

    /// <summary>What the shell gets: the exec form's last argument, or the shell form with continuations joined.</summary>
    static string ScriptOf(string rest, EmitOptions options)
    {
        if (rest.StartsWith('['))
            return JsonSerializer.Deserialize<string[]>(rest)![^1];
        // a here-document form (syntax 1.4) passes its lines as they are; the Dockerfile reads `\` + line break as a join
        if (options.AllowsHereDocs && rest.Contains("<<")) return rest;
        Assert.DoesNotContain('\n', rest.Replace("\\\n", ""));
        return rest.Replace("\\\n", "");
    }
}
