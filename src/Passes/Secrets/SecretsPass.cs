using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Parsing;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes.Files;
using Superpower.Model;

namespace DockerRecord.Passes.Secrets;

/// <summary>
/// Pass 10: a value that looks secret (<see cref="SecretPatterns"/>) never reaches the Dockerfile or the build
/// context. In a RUN it becomes <c>"${NAME}"</c>, read from a BuildKit secret mount:
/// <c>RUN --mount=type=secret,id=NAME NAME="$(cat /run/secrets/NAME)" &amp;&amp; …</c>; an exported secret variable
/// leaves the RUN contexts and the final shell state (so it never becomes ENV), and every RUN that ran with it
/// and names it exports it again from the mount. Each name gets a warning saying how to pass it
/// (<c>DOCKER_BUILDKIT=1 docker build --secret id=NAME,env=NAME .</c>); no message ever holds a value.
/// <para>
/// Why mounts and not <c>ARG</c>: a build argument's value is kept in the image's history (<c>docker history</c>
/// shows it), a mounted secret is not. Mounts need BuildKit (<c>DOCKER_BUILDKIT=1</c> on engine 20.10; the classic
/// builder refuses <c>--mount</c>). A secret in the start command cannot be mounted: it is read from the
/// environment at run time instead (<c>docker run -e NAME</c>). A context file holding a secret value is redacted
/// (<c>&lt;redacted:NAME&gt;</c> in its place), or left out when it is binary.
/// </para>
/// </summary>
public sealed partial class SecretsPass : ICompilerPass
{
    public string Name => "secrets";

    public string Description => "secret values become build secrets (RUN --mount=type=secret); they never reach the Dockerfile or the context";

    public ImageProgram Run(ImageProgram program, CompilationContext context)
    {
        var table = context.TypedSecrets.Value.Copy();
        // and steps earlier passes rewrote (a step still holding its line's own tree was searched above)
        foreach (var run in program.Runs())
            foreach (var step in run.Steps)
                if (!step.Opaque && !context.IsRecordedTree(step.Source, step.Stmts) && SecretPatterns.MayHoldSecret(step.Typed))
                    SecretFinder.Find(step.Stmts, step.Source, table);

        // exported secret variables: the variable keeps its name, its value may already be known under another
        var exported = new SortedDictionary<string, string>(StringComparer.Ordinal);
        // consecutive RUNs mostly share one environment object: each is looked at once
        var seenEnvs = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var secretNames = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var run in program.Runs())
            if (seenEnvs.Add(run.Context.Env)) AddExported(run.Context, run.Source.First ?? default, table, exported, secretNames);
        AddExported(program.Final, program.Runs().LastOrDefault()?.Source.First ?? default, table, exported, secretNames);

        var files = ScanContextFiles(program, table, context, out var dropped);
        // a file that could not be read leaves even when no secret was found: unread, it may hold one
        if (table.Count == 0 && dropped.Count == 0) return program;

        var buildSecrets = new SortedSet<string>(StringComparer.Ordinal);
        var output = ImmutableArray.CreateBuilder<Instruction>(program.Instructions.Length);
        foreach (var instruction in program.Instructions)
        {
            switch (instruction)
            {
                case RunInstruction run:
                    output.Add(Rewrite(run, table, exported, buildSecrets, context));
                    break;
                case EnvInstruction env:
                    var kept = env.Variables.Where(v => !exported.ContainsKey(v.Key) && !table.Occurs(v.Value)).ToImmutableArray();
                    if (kept.Length == env.Variables.Length) output.Add(env);
                    else if (!kept.IsEmpty) output.Add(env with { Variables = kept });
                    break;
                case ArgInstruction { Default: { } value } arg when table.Occurs(value):
                    output.Add(arg with { Default = null });
                    break;
                case CmdInstruction cmd when cmd.Arguments.Any(table.Occurs):
                    output.Add(cmd with { Arguments = FromEnvironment(cmd.Arguments, table, cmd.Source, context) });
                    break;
                case EntrypointInstruction entrypoint when entrypoint.Arguments.Any(table.Occurs):
                    output.Add(entrypoint with { Arguments = FromEnvironment(entrypoint.Arguments, table, entrypoint.Source, context) });
                    break;
                case CommentInstruction comment when table.Occurs(comment.Text):
                    output.Add(comment with { Text = table.ByLength.Aggregate(comment.Text, (text, s) => text.Replace(s.Value, "***")) });
                    break;
                case CopyInstruction copy when dropped.Contains(copy.ContextPath):
                    break;
                default:
                    output.Add(instruction);
                    break;
            }
        }
        foreach (var name in buildSecrets)
            context.Report(DiagnosticBuilder.SecretFromBuildSecret(table.FirstSeen.GetValueOrDefault(name), name));

