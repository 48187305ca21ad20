namespace DockerRecord.Frontend.Diagnostics;

/// <summary>Text made to stay on one line of an error or a diagnostic.</summary>
public static class OneLine
{
    /// <summary>
    /// Text the user gave (a trace, a config file, an argument): a line break or other control character is written
    /// as an escape (<c>\n</c>, <c>\u001b</c>), so it cannot split the message or drive the terminal.
    /// </summary>
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

    /// <summary>A system's or the engine's message, which may run over lines: its lines joined by a blank.</summary>
    public static string Joined(string? message) =>
        string.Join(' ', (message ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
