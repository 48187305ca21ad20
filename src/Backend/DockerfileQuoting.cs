using DockerRecord.Frontend.Text;

namespace DockerRecord.Backend;

/// <summary>
/// How values are written so the Dockerfile parser reads back exactly the value meant. RUN text is passed to the
/// shell untouched, but instructions such as ENV, WORKDIR and COPY expand <c>$</c> variables and split on blanks.
/// </summary>
public static class DockerfileQuoting
{
    /// <summary>A JSON array for exec form: <c>["nginx", "-g", "daemon off;"]</c>.</summary>
    public static string ExecForm(IEnumerable<string> arguments) =>
        "[" + string.Join(", ", arguments.Select(JsonStringLiteral.Quote)) + "]";

    /// <summary>A value for ENV, in double quotes, with the characters the Dockerfile parser treats specially escaped.</summary>
    public static string EnvValue(string value)
    {
        if (value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:,+=@%".Contains(c)))
            return value;
        return "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("$", "\\$").Replace("\n", "\\n") + "\"";
    }

    /// <summary>A single path word for WORKDIR, USER or COPY: <c>$</c> must not start a variable.</summary>
    public static string Word(string value) => value.Replace("\\", "\\\\").Replace("$", "\\$");

    /// <summary>True when a path can be written without the JSON form (no blanks, quotes or line breaks).</summary>
    public static bool IsPlainPath(string path) =>
        path.Length > 0 && !path.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or '$' or '[');

    /// <summary>True when shell text can stand in a shell-form RUN line: one line, not ending in a backslash.</summary>
    public static bool FitsShellForm(string text) =>
        !text.Contains('\n') && !text.Contains('\r') && !text.TrimEnd(' ', '\t').EndsWith('\\');
}
