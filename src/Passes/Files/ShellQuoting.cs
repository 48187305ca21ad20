namespace DockerRecord.Passes.Files;

/// <summary>Shell words drec writes into new commands (<c>ln -sfn</c>, <c>printf</c>…): quoted so bash reads back exactly the value.</summary>
public static class ShellQuoting
{
    /// <summary>The value as one shell word: bare when it is plain, else in single quotes (<c>'</c> written <c>'\''</c>).</summary>
    public static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "_@%+=:,./-".Contains(c))
            ? value
            : "'" + value.Replace("'", "'\\''") + "'";

    /// <summary>Always in single quotes (for printf arguments, where a bare word could be read as a glob).</summary>
    public static string SingleQuote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
