using System.Collections.Immutable;
using System.Text;
using DockerRecord.Frontend.Syntax;
using Superpower.Model;

namespace DockerRecord.Passes.Files;

/// <summary>
/// What a here-document or here-string gives its command, in the two forms drec writes instead of it: the exact text
/// (when nothing in it expands) for a context file, and printf arguments that produce the same input, expansions
/// included, for a one-line RUN.
/// </summary>
public static class HereDocText
{
    /// <summary>The body's text as the command reads it, or null when it holds expansions (bash expands them at run time).</summary>
    public static string? LiteralContent(HereDoc doc, bool stripTabs)
    {
        if (!doc.Body.All(p => p is Literal)) return null;
        var raw = string.Concat(doc.Body.Cast<Literal>().Select(l => l.Value));
        var text = doc.QuotedDelimiter ? raw : Unescape(raw);
        return stripTabs ? StripLeadingTabs(text) : text;
    }

    /// <summary>
    /// <c>printf '%s\n' 'line 1' "line $2"</c>: each body line one argument, in single quotes when nothing in it
    /// expands, else in double quotes with the same expansions. Null when the body cannot be written that way.
    /// </summary>
    public static string? Printf(HereDoc doc, bool stripTabs)
    {
        if (!doc.Terminated) return null;
        var lines = Lines(doc.Body, stripTabs);
        if (lines.Count == 0) return "printf ''";
        var arguments = new List<string>();
        foreach (var line in lines)
        {
            if (line.All(p => p is Literal))
            {
                var raw = string.Concat(line.Cast<Literal>().Select(l => l.Value));
                arguments.Add(ShellQuoting.SingleQuote(doc.QuotedDelimiter ? raw : Unescape(raw)));
                continue;
            }
            var parts = line.Select(p => p is Literal literal ? new Literal(ToDoubleQuoted(literal.Value), TextSpan.None) : p);
            var word = new Word([new DoubleQuoted([.. parts], false, TextSpan.None)], TextSpan.None);
            arguments.Add(ShellPrinter.Print(word));
        }
        return "printf '%s\\n' " + string.Join(" ", arguments);
    }

    /// <summary><c>printf '%s\n' WORD</c> for a here-string, or null when its word would expand differently as an argument.</summary>
    public static string? Printf(Word hereString)
    {
        // a here-string's word is not split or globbed; an argument is, so only quoted words and plain text qualify
        var safe = hereString.Parts.All(p => p switch
        {
            SingleQuoted or DoubleQuoted => true,
            Literal literal => literal.Value.All(c => char.IsAsciiLetterOrDigit(c) || "_@%+=:,./-".Contains(c)),
            _ => false,
        });
        return safe ? "printf '%s\\n' " + ShellPrinter.Print(hereString) : null;
    }

    /// <summary>The body cut into lines (the final line break ends the last line), leading tabs stripped for <c>&lt;&lt;-</c>.</summary>
    static List<List<WordPart>> Lines(ImmutableArray<WordPart> body, bool stripTabs)
    {
        var lines = new List<List<WordPart>>();
        var current = new List<WordPart>();
        var atLineStart = true;
        foreach (var part in body)
        {
            if (part is not Literal literal)
            {
                current.Add(part);
                atLineStart = false;
                continue;
            }
            var pieces = literal.Value.Split('\n');
            for (var i = 0; i < pieces.Length; i++)
            {
                if (i > 0)
                {
                    lines.Add(current);
                    current = [];
                    atLineStart = true;
                }
                var piece = stripTabs && atLineStart ? pieces[i].TrimStart('\t') : pieces[i];
                if (piece.Length > 0)
                {
                    current.Add(new Literal(piece, TextSpan.None));
                    atLineStart = false;
                }
            }
        }
        if (current.Count > 0) lines.Add(current);
        return lines;
    }

    /// <summary>An unquoted here-document's escapes: <c>\$</c>, <c>\`</c>, <c>\\</c> stand for the character, <c>\</c>+line break joins lines.</summary>
    public static string Unescape(string raw)
    {
        var text = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length && raw[i + 1] is '$' or '`' or '\\' or '\n')
            {
                if (raw[i + 1] != '\n') text.Append(raw[i + 1]);
                i++;
            }
            else text.Append(raw[i]);
        }
        return text.ToString();
    }

    /// <summary>
    /// Here-document text written for double quotes: the same escapes hold in both, except that <c>"</c> must be
    /// escaped there, and a backslash before <c>"</c> (literal in a here-document) must be escaped too.
    /// </summary>
    static string ToDoubleQuoted(string raw)
    {
        var text = new StringBuilder(raw.Length + 8);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length && raw[i + 1] is '$' or '`' or '\\' or '\n')
            {
                text.Append(c).Append(raw[i + 1]);
                i++;
            }
            else if (c == '\\') text.Append(i + 1 < raw.Length && raw[i + 1] == '"' ? "\\\\" : "\\");
            else if (c == '"') text.Append("\\\"");
            else text.Append(c);
        }
        return text.ToString();
    }

    static string StripLeadingTabs(string text) =>
        string.Join('\n', text.Split('\n').Select(line => line.TrimStart('\t')));
}
