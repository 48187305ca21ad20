using System.CommandLine;
using DockerRecord.Backend;
using DockerRecord.Cli.Verify;
using DockerRecord.Cli.Diagnostics;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes;
using Command = System.CommandLine.Command;

namespace DockerRecord.Cli.Commands;

/// <summary>
/// <c>drec compile &lt;trace-dir&gt; -o Dockerfile</c>: runs the passes over a trace and writes the Dockerfile with its
/// build context. Diagnostics and <c>--timings</c> go to stderr; <c>--dump-ir</c> and <c>--explain</c> to stdout.
/// </summary>
static class CompileCommand
{
    public static Command Create()
    {
        var trace = new Argument<string>("trace-dir") { Description = "The trace folder written by drec record." };
        var output = new Option<string>("--output", "-o")
        {
            Description = "Where to write the Dockerfile; its folder becomes the build context.",
            DefaultValueFactory = _ => "Dockerfile",
        };
        var dumpIr = new Option<string?>("--dump-ir")
        {
            Description = "Print the IR after every pass, or after the pass named (see --list-passes).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var explain = new Option<bool>("--explain") { Description = "Print why each recorded command was kept, changed or dropped." };
        var annotate = new Option<bool>("--annotate") { Description = "Add '# session 1, commands 3-5' comments to the Dockerfile." };
        var syntax = new Option<string?>("--syntax")
        {
            Description = "Dockerfile syntax to target, e.g. 1.4 (allows RUN here-documents; engine 20.10 needs the default).",
        };
        // it becomes the `# syntax=docker/dockerfile:…` line: a version, nothing that could end the line
        syntax.Validators.Add(result =>
        {
            if (result.GetValue(syntax) is { } value && !System.Text.RegularExpressions.Regex.IsMatch(value, @"^[0-9]+(\.[0-9]+){0,2}(-labs)?\z"))
                result.AddError($"--syntax takes a Dockerfile syntax version such as 1.4 or 1.7-labs, not \"{Frontend.Diagnostics.OneLine.Of(value)}\"");
        });
        var noVolumes = new Option<bool>("--no-volumes") { Description = "Leave VOLUME out (data directories are still reported)." };
        var pin = new Option<bool>("--pin") { Description = "Pin every apt-get install package to the version the container had (name=version)." };
        var pinBase = new Option<bool>("--pin-base") { Description = "Pin FROM to the registry digest the session's image had (name:tag@sha256:…)." };
        var timings = new Option<bool>("--timings")
        {
            Description = "Print to stderr the time, allocations and garbage collections of each phase: reading, each pass, analyzers, output.",
        };
        var listPasses = new Option<bool>("--list-passes") { Description = "List the passes in the order they run, and exit." };
        var verify = new Option<string?>("--verify")
        {
            Description = "Then build the Dockerfile and compare the image with this container, as drec verify does.",
        };
        var diagnosticsFormat = new Option<DiagnosticFormat>("--diagnostics-format")
        {
            Description = "text (compiler-style lines on stderr), json or sarif (on stdout, or in --diagnostics-output).",
            DefaultValueFactory = _ => DiagnosticFormat.Text,
        };
        var diagnosticsOutput = new Option<string?>("--diagnostics-output") { Description = "Write the diagnostics to this file instead." };
        var diagnosticOptions = new DiagnosticOptions();
        var command = new Command("compile", "Compile a recorded trace into a Dockerfile and its build context.")
        {
            trace, output, dumpIr, explain, annotate, syntax, noVolumes, pin, pinBase, listPasses, timings, diagnosticsFormat, diagnosticsOutput, verify,
        };
        diagnosticOptions.AddTo(command);
        command.SetAction(async (parseResult, cancellation) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            if (parseResult.GetValue(listPasses))
            {
                foreach (var pass in Compiler.Passes) stdout.WriteLine($"{pass.Name,-16} {pass.Description}");
                foreach (var analyzer in Compiler.Analyzers)
                    stdout.WriteLine($"{analyzer.Name,-16} analyzer: {string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id))}");
                return ExitCodes.Success;
            }

            if (diagnosticOptions.CreatePolicy(parseResult, stderr) is not { } policy) return ExitCodes.UsageOrEnvironment;
            var reporter = new DiagnosticReporter(parseResult.GetValue(diagnosticsFormat), parseResult.GetValue(diagnosticsOutput), policy, stdout, stderr);
            if (reporter.Problem(parseResult.GetResult(dumpIr) is not null || parseResult.GetValue(explain)) is { } usage)
            {
                stderr.WriteLine($"drec compile: error: {usage}");
                return ExitCodes.UsageOrEnvironment;
            }

            var dumpRequested = parseResult.GetResult(dumpIr) is not null;
            var dumpPass = parseResult.GetValue(dumpIr);
            if (dumpPass is not null && Compiler.Passes.All(p => p.Name != dumpPass))
            {
                stderr.WriteLine($"drec compile: error: no pass is named '{dumpPass}' (passes: {string.Join(", ", Compiler.Passes.Select(p => p.Name))})");
                return ExitCodes.UsageOrEnvironment;
            }

            var traceDirectory = parseResult.GetValue(trace)!;
            var dockerfilePath = parseResult.GetValue(output)!;
            // refused before anything is read or written: a trace is never written into, whatever -o says
            var diagnosticsFile = parseResult.GetValue(diagnosticsOutput);
            var unusable = OutputPath.Problem("-o", dockerfilePath, traceDirectory, "the Dockerfile to write")
                ?? (diagnosticsFile is null ? null
                    : OutputPath.Problem("--diagnostics-output", diagnosticsFile, traceDirectory, "the file the diagnostics are written to")
                    // one would overwrite the other
                    ?? (Path.GetFullPath(diagnosticsFile) == Path.GetFullPath(dockerfilePath)
                        ? $"--diagnostics-output {diagnosticsFile} is the Dockerfile -o writes; give the diagnostics a file of their own" : null));
            if (unusable is not null)
            {
                stderr.WriteLine($"drec compile: error: {unusable}");
                return ExitCodes.UsageOrEnvironment;
            }
            using var timed = parseResult.GetValue(timings) ? new CompileTimings() : null;
            try
            {
                var read = TraceReader.Read(traceDirectory);
                timed?.Mark("read trace");
                if (read.Trace is not { } content)
                    return reporter.Report(read.Diagnostics, traceDirectory) ?? ExitCodes.InputErrors;

                var options = new CompileOptions
                {
                    Annotate = parseResult.GetValue(annotate),
                    Syntax = parseResult.GetValue(syntax),
                    Volumes = !parseResult.GetValue(noVolumes),
                    Explain = parseResult.GetValue(explain),
                    PinPackages = parseResult.GetValue(pin),
                    PinBaseImage = parseResult.GetValue(pinBase),
                };
                var compilation = Compiler.Compile(content, options, dumpRequested || timed is not null ? (pass, program) =>
                {
                    timed?.Mark(pass.Name);
                    if (!dumpRequested || (dumpPass is not null && pass.Name != dumpPass)) return;
                    stdout.WriteLine($"=== after {pass.Name} ===");
                    stdout.Write(IrPrinter.Print(program));
                    timed?.Mark("dump-ir"); // printing the IR is not the pass's time
                } : null, timed is null ? null : () => timed.Mark("analyzers"));

                if (parseResult.GetValue(explain)) WriteExplanations(compilation, stdout);
                var reported = reporter.Report([.. read.Diagnostics, .. compilation.Diagnostics], traceDirectory);
                if (reported == ExitCodes.UsageOrEnvironment) return reported.Value;
                // the compiler's own errors make the Dockerfile wrong; a warning raised by --warnaserror does not
                if (compilation.HasErrors)
                {
                    stderr.WriteLine("drec compile: no Dockerfile written: the errors above make it wrong");
                    return ExitCodes.InputErrors;
                }

                timed?.Mark("diagnostics");
                try
                {
                    var dockerfile = DockerfileEmitter.Emit(compilation.Program, new EmitOptions { Annotate = options.Annotate, Syntax = options.Syntax });
                    BuildContextWriter.Write(dockerfilePath, dockerfile, compilation.Program, traceDirectory);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
                {
                    stderr.WriteLine($"{dockerfilePath}: error: cannot write the Dockerfile or its context: {Frontend.Diagnostics.OneLine.Joined(e.Message)}");
                    return ExitCodes.UsageOrEnvironment;
                }
                timed?.Mark("emit + write");
                if (parseResult.GetValue(verify) is { } container && reported is null or ExitCodes.Success)
                {
                    // the same check as `drec verify CONTAINER DIR`, with the trace at hand to name failing commands
                    var folder = Path.GetDirectoryName(Path.GetFullPath(dockerfilePath))!;
                    return await Verifier.RunAsync(new VerifyOptions
                    {
                        Container = container,
                        Directory = folder,
                        DockerfileName = Path.GetFileName(dockerfilePath),
                        TraceDirectory = traceDirectory,
                    }, stdout, stderr, cancellation);
                }
                return reported ?? ExitCodes.Success;
            }
            finally
            {
                // also when errors stop the compile: those runs are timed too, as far as they went
                timed?.Write(stderr);
            }
        });
        return command;
    }

    /// <summary>For each recorded command: what became of it, and every pass's reason, in pass order.</summary>
    static void WriteExplanations(Compilation compilation, TextWriter output)
    {
        foreach (var group in compilation.Explanations.GroupBy(e => e.Command).OrderBy(g => g.Key))
            foreach (var explanation in group)
                output.WriteLine(explanation);
    }
}
