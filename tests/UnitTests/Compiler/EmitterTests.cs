using System.Collections.Immutable;
using DockerRecord.Backend;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Parsing;
using DockerRecord.IR;
using DockerRecord.Passes;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

/// <summary>A trace compiled and emitted, for the tests of the files, here-document, secrets and backend stages.</summary>
sealed record CompiledTrace(Compilation Compilation, string Dockerfile)
{
    public static CompiledTrace Of(TraceBuilder trace, CompileOptions? options = null)
    {
        options ??= CompileOptions.Default;
        var compilation = DockerRecord.Passes.Compiler.Compile(trace.Build(), options);
        return new(compilation, DockerfileEmitter.Emit(compilation.Program, new EmitOptions { Annotate = options.Annotate, Syntax = options.Syntax }));
    }

    /// <summary>
    /// The trace lowered and put through only <paramref name="passes"/> (then emitted): a pass's own behaviour, without
    /// what the other passes would make of the same line (drop a read-only line, group RUNs, turn a cd into WORKDIR).
    /// </summary>
    public static CompiledTrace Through(TraceBuilder trace, params ICompilerPass[] passes)
    {
        var context = new CompilationContext(trace.Build(), CompileOptions.Default);
        var program = new DockerRecord.Passes.Lowering.LowerTracePass().Run(ImageProgram.Empty, context);
        foreach (var pass in passes)
        {
            context.CurrentPass = pass.Name;
            program = pass.Run(program, context);
        }
        var compilation = new Compilation(program, context.SortedDiagnostics(), [.. context.Explanations]);
        return new(compilation, DockerfileEmitter.Emit(program, new EmitOptions()));
    }

    public ImageProgram Program => Compilation.Program;

    public IEnumerable<string> Messages => Compilation.Diagnostics.Select(d => d.ToString());

    /// <summary>The text of every context file (blobs read from the trace).</summary>
    public IEnumerable<string> ContextTexts => Program.ContextFiles.Select(f => f.Text ?? File.ReadAllText(f.BlobPath!));
}

public sealed class EmitterTests
{
    static RunInstruction Run(params string[] lines) =>
        new([.. lines.Select((line, i) => new RunStep(new TraceLocation(1, i + 1), ShellParser.Parse(line).File!.Stmts, line))],
            RunContext.Root, ImmutableArray<RunMount>.Empty, Provenance.Of(new TraceLocation(1, 1)));

    [Fact]
    public void A_session_where_nothing_was_typed_compiles_to_its_base_image()
    {
        // no line to parse, no instruction to print in parallel: the passes and the emitter take empty input
        var compiled = CompiledTrace.Of(new TraceBuilder());
        Assert.Equal("FROM debian:bookworm\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n", compiled.Dockerfile);
    }

    [Fact]
    public void A_line_break_outside_a_RUN_is_refused_rather_than_written()
    {
        // the trace reader refuses such values; should one get through, no instruction nobody typed is written
        var program = ImageProgram.Empty.WithInstructions([
            new FromInstruction("debian:bookworm", Provenance.None),
            new UserInstruction("bob\nRUN touch /pwned", Provenance.Of(new TraceLocation(1, 3))),
        ]);
        var error = Assert.Throws<InvalidOperationException>(() => DockerfileEmitter.Emit(program, EmitOptions.Default));
        Assert.Equal("USER would hold a line break (session 1, command 3), which would start another instruction", error.Message);
    }

    [Fact]
    public void Grouped_steps_are_joined_with_and_on_continuation_lines()
    {
        Assert.Equal("RUN apt-get update \\\n    && apt-get install -y nginx", DockerfileEmitter.Line(Run("apt-get update", "apt-get install -y nginx")));
    }

    [Fact]
    public void A_command_starting_with_a_bracket_is_not_read_as_json()
    {
        // `RUN [ "a" ]` would be exec form running the program `a`
        var line = DockerfileEmitter.Line(Run("[ \"a\" ]"));
        Assert.StartsWith("RUN [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\", ", line);
    }

    [Fact]
    public void A_multi_line_step_goes_in_exec_form()
    {
        var line = DockerfileEmitter.Line(Run("cat >f <<EOF\na\nEOF"));
        Assert.Equal("RUN [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\", \"cat >f <<EOF\\na\\nEOF\"]", line);
    }

