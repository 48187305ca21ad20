using DockerRecord.Frontend.Syntax;
using Superpower.Model;

namespace DockerRecord.Frontend.Parsing;

/// <summary>
/// The inside of <c>${…}</c>: <c>[#|!]name[[index]]</c> and then at most one operator with its word(s). Bash checks
/// most of this only when the expansion runs (<c>bash -n</c> accepts <c>${%}</c>), so text without a known shape
/// is kept whole as <see cref="ParamExpansion.Unparsed"/> instead of being refused.
/// </summary>
static class ParameterExpansions
{
    public static ParamExpansion Short(string name, TextSpan span) =>
        new(name, Short: true, Length: false, Indirect: false, Index: null, SliceOffset: null, SliceLength: null,
            Op: null, Colon: false, Argument: null, Replacement: null, NamePrefixSuffix: null, Unparsed: null, span);

    /// <summary>Parses <c>${…}</c> spanning <paramref name="start"/> (the <c>$</c>) to <paramref name="end"/> (after <c>}</c>).</summary>
    public static ParamExpansion Parse(WordParser words, int start, int end)
    {
        var s = words.Source;
        var span = words.SpanOf(start, end);
        var p = start + 2;
        var close = end - 1;
        var result = Short("", span) with { Short = false };

        if (p < close && s[p] == '#' && IsParameterAt(s, p + 1, close))
        {
            result = result with { Length = true };
            p++;
        }
        else if (p < close && s[p] == '!' && IsParameterAt(s, p + 1, close))
        {
            result = result with { Indirect = true };
            p++;
        }

        var nameEnd = ParameterEnd(s, p, close);
        if (nameEnd == p) return Unparsed(result, s, start, end);
        result = result with { Name = s[p..nameEnd] };
        p = nameEnd;

        if (p < close && s[p] == '[')
        {
            var indexEnd = BracketEnd(words, p, close);
            if (indexEnd < 0) return Unparsed(result, s, start, end);
            result = result with { Index = s[(p + 1)..indexEnd] };
            p = indexEnd + 1;
        }

        if (p == close) return result;
        if (result.Indirect && p + 1 == close && s[p] is '*' or '@')
            return result with { NamePrefixSuffix = s[p].ToString() };
        if (result.Length) return Unparsed(result, s, start, end);

        var c = s[p];
        var next = p + 1 < close ? s[p + 1] : '\0';
        switch (c)
        {
            case ':' when next is '-' or '=' or '?' or '+':
                return result with { Colon = true, Op = DefaultOp(next), Argument = words.WordIn(p + 2, close) };
            case ':':
                var offsetEnd = SliceSeparator(words, p + 1, close);
                return result with
                {
                    SliceOffset = s[(p + 1)..offsetEnd],
                    SliceLength = offsetEnd < close ? s[(offsetEnd + 1)..close] : null,
                };
            case '-' or '=' or '?' or '+':
                return result with { Op = DefaultOp(c), Argument = words.WordIn(p + 1, close) };
            case '#' or '%':
                var longest = next == c;
                var op = c == '#'
                    ? longest ? ParamOp.RemoveLongestPrefix : ParamOp.RemoveShortestPrefix
                    : longest ? ParamOp.RemoveLongestSuffix : ParamOp.RemoveShortestSuffix;
                return result with { Op = op, Argument = words.WordIn(p + (longest ? 2 : 1), close) };
            case '/':
                var (replaceOp, patternStart) = next switch
                {
                    '/' => (ParamOp.ReplaceAll, p + 2),
                    '#' => (ParamOp.ReplacePrefix, p + 2),
                    '%' => (ParamOp.ReplaceSuffix, p + 2),
                    _ => (ParamOp.ReplaceFirst, p + 1),
                };
                var slash = PatternEnd(words, patternStart, close);
                return result with
                {
                    Op = replaceOp,
                    Argument = words.WordIn(patternStart, slash),
                    // ${x//a/} and ${x//a} both delete
                    Replacement = slash + 1 < close ? words.WordIn(slash + 1, close) : null,
                };
            case '^' or ',':
                var all = next == c;
                var caseOp = c == '^'
                    ? all ? ParamOp.UpperAll : ParamOp.UpperFirst
                    : all ? ParamOp.LowerAll : ParamOp.LowerFirst;
                var patternAt = p + (all ? 2 : 1);
                return result with { Op = caseOp, Argument = patternAt < close ? words.WordIn(patternAt, close) : null };
            case '@' when p + 2 == close && char.IsAsciiLetter(next):
                return result with { Op = ParamOp.Transform, Argument = words.WordIn(p + 1, close) };
            default:
                return Unparsed(result, s, start, end);
        }
    }

    static ParamOp DefaultOp(char c) => c switch
    {
        '-' => ParamOp.Default,
        '=' => ParamOp.AssignDefault,
        '?' => ParamOp.ErrorIfUnset,
        _ => ParamOp.Alternative,
    };

    static ParamExpansion Unparsed(ParamExpansion result, string s, int start, int end) =>
        Short("", result.Span) with { Short = false, Unparsed = s[(start + 2)..(end - 1)] };

    static bool IsParameterAt(string s, int p, int close) => ParameterEnd(s, p, close) > p;

    /// <summary>The end of a name, a positional number, or a special parameter at <paramref name="p"/>.</summary>
    static int ParameterEnd(string s, int p, int close)
    {
        if (p >= close) return p;
        var c = s[p];
        if (ShellLexer.IsNameStart(c))
        {
            while (p < close && ShellLexer.IsNameChar(s[p])) p++;
            return p;
        }
        if (char.IsAsciiDigit(c))
        {
            while (p < close && char.IsAsciiDigit(s[p])) p++;
            return p;
        }
        return ShellLexer.IsSpecialParameter(c) ? p + 1 : p;
    }

    /// <summary>The <c>]</c> matching the <c>[</c> at <paramref name="p"/>, or -1.</summary>
    static int BracketEnd(WordParser words, int p, int close)
    {
        var depth = 0;
        while (p < close)
        {
            var c = words.Source[p];
            if (c == '[') depth++;
            else if (c == ']' && --depth == 0) return p;
            p = c is '[' or ']' ? p + 1 : words.SkipOne(p);
        }
        return -1;
    }

    /// <summary>The <c>:</c> between a slice's offset and length, or <paramref name="close"/>.</summary>
    static int SliceSeparator(WordParser words, int p, int close)
    {
        var depth = 0;
        while (p < close)
        {
            var c = words.Source[p];
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ':' && depth == 0) return p;
            p = c is '(' or ')' or ':' ? p + 1 : words.SkipOne(p);
        }
        return close;
    }

    /// <summary>The <c>/</c> that ends a replacement's pattern (not one that is quoted or escaped), or <paramref name="close"/>.</summary>
    static int PatternEnd(WordParser words, int p, int close)
    {
        while (p < close && words.Source[p] != '/') p = words.SkipOne(p);
        return Math.Min(p, close);
    }
}
