namespace DockerRecord.Frontend.Diagnostics;

/// <summary>
/// Text made to stay on one line: a line break or other control character (from a trace, a config file, an
/// argument) is written as an escape (<c>\n</c>, <c>\u001b</c>), so a message cannot split itself or drive the terminal.
/// </summary>
public static class OneLine
{
    public static string Of(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\0', '\u001f') && !text.Contains('\u007f')) return text;
        var line = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c >= ' ' && c != '\u007f') line.Append(c);
            else line.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => $"\\u{(int)c:x4}" });
        }
        return line.ToString();
    }
}
