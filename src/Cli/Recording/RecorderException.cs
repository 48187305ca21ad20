namespace DockerRecord.Cli.Recording;

/// <summary>A failure the user can act on (engine unreachable, no such container…): one line, exit code 2.</summary>
sealed class RecorderException(string message, Exception? inner = null) : Exception(message, inner);
