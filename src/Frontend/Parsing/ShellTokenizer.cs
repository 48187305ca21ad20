using Superpower;
using Superpower.Model;

namespace DockerRecord.Frontend.Parsing;

/// <summary>
/// The Superpower face of <see cref="ShellLexer"/>, for callers that want tokens through Superpower's own
/// <c>Tokenize</c>/<c>TryTokenize</c>. Here-document bodies come right after their delimiter word.
/// </summary>
public sealed class ShellTokenizer : Tokenizer<ShellToken>
{
    public static ShellTokenizer Instance { get; } = new();

    protected override IEnumerable<Result<ShellToken>> Tokenize(TextSpan span, TokenizationState<ShellToken> state)
    {
        var source = new SourceText(span.Source!);
        var start = span.Position.Absolute;
        var end = start + span.Length;
        LexResult lexed;
        try
        {
            lexed = ShellLexer.Lex(source, start, end);
        }
        catch (ShellSyntaxException e)
        {
            return [Result.Empty<ShellToken>(e.Diagnostic.Span, e.Diagnostic.Message)];
        }
        var tokens = lexed.Tokens.ToArray();
        lexed.Release();
        return tokens.Select(token =>
        {
            var tokenEnd = token.Span.Position.Absolute + token.Span.Length;
            return Result.Value(token.Kind, token.Span, source.Span(tokenEnd, end));
        });
    }
}
