using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;
using Superpower.Model;

namespace DockerRecord.Frontend.Parsing;

/// <summary>Takes an assignment word apart: name, index, <c>+=</c>, and a value word or an array.</summary>
static class AssignmentParser
{
    public static Assignment Parse(TextSpan span)
    {
        var text = ShellGrammar.Chars(span);
        Assignments.TryMatch(text, out var nameLength, out var index, out var append, out var valueStart);
        var source = ParseContext.Current.Source;
        var start = span.Position.Absolute;
        var end = start + span.Length;
        var name = text[..nameLength].ToString();
        var indexText = index is { } range ? text[range].ToString() : null;

        if (valueStart < text.Length && text[valueStart] == '(' && text[^1] == ')')
            return new Assignment(name, indexText, append, null, Array(source, start + valueStart, end), span);

        var value = valueStart == text.Length ? null : WordParser.ParseWord(source.Span(start + valueStart, end));
        return new Assignment(name, indexText, append, value, null, span);
    }

    static ArrayValue Array(SourceText source, int open, int end)
    {
        var context = ParseContext.Current;
        var skip = ShellLexer.ForSkipping(source, end - 1, context.Depth);
        var s = source.Text;
        var elements = context.Words;
        var first = elements.Count;
        var p = open + 1;
        while (p < end - 1)
        {
            var c = s[p];
            if (c is ' ' or '\t' or '\r' or '\n') { p++; continue; }
            if (c == '\\' && p + 1 < end - 1 && s[p + 1] == '\n') { p += 2; continue; }
            if (c == '#')
            {
                var nl = s.IndexOf('\n', p, end - 1 - p);
                p = nl < 0 ? end - 1 : nl;
                continue;
            }
            var wordEnd = skip.SkipWord(p, inArray: true);
            if (wordEnd == p) wordEnd = p + 1;
            elements.Add(WordParser.ParseWord(source.Span(p, wordEnd)));
            p = wordEnd;
        }
        skip.Return();
        return new ArrayValue(ParseContext.Pop(elements, first), source.Span(open, end));
    }
}
