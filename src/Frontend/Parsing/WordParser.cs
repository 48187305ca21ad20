using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;
using Superpower.Model;

namespace DockerRecord.Frontend.Parsing;

/// <summary>
/// Takes one word apart into its parts (literals, quotes, expansions). The lexer has already checked that every
/// construct in the word is closed, so this walks known-good text; it finds where each part ends with the lexer's
/// own skip methods (one definition of the shell's quoting rules), and parses the commands of <c>$(…)</c>,
/// <c>`…`</c> and <c>&lt;(…)</c> with the grammar, recursively.
/// </summary>
sealed class WordParser
{
    // lent per thread like the lexers: a word parser lives while one word is taken apart (and a word inside a
    // $(…) of that word needs another one)
    [ThreadStatic] static Stack<WordParser>? t_free;

    SourceText _source = null!;
    string _s = null!;
    ShellLexer _skip = null!;
    int _depth;
    List<WordPart> _parts = null!;

    WordParser()
    {
    }

    static WordParser Rent(ParseContext context, int end)
    {
        var parser = t_free is { Count: > 0 } free ? free.Pop() : new WordParser();
        parser._source = context.Source;
        parser._s = parser._source.Text;
        parser._depth = context.Depth;
        parser._parts = context.Parts;
        parser._skip = ShellLexer.ForSkipping(parser._source, end, parser._depth);
        return parser;
    }

    void Return()
    {
        _skip.Return();
        _skip = null!;
        _source = null!;
        _s = null!;
        _parts = null!;
        (t_free ??= new()).Push(this);
    }

    static readonly System.Buffers.SearchValues<char> s_partStarts = System.Buffers.SearchValues.Create("\\'\"`$<>\0");

    /// <summary>The word whose text is <paramref name="span"/>.</summary>
    public static Word ParseWord(TextSpan span)
    {
        var context = ParseContext.Current;
        var start = span.Position.Absolute;
        var end = start + span.Length;
        // most words are plain text: no lexer needed to take them apart
        if (context.Source.Text.AsSpan(start, span.Length).IndexOfAny(s_partStarts) < 0)
            return new Word([new Literal(span.ToStringValue(), span)], span);
        var parser = Rent(context, end);
        var parts = parser.Parts(start, end, PartContext.Unquoted);
        parser.Return();
        return new Word(parts, span);
    }

    /// <summary>The parts of an unquoted here-document body: expansions, and literal text in between.</summary>
    public static ImmutableArray<WordPart> ParseHereDocBody(int start, int end)
    {
        var context = ParseContext.Current;
        var parser = Rent(context, end);
        var parts = parser.Parts(start, end, PartContext.HereDoc);
        parser.Return();
        return parts;
    }

    enum PartContext
    {
        /// <summary>Everything starts a part: quotes, expansions, process substitution.</summary>
        Unquoted,
        /// <summary>Inside double quotes: only <c>$</c> and backquotes start parts.</summary>
        DoubleQuoted,
        /// <summary>An unquoted here-document body: as in double quotes, and <c>"</c> is plain text.</summary>
        HereDoc,
    }

    ImmutableArray<WordPart> Parts(int pos, int end, PartContext context)
    {
        var parts = _parts;
        var first = parts.Count;
        var literalStart = pos;
        while (pos < end)
        {
            var c = _s[pos];
            var partEnd = -1;
            WordPart? part = null;
            switch (c)
            {
                case '\\':
                    pos = _skip.SkipEscape(pos);
                    continue;
                case '\'' when context == PartContext.Unquoted:
                    partEnd = _skip.SkipSingleQuoted(pos);
                    part = new SingleQuoted(_s[(pos + 1)..(partEnd - 1)], false, Span(pos, partEnd));
                    break;
                case '"' when context == PartContext.Unquoted:
                    partEnd = _skip.SkipDoubleQuoted(pos);
                    part = new DoubleQuoted(Parts(pos + 1, partEnd - 1, PartContext.DoubleQuoted), false, Span(pos, partEnd));
                    break;
                case '`':
                    partEnd = _skip.SkipBackquoted(pos);
                    part = Backquoted(pos, partEnd, context == PartContext.DoubleQuoted);
                    break;
                case '$':
                    (part, partEnd) = Dollar(pos, context);
                    break;
                case '<' or '>' when context == PartContext.Unquoted && pos + 1 < end && _s[pos + 1] == '(':
                    var inner = ShellLexer.LexUntilClosingParen(_source, pos + 2, _depth + 1);
                    partEnd = inner.End + 1;
                    part = new ProcessSubstitution(ShellGrammar.ParseNested(inner), c == '>', Span(pos, partEnd));
                    break;
            }

            if (part is null)
            {
                pos++;
                continue;
            }
            if (pos > literalStart) parts.Add(Literal(literalStart, pos));
            parts.Add(part);
            pos = literalStart = partEnd;
        }
        if (pos > literalStart) parts.Add(Literal(literalStart, pos));
        return ParseContext.Pop(parts, first);
    }

