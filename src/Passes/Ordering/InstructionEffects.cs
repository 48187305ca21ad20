using System.Collections.Immutable;

namespace DockerRecord.Passes.Ordering;

/// <summary>A path an instruction reads: the entry itself, or everything under it too.</summary>
readonly record struct PathRead(string Path, bool Subtree);

/// <summary>
/// What one RUN or COPY does, as far as ordering is concerned: the paths it reads and writes (absolute and
/// normalised; a write covers everything under the path), the variables, users and packages it sets up or relies
/// on, and its <see cref="LayerClass"/>. <see cref="Barrier"/>: its effects are unknown (an opaque step), so nothing
/// moves across it.
/// </summary>
sealed record InstructionEffects(
    ImmutableArray<PathRead> Reads,
    ImmutableArray<string> Writes,
    ImmutableArray<string> SetsVariables,
    ImmutableArray<string> ReadsVariables,
    ImmutableArray<string> CreatesUsers,
    ImmutableArray<string> NeedsUsers,
    bool InstallsPackages,
    bool UsesInstalledPrograms,
    bool RunsApt,
    bool ReadsAptLists,
    bool RemovesAptLists,
    bool ChangesShellState,
    bool Barrier,
    LayerClass Class)
{
    public static InstructionEffects Unknown { get; } = new([], [], [], [], [], [], false, true, false, true, false, true, true, LayerClass.Application);
}
