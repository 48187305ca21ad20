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
        other is not null && User == other.User && Workdir == other.Workdir && Env.SequenceEqual(other.Env);

    public override int GetHashCode() => HashCode.Combine(User, Workdir, Env.Count);

    public override string ToString() =>
        $"user={User} workdir={Workdir}{(Env.IsEmpty ? "" : " env={" + string.Join(", ", Env.Select(e => $"{e.Key}={e.Value}")) + "}")}";
}
