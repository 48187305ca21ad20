using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;
using Superpower.Model;

namespace DockerRecord.Frontend.Parsing;

/// <summary>Builds a <see cref="Redirect"/>, with its here-document body when it has one.</summary>
static class Redirects
{
    public static Redirect Make(Token<ShellToken>? fd, Token<ShellToken> op, RedirectOp kind, Token<ShellToken> target, Token<ShellToken>? body)
    {
        int? number = null;
        string? variable = null;
        if (fd is { Kind: ShellToken.IoNumber } n)
            number = int.TryParse(ShellGrammar.Chars(n.Span), out var value) ? value : int.MaxValue;
        else if (fd is { } v)
            variable = v.Span.ToStringValue()[1..^1];

        var word = WordParser.ParseWord(target.Span);
        var hereDoc = kind is RedirectOp.HereDoc or RedirectOp.HereDocStripTabs
            ? HereDoc(ShellGrammar.Chars(target.Span), kind == RedirectOp.HereDocStripTabs, target.Span, body)
            : null;
        return new Redirect(number, variable, kind, word, hereDoc, Spans.Cover(fd?.Span ?? op.Span, target.Span));
    }

    static HereDoc HereDoc(ReadOnlySpan<char> rawDelimiter, bool stripTabs, TextSpan delimiterSpan, Token<ShellToken>? body)
    {
        var delimiter = HereDocs.DelimiterValue(rawDelimiter);
        var quoted = HereDocs.IsQuoted(rawDelimiter);
        if (body is not { } token)
        {
            var end = delimiterSpan.Position.Absolute + delimiterSpan.Length;
            return new HereDoc(delimiter, quoted, [], false, ParseContext.Current.Source.Span(end, end));
        }

        var text = ShellGrammar.Chars(token.Span);
        var lastLineStart = text.LastIndexOf('\n') + 1;
        var terminated = HereDocs.IsDelimiterLine(text[lastLineStart..], delimiter, stripTabs);
        var start = token.Span.Position.Absolute;
        var contentEnd = start + (terminated ? lastLineStart : text.Length);
        var source = ParseContext.Current.Source;
        ImmutableArray<WordPart> parts = contentEnd == start ? []
            : quoted ? [new Literal(source.Text[start..contentEnd], source.Span(start, contentEnd))]
            : WordParser.ParseHereDocBody(start, contentEnd);
        return new HereDoc(delimiter, quoted, parts, terminated, token.Span);
    }
}