    [Fact]
    public void Syntax_1_4_writes_here_documents_after_the_run_line()
    {
        var line = DockerfileEmitter.Line(Run("mkdir -p /etc/x", "cat >/etc/x/a <<'EOF'\n$HOME\nEOF", "true"), new EmitOptions { Syntax = "1.4" });
        Assert.Equal("RUN mkdir -p /etc/x && cat >/etc/x/a <<'EOF' && true\n$HOME\nEOF", line);
    }

    [Fact]
    public void Syntax_1_4_keeps_exec_form_for_line_breaks_that_are_not_here_documents()
    {
        var line = DockerfileEmitter.Line(Run("echo 'a\nb'"), new EmitOptions { Syntax = "1.4" });
        Assert.StartsWith("RUN [\"/bin/bash\"", line);
    }

    [Fact]
    public void Secret_mounts_come_before_the_command()
    {
        var run = Run("true") with { Mounts = [RunMount.Secret("TOKEN")] };
        Assert.Equal("RUN --mount=type=secret,id=TOKEN true", DockerfileEmitter.Line(run));
    }

    [Theory]
    [InlineData("rootfs/a", "/srv/a", null, "COPY rootfs/a /srv/a")]
    [InlineData("rootfs/a", "/srv/my file", null, "COPY [\"rootfs/a\", \"/srv/my file\"]")]
    [InlineData("rootfs/a", "/srv/$x", null, "COPY [\"rootfs/a\", \"/srv/\\\\$x\"]")]
    [InlineData("rootfs/a", "/srv/a", "33:33", "COPY --chown=33:33 rootfs/a /srv/a")]
    public void Copy_quotes_what_the_dockerfile_would_expand(string source, string destination, string? chown, string expected)
    {
        Assert.Equal(expected, DockerfileEmitter.Line(new CopyInstruction(source, destination, chown, null, Provenance.None)));
    }

    [Fact]
    public void Annotate_adds_provenance_comments()
    {
        var compiled = CompiledTrace.Of(new TraceBuilder().Command("touch /a", r => r with { Changes = new(["/a"], [], []) }), CompileOptions.Default with { Annotate = true });
        Assert.Contains("# session 1, command 1\nRUN touch /a\n", compiled.Dockerfile);
    }

    [Fact]
    public void Syntax_option_writes_the_header()
    {
        var compiled = CompiledTrace.Of(new TraceBuilder().Command("true"), CompileOptions.Default with { Syntax = "1.4" });
        Assert.StartsWith("# syntax=docker/dockerfile:1.4\n", compiled.Dockerfile);
    }

    [Fact]
    public void Writer_keeps_context_files_inside_the_folder_with_their_mode()
    {
        if (OperatingSystem.IsWindows()) return;
        var folder = Path.Combine(Path.GetTempPath(), "drec-ctx-" + Guid.NewGuid().ToString("N")[..8]);
        var program = ImageProgram.Empty with
        {
            ContextFiles = [ContextFile.FromText("rootfs/run.sh", "#!/bin/sh\n", Provenance.None) with { Mode = 0x1ED }],
        };
        BuildContextWriter.Write(Path.Combine(folder, "Dockerfile"), "FROM x\n", program);
        Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(Path.Combine(folder, "rootfs/run.sh")));

        var escaping = program with { ContextFiles = [ContextFile.FromText("../outside", "x", Provenance.None)] };
        Assert.Throws<InvalidOperationException>(() => BuildContextWriter.Write(Path.Combine(folder, "Dockerfile"), "FROM x\n", escaping));

        // a folder of the context replaced by a link is never written through
        Directory.Delete(Path.Combine(folder, "rootfs"), recursive: true);
        var elsewhere = Directory.CreateTempSubdirectory("drec-elsewhere-").FullName;
        Directory.CreateSymbolicLink(Path.Combine(folder, "rootfs"), elsewhere);
        Assert.Throws<InvalidOperationException>(() => BuildContextWriter.Write(Path.Combine(folder, "Dockerfile"), "FROM x\n", program));
        Assert.Empty(Directory.GetFiles(elsewhere));
    }
}
