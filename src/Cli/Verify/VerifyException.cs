namespace DockerRecord.Cli.Verify;

/// <summary>An engine or environment failure during verify: one line for the user, exit code 2.</summary>
sealed class VerifyException(string message, Exception? inner = null) : Exception(message, inner);