        var final = program.Final.Env.Keys.Any(exported.ContainsKey)
            ? program.Final with { Env = program.Final.Env.RemoveRange(exported.Keys) }
            : program.Final;
        var result = program.WithInstructionsIfChanged(output.ToImmutable());
        if (final != program.Final) result = result with { Final = final };
        return files == program.ContextFiles ? result : result with { ContextFiles = files };
    }

    /// <summary>
    /// True for the step this pass puts first in a RUN to read its build secrets
    /// (<c>NAME="$(cat /run/secrets/NAME)" … &amp;&amp; export VAR="$(cat /run/secrets/ID)"</c>): the group pass moves
    /// it to the front of a joined RUN, once.
    /// </summary>
    public static bool ReadsBuildSecrets(RunStep step) => !step.Opaque && BuildSecretReads().IsMatch(step.Typed);

    const string SecretRead = @"[A-Za-z_][A-Za-z0-9_]*=""\$\(cat /run/secrets/[A-Za-z0-9_]+\)""";

    [GeneratedRegex("^(export )?" + SecretRead + "( " + SecretRead + ")*( && (export )?" + SecretRead + "( " + SecretRead + ")*)*$")]
    private static partial Regex BuildSecretReads();

    /// <summary>The text with quote characters and backslashes taken out: where a value typed in pieces (<c>-p'Hun'ter2x</c>) shows whole.</summary>
    static string WithoutQuotes(string text) =>
        text.AsSpan().IndexOfAny("'\"\\") < 0 ? text : string.Concat(text.Where(c => c is not ('\'' or '"' or '\\')));

    static void AddExported(RunContext runContext, TraceLocation at, SecretTable table, SortedDictionary<string, string> exported,
        Dictionary<string, bool> secretNames)
    {
        foreach (var (name, value) in runContext.Env)
        {
            if (exported.ContainsKey(name)) continue;
            // the same few names recur in thousands of environments: each is judged once
            ref var secret = ref CollectionsMarshal.GetValueRefOrAddDefault(secretNames, name, out var judged);
            if (!judged) secret = SecretPatterns.IsSecretName(name);
            if (secret && table.Add(value, name, at) is { } id) exported[name] = id;
        }
    }

    /// <summary>
    /// The secrets typed anywhere in the trace. Every typed line counts, not only those still in a RUN: a password
    /// typed in a line an earlier pass dropped (it failed, changed nothing, started a service) is still a secret, and
    /// may be in a file the person saved. It reads only the trace, so it starts as soon as the lines are parsed
    /// (<see cref="CompilationContext.StartTraceAnalyses"/>), beside the passes before this one.
    /// </summary>
    internal static SecretTable FindTyped(CompilationContext context)
    {
        var table = new SecretTable();
        // a line typed again finds nothing new (its values are in the table already, with their first place), and
        // lines with the same text share one parse result (asked only of lines that may hold one: without ParseAll,
        // asking parses)
        var looked = new HashSet<ParseResult>(ReferenceEqualityComparer.Instance);
        foreach (var (at, record, _) in context.AllCommands)
            if (SecretPatterns.MayHoldSecret(record.Cmd) && context.Parse(at) is var parsed && looked.Add(parsed))
            {
                if (parsed.File is { } file) SecretFinder.Find(file.Stmts, at, table);
                else SecretFinder.FindShapes(record.Cmd, at, table);
            }
        return table;
    }

    /// <summary>The RUN with its secret values replaced, its secret variables read from mounts.</summary>
    static RunInstruction Rewrite(RunInstruction run, SecretTable table, SortedDictionary<string, string> exported, SortedSet<string> buildSecrets, CompilationContext context)
    {
        var used = new SortedSet<string>(StringComparer.Ordinal);
        var steps = ImmutableArray.CreateBuilder<RunStep>(run.Steps.Length + 1);
        foreach (var step in run.Steps)
        {
            // every step's text holds what was typed (drec's own steps hold their text), so no printing is needed here
            if (!table.Occurs(step.Typed) && !table.Occurs(WithoutQuotes(step.Typed)))
            {
                steps.Add(step);
                continue;
            }
            steps.Add(Rewrite(step, table, used));
            context.Explain(step.Source, Verdict.Changed, $"secret values are read from build secrets ({string.Join(", ", used)})");
        }

        // only the RUNs that name the variable get it back: a Dockerfile that mounts every secret everywhere hides
        // where it is needed (a program reading it from its environment unnamed is the documented limit)
        var inContext = run.Context.Env.Keys.Where(exported.ContainsKey).ToList();
        var exports = inContext.Where(v => run.Steps.Any(s => s.Typed.Contains(v, StringComparison.Ordinal))).ToList();
        if (used.Count == 0 && inContext.Count == 0) return run;

        if (used.Count == 0 && exports.Count == 0) return run with { Context = run.Context with { Env = run.Context.Env.RemoveRange(inContext) } };

        var reads = new List<string>();
        if (used.Count > 0) reads.Add(string.Join(" ", used.Select(id => $"{id}=\"$(cat /run/secrets/{id})\"")));
        if (exports.Count > 0) reads.Add("export " + string.Join(" ", exports.Select(v => $"{v}=\"$(cat /run/secrets/{exported[v]})\"")));
        steps.Insert(0, SyntheticSteps.Parse(run.Steps[0].Source, string.Join(" && ", reads)));

        var ids = used.Concat(exports.Select(v => exported[v])).ToHashSet();
        buildSecrets.UnionWith(ids);
        var mounts = run.Mounts.AddRange(ids.Where(id => !run.Mounts.Any(m => m.Type == "secret" && m.Id == id)).Order(StringComparer.Ordinal).Select(RunMount.Secret));
        return run with
        {
            Steps = steps.ToImmutable(),
            Mounts = mounts,
            Context = inContext.Count == 0 ? run.Context : run.Context with { Env = run.Context.Env.RemoveRange(inContext) },
        };
    }

    static RunStep Rewrite(RunStep step, SecretTable table, SortedSet<string> used)
    {
        if (!step.Opaque)
        {
            var rewriter = new SecretRewriter(table);
            var text = ShellPrinter.Print(new ShellFile(rewriter.Rewrite(step.Stmts), [], TextSpan.None));
            if (!table.Occurs(text) && ShellParser.Parse(text).File is { } file)
            {
                used.UnionWith(rewriter.Used);
                return step with { Stmts = file.Stmts, Typed = text };
            }
        }
        // a value drec cannot cut out of the syntax (or a line it cannot parse): replaced in the text, kept as typed
        var typed = step.Opaque ? step.Typed : IrPrinter.StepText(step);
        foreach (var (value, name) in table.ByLength)
            if (typed.Contains(value, StringComparison.Ordinal))
            {
                typed = typed.Replace(value, "${" + name + "}");
                used.Add(name);
            }
        return new RunStep(step.Source, [], typed) { Opaque = true };
    }

    /// <summary>
    /// A start command with secrets: run through the shell so each secret comes from the environment
    /// (<c>["/bin/sh", "-c", "exec prog --password=\"${NAME}\""]</c>).
    /// </summary>
    static ImmutableArray<string> FromEnvironment(ImmutableArray<string> arguments, SecretTable table, Provenance source, CompilationContext context)
    {
        var words = new List<string>();
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var word = new StringBuilder();
            var rest = argument;
            while (rest.Length > 0)
            {
                var next = table.ByLength.Select(s => (Index: rest.IndexOf(s.Value, StringComparison.Ordinal), s.Value, s.Name))
                    .Where(s => s.Index >= 0).OrderBy(s => s.Index).FirstOrDefault();
                if (next.Value is null)
                {
                    word.Append(ShellQuoting.SingleQuote(rest));
                    break;
                }
                if (next.Index > 0) word.Append(ShellQuoting.SingleQuote(rest[..next.Index]));
                word.Append("\"${").Append(next.Name).Append("}\"");
                names.Add(next.Name);
                rest = rest[(next.Index + next.Value.Length)..];
            }
            words.Add(word.ToString());
        }
        foreach (var name in names) context.Report(DiagnosticBuilder.SecretAtRunTime(source.First ?? default, name));
        return ["/bin/sh", "-c", "exec " + string.Join(" ", words)];
    }

    /// <summary>
    /// The context files with secret values redacted (token shapes found in them count as secrets too); a binary file
    /// holding one is left out, and <paramref name="dropped"/> names it so its COPY goes too.
    /// </summary>
    static ImmutableArray<ContextFile> ScanContextFiles(ImageProgram program, SecretTable table, CompilationContext context, out HashSet<string> dropped)
    {
        dropped = new HashSet<string>(StringComparer.Ordinal);
        var files = ImmutableArray.CreateBuilder<ContextFile>(program.ContextFiles.Length);
        var changed = false;
        foreach (var file in program.ContextFiles)
        {
            var at = file.Source.First ?? default;
            byte[]? bytes;
            try
            {
                bytes = file.Text is { } t ? Encoding.UTF8.GetBytes(t) : file.BlobPath is { } blob && File.Exists(blob) ? CapturedContent.Read(blob, file.BlobSize) : null;
            }
            catch (Exception e) when (IoFailure.IsReadFailure(e))
            {
                // unread, it could hold a secret: it stays out of the build context
                var record = file.CaptureRecord ?? new TraceFileLine(file.BlobPath!, 0);
                context.Report(DiagnosticBuilder.CaptureNotCopied(record, CopiedTo(program, file),
                    $"its content `{InSession(context, at, file.BlobPath!)}` cannot be read: {IoFailure.Reason(e, file.BlobPath!)}"));
                changed = true;
                dropped.Add(file.Path);
                continue;
            }
            string? text = null;
            try
            {
                text = bytes is null ? null : new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
            }
            if (text is not null) SecretFinder.FindShapes(text, at, table);
            var found = table.ByLength.Where(s => text?.Contains(s.Value, StringComparison.Ordinal) ?? (bytes is not null && Contains(bytes, s.Value))).ToList();
            if (found.Count == 0)
            {
                files.Add(file);
                continue;
            }
            changed = true;
            var names = found.Select(s => s.Name).Distinct().Order(StringComparer.Ordinal).ToList();
            context.Report(DiagnosticBuilder.SecretRedacted(at, CopiedTo(program, file), names, binary: text is null));
            if (text is null)
            {
                dropped.Add(file.Path);
                continue;
            }
            var redacted = found.Aggregate(text, (current, s) => current.Replace(s.Value, $"<redacted:{s.Name}>"));
            files.Add(new ContextFile(file.Path, null, redacted, file.Source) { Mode = file.Mode });
        }
        return changed ? files.ToImmutable() : program.ContextFiles;
    }

    /// <summary>A captured file's content as the files pass names it: relative to its session's folder (<c>files/…</c>;
    /// the blob path is real, so the folder's real path is the one to compare with).</summary>
    static string InSession(CompilationContext context, TraceLocation at, string blobPath) =>
        context.Trace.Sessions.FirstOrDefault(s => s.Info.Number == at.Session) is { } session
            ? Path.GetRelativePath(RealPath.Of(session.Directory) ?? session.Directory, blobPath)
            : blobPath;

    /// <summary>The image path a context file is copied to (its context path when no COPY names it).</summary>
    static string CopiedTo(ImageProgram program, ContextFile file) =>
        program.OfType<CopyInstruction>().FirstOrDefault(c => c.ContextPath == file.Path)?.Destination ?? file.Path;

    static bool Contains(byte[] bytes, string value) =>
        bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0;
}
