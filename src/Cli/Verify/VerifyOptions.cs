namespace DockerRecord.Cli.Verify;

/// <summary>What <c>drec verify</c> checks and how; <see cref="Verifier.RunAsync"/> takes it.</summary>
sealed record VerifyOptions
{
    /// <summary>Name or id of the recorded container.</summary>
    public required string Container { get; init; }

    /// <summary>The folder with the Dockerfile and its build context.</summary>
    public required string Directory { get; init; }

    public string DockerfileName { get; init; } = "Dockerfile";

    /// <summary>The trace the Dockerfile was compiled from, to name the commands of a failing instruction.</summary>
    public string? TraceDirectory { get; init; }

    /// <summary>The exact share of the container's changes the image must reproduce (after noise).</summary>
    public double MinScore { get; init; } = 1.0;

    /// <summary>More noise patterns (see <see cref="NoiseFilter"/>).</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    public bool Fix { get; init; }

    /// <summary>Rounds of <c>--fix</c> at most; each must improve the score.</summary>
    public int MaxFixRounds { get; init; } = 5;

    /// <summary>Leave the built image and the service container for inspection.</summary>
    public bool Keep { get; init; }

    public bool Json { get; init; }

    /// <summary>How long the image's CMD must stay up.</summary>
    public TimeSpan RunFor { get; init; } = TimeSpan.FromSeconds(3);

    public BuilderKind Builder { get; init; } = BuilderKind.Auto;

    /// <summary><c>id=NAME,src=FILE</c> values for secret mounts, passed to the docker client's <c>--secret</c>.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>How many paths of each kind the text report lists.</summary>
    public int TopPaths { get; init; } = 10;
}