    /// <summary>An expansion at a <c>$</c>, or (null, -1) for a <c>$</c> that is plain text.</summary>
    (WordPart? Part, int End) Dollar(int pos, PartContext context)
    {
        if (context != PartContext.Unquoted && pos + 1 < _s.Length && _s[pos + 1] is '\'' or '"') return (null, -1);
        var end = _skip.SkipDollar(pos);
        if (end == pos + 1) return (null, -1);
        var span = Span(pos, end);
        switch (_s[pos + 1])
        {
            case '\'' when context == PartContext.Unquoted:
                return (new SingleQuoted(_s[(pos + 2)..(end - 1)], true, span), end);
            case '"' when context == PartContext.Unquoted:
                return (new DoubleQuoted(Parts(pos + 2, end - 1, PartContext.DoubleQuoted), true, span), end);
            case '(' when _s[pos + 2] == '(' && _s[end - 2] == ')' && _skip.IsArithmeticExpansion(pos):
                return (new ArithmeticExpansion(_s[(pos + 3)..(end - 2)], false, span), end);
            case '(':
                var inner = ShellLexer.LexUntilClosingParen(_source, pos + 2, _depth + 1);
                return (new CommandSubstitution(ShellGrammar.ParseNested(inner), false, span), end);
            case '[':
                return (new ArithmeticExpansion(_s[(pos + 2)..(end - 1)], true, span), end);
            case '{':
                return (ParameterExpansions.Parse(this, pos, end), end);
            default:
                return (ParameterExpansions.Short(ReservedWords.Normalize(_s.AsSpan((pos + 1)..end)), span), end);
        }
    }

    /// <summary>
    /// <c>`…`</c>: inside, a backslash before <c>$</c>, <c>`</c> or <c>\</c> is removed before the commands are
    /// parsed. Without such escapes the commands are parsed in place; with them, from the unescaped copy (whose
    /// spans then point into that copy, while the substitution's own span stays exact).
    /// </summary>
    CommandSubstitution Backquoted(int pos, int end, bool inDoubleQuotes)
    {
        var content = _s.AsSpan(pos + 1, end - pos - 2);
        ImmutableArray<Stmt> stmts;
        if (!NeedsUnescaping(content, inDoubleQuotes))
        {
            stmts = ShellGrammar.ParseNested(ShellLexer.Lex(_source, pos + 1, end - 1));
        }
        else
        {
            var unescaped = new SourceText(Unescape(content, inDoubleQuotes));
            using var _ = ParseContext.Enter(unescaped);
            stmts = ShellGrammar.ParseNested(ShellLexer.Lex(unescaped, 0, unescaped.Length));
        }
        return new CommandSubstitution(stmts, true, Span(pos, end));
    }

    /// <summary>Inside backquotes a backslash escapes <c>$ ` \</c>, and <c>"</c> too when the backquotes are in double quotes.</summary>
    static bool IsEscapable(char c, bool inDoubleQuotes) => c is '$' or '`' or '\\' || (inDoubleQuotes && c == '"');

    static bool NeedsUnescaping(ReadOnlySpan<char> content, bool inDoubleQuotes)
    {
        for (var i = 0; i + 1 < content.Length; i++)
        {
            if (content[i] != '\\') continue;
            if (IsEscapable(content[i + 1], inDoubleQuotes)) return true;
            i++;
        }
        return false;
    }

    static string Unescape(ReadOnlySpan<char> content, bool inDoubleQuotes)
    {
        var sb = new System.Text.StringBuilder(content.Length);
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == '\\' && i + 1 < content.Length && IsEscapable(content[i + 1], inDoubleQuotes)) i++;
            sb.Append(content[i]);
        }
        return sb.ToString();
    }

    Literal Literal(int start, int end) => new(ReservedWords.Normalize(_s.AsSpan(start, end - start)), Span(start, end));

    TextSpan Span(int start, int end) => _source.Span(start, end);

    // ---- services for ParameterExpansions ------------------------------------------------------------------------

    internal string Source => _s;

    internal TextSpan SpanOf(int start, int end) => Span(start, end);

    /// <summary>A word made of the text from <paramref name="start"/> to <paramref name="end"/> (blanks included).</summary>
    internal Word WordIn(int start, int end) => new(Parts(start, end, PartContext.Unquoted), Span(start, end));

    /// <summary>Skips one quoted or expanded construct at <paramref name="pos"/>, or one character.</summary>
    internal int SkipOne(int pos) => _skip.SkipConstruct(pos);
}
