using System.Collections.Immutable;
using System.Runtime.InteropServices;
using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.IR;

/// <summary>
/// The recorded commands an instruction came from, in trace order. Every instruction carries one, so a diagnostic,
/// an <c>--annotate</c> comment or <c>--explain</c> can always say which typed line caused it.
/// </summary>
public sealed record Provenance(ImmutableArray<TraceLocation> Commands)
{
    public static Provenance None { get; } = new(ImmutableArray<TraceLocation>.Empty);

    public static Provenance Of(TraceLocation command) => new([command]);

    /// <summary>The commands of <paramref name="steps"/>, in trace order, without repeats.</summary>
    public static Provenance OfSteps(ImmutableArray<RunStep> steps)
    {
        var commands = new TraceLocation[steps.Length];
        var inOrder = true;
        for (var i = 0; i < commands.Length; i++)
        {
            commands[i] = steps[i].Source;
            inOrder &= i == 0 || commands[i - 1].CompareTo(commands[i]) < 0;
        }
        // steps mostly come in trace order, one per command: the array is the answer as it is
        if (inOrder) return new(ImmutableCollectionsMarshal.AsImmutableArray(commands));
        Array.Sort(commands);
        var count = 0;
        foreach (var command in commands)
            if (count == 0 || commands[count - 1] != command) commands[count++] = command;
        return new(ImmutableCollectionsMarshal.AsImmutableArray(commands[..count]));
    }

    public bool IsEmpty => Commands.IsEmpty;

    public TraceLocation? First => Commands.IsEmpty ? null : Commands[0];

    /// <summary>Both provenances, in trace order, without repeats.</summary>
    public Provenance Merge(Provenance other) =>
        other.IsEmpty ? this : IsEmpty ? other : new([.. Commands.Union(other.Commands).Order()]);

    /// <summary><c>session 1, commands 3-5, 8</c>: the form of <c>--annotate</c> comments.</summary>
    public override string ToString()
    {
        if (IsEmpty) return "no command";
        var parts = Commands.GroupBy(c => c.Session).Select(session =>
        {
            var seqs = session.Select(c => c.Seq).ToList();
            return $"session {session.Key}, {(seqs.Count == 1 ? "command" : "commands")} {Ranges(seqs)}";
        });
        return string.Join("; ", parts);
    }

    static string Ranges(List<int> seqs)
    {
        var ranges = new List<string>();
        for (var i = 0; i < seqs.Count;)
        {
            var j = i;
            while (j + 1 < seqs.Count && seqs[j + 1] == seqs[j] + 1) j++;
            ranges.Add(i == j ? $"{seqs[i]}" : $"{seqs[i]}-{seqs[j]}");
            i = j + 1;
        }
        return string.Join(", ", ranges);
    }

    public bool Equals(Provenance? other) => other is not null && Commands.SequenceEqual(other.Commands);

    public override int GetHashCode() => Commands.Aggregate(0, HashCode.Combine);
}
