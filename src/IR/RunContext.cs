using System.Collections.Immutable;

namespace DockerRecord.IR;

/// <summary>
/// Where and as whom a RUN executes: the user, the working directory and the variables the person exported during the
/// session (not the image's own environment). Passes keep it on each RUN, so reordering never loses it; the scope
/// pass turns changes of context into WORKDIR, USER and ENV instructions at the very end.
/// </summary>
public sealed record RunContext(string User, string Workdir, ImmutableSortedDictionary<string, string> Env)
{
    public static RunContext Root { get; } = new("root", "/", ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal));

    public static ImmutableSortedDictionary<string, string> EmptyEnv => Root.Env;

    public bool Equals(RunContext? other) =>
        ReferenceEquals(this, other) // RUNs typed in a row mostly share one context object
        || (other is not null && User == other.User && Workdir == other.Workdir && SameEnv(Env, other.Env));

    /// <summary>
    /// Ordinal comparison of keys and values. (<c>SequenceEqual</c> on the pairs would compare each
    /// <c>KeyValuePair</c> through reflection, which is most of what grouping 100,000 RUNs cost.)
    /// </summary>
    static bool SameEnv(ImmutableSortedDictionary<string, string> a, ImmutableSortedDictionary<string, string> b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count) return false;
        using var left = a.GetEnumerator();
        using var right = b.GetEnumerator();
        while (left.MoveNext() && right.MoveNext())
            if (!string.Equals(left.Current.Key, right.Current.Key, StringComparison.Ordinal)
                || !string.Equals(left.Current.Value, right.Current.Value, StringComparison.Ordinal))
                return false;
        return true;
    }

    public override int GetHashCode() => HashCode.Combine(User, Workdir, Env.Count);

    public override string ToString() =>
        $"user={User} workdir={Workdir}{(Env.IsEmpty ? "" : " env={" + string.Join(", ", Env.Select(e => $"{e.Key}={e.Value}")) + "}")}";
}
