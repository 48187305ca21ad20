namespace DockerRecord.Cli;

/// <summary>drec's exit codes, the same for every command.</summary>
public static class ExitCodes
{
    /// <summary>Everything worked (warnings allowed).</summary>
    public const int Success = 0;

    /// <summary>The input had errors (a syntax error, a diagnostic of error severity).</summary>
    public const int InputErrors = 1;

    /// <summary>Bad usage, or the environment failed (a file that cannot be read, no engine).</summary>
    public const int UsageOrEnvironment = 2;
}
