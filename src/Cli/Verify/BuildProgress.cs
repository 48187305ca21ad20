using System.Text;
using System.Text.RegularExpressions;

namespace DockerRecord.Cli.Verify;

/// <summary>
/// Follows a build's steps whatever the builder: every line goes to the build log (<c>verify.log</c>, in the form of
/// <c>--progress plain</c>), and a condensed view to the terminal: each Dockerfile step once, when it starts or is
/// found in the cache. The last lines of each step are kept, to show those of the step that fails.
/// </summary>
sealed partial class BuildProgress(TextWriter log, TextWriter? terminal)
{
    const int KeptLines = 15;

    readonly Dictionary<string, Step> _steps = new(StringComparer.Ordinal);
    readonly List<Step> _order = [];

    /// <summary>The step that failed, if one did.</summary>
    public Step? Failed { get; private set; }

    /// <summary>The error of the whole build, as the engine said it.</summary>
    public string? Error { get; private set; }

    public sealed class Step(int number, string name)
    {
        public int Number { get; } = number;
        public string Name { get; } = name;
        public Queue<string> LastLines { get; } = new();
        public bool Shown { get; set; }
        public bool Cached { get; set; }
        public bool Finished { get; set; }

        /// <summary>Output after the last line break: a step's output arrives in chunks that may split lines.</summary>
        public string Partial { get; set; } = "";

        /// <summary>The Dockerfile text and step number of <c>[stage 2/5] RUN make</c>; null for internal steps.</summary>
        public (string Text, int Number)? Instruction =>
            StepName().Match(Name) is { Success: true } m ? (m.Groups["text"].Value, int.Parse(m.Groups["n"].Value)) : null;
    }

    /// <summary>A step the builder announced or reported on.</summary>
    public Step Announce(string id, string name, bool cached)
    {
        if (!_steps.TryGetValue(id, out var step))
        {
            step = new Step(_order.Count + 1, name);
            _steps[id] = step;
            _order.Add(step);
            log.WriteLine($"#{step.Number} {name}");
        }
        if (!step.Shown && step.Instruction is not null)
        {
            step.Shown = true;
            var shown = DockerfileDocument.NormalizeSpace(name);
            terminal?.WriteLine(cached ? $"  {shown} (cached)" : $"  {shown}");
        }
        if (cached && !step.Cached)
        {
            step.Cached = true;
            log.WriteLine($"#{step.Number} CACHED");
        }
        return step;
    }

    public void Output(string id, string text)
    {
        if (!_steps.TryGetValue(id, out var step)) step = Announce(id, id, cached: false);
        var lines = (step.Partial + text.Replace("\r\n", "\n")).Split('\n');
        step.Partial = lines[^1];
        foreach (var line in lines[..^1]) Keep(step, line);
    }

    public void Done(string id)
    {
        if (!_steps.TryGetValue(id, out var step) || step.Finished) return;
        Finish(step);
        log.WriteLine($"#{step.Number} DONE");
    }

    public void Fail(string id, string error)
    {
        if (!_steps.TryGetValue(id, out var step)) step = Announce(id, id, cached: false);
        Finish(step);
        log.WriteLine($"#{step.Number} ERROR: {error}");
        Failed ??= step;
    }

    void Finish(Step step)
    {
        step.Finished = true;
        if (step.Partial.Length > 0) Keep(step, step.Partial);
        step.Partial = "";
    }

    void Keep(Step step, string line)
    {
        log.WriteLine($"#{step.Number} {line}");
        step.LastLines.Enqueue(line);
        if (step.LastLines.Count > KeptLines) step.LastLines.Dequeue();
    }

    /// <summary>A line the builder printed outside any step (the classic builder's output, a final error).</summary>
    public void Line(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
            if (line.Length > 0) log.WriteLine(line);
    }

    public void BuildError(string message)
    {
        Error ??= message;
        log.WriteLine($"ERROR: {message}");
    }

    [GeneratedRegex(@"^\[(?:\S+ )?(?<n>\d+)/(?<total>\d+)\] (?<text>.*)$", RegexOptions.Singleline)]
    private static partial Regex StepName();

    /// <summary>The log's bytes as text, invalid UTF-8 replaced.</summary>
    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
