using DockerRecord.Frontend.Parsing;
using DockerRecord.UnitTests.Support;
using Superpower.Model;
using Xunit.Abstractions;

namespace DockerRecord.UnitTests.Frontend;

/// <summary>
/// Bad input never throws and never overflows the stack: it gives a diagnostic with a position. Roslyn's
/// ParseIncompleteSyntax idea over the corpora: every prefix, and every input with one token dropped.
/// </summary>
public sealed class RobustnessTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_prefix_of_every_corpus_input_parses_or_is_diagnosed()
    {
        if (!Corpora.Available(output)) return;
        var parses = 0;
        foreach (var input in Corpora.AllInputs)
            for (var length = 0; length <= input.Text.Length; length++, parses++)
                AssertParsesOrDiagnoses(input.Text[..length], input);
        output.WriteLine($"robustness: {parses} prefixes parsed without an exception");
    }

    [Fact]
    public void Every_corpus_input_with_one_token_dropped_parses_or_is_diagnosed()
    {
        if (!Corpora.Available(output)) return;
        var parses = 0;
        foreach (var input in Corpora.AllInputs.Where(i => i.BashAccepts))
        {
            var tokens = ShellTokenizer.Instance.TryTokenize(input.Text);
            Assert.True(tokens.HasValue, $"{input}: {tokens}");
            foreach (var token in tokens.Value)
            {
                var at = token.Span.Position.Absolute;
                AssertParsesOrDiagnoses(input.Text.Remove(at, token.Span.Length), input);
                parses++;
            }
        }
        output.WriteLine($"robustness: {parses} inputs with a token dropped parsed without an exception");
    }

    [Theory]
    [InlineData("$(", ")")]
    [InlineData("\"$(", ")\"")]
    [InlineData("${x:-", "}")]
    [InlineData("{ ", "; }")]
    [InlineData("(", ")")]
    [InlineData("if a; then ", "; fi")]
    [InlineData("<(", ")")]
    [InlineData("$((", "))")]
    public void Ten_thousand_nested_constructs_give_a_diagnostic_not_a_stack_overflow(string open, string close)
    {
        var text = "echo " + string.Concat(Enumerable.Repeat(open, 10_000)) + "x" + string.Concat(Enumerable.Repeat(close, 10_000));
        var result = ShellParser.Parse(text);
        Assert.Null(result.File);
        Assert.Contains(result.Diagnostics, d => d.IsError && d.Line >= 1 && d.Column >= 1);
    }

    [Theory]
    [InlineData("[[\r\n")]
    [InlineData("[[ -n x\r\n]]")]
    [InlineData("[[\r\n\r\n")]
    public void A_test_command_across_CRLF_line_breaks_ends(string text)
    {
        // found by the FsCheck span property: the CR of a CRLF inside [[ ]] stopped the lexer without moving on
        var result = ShellParser.Parse(text);
        Assert.True(result.Success || !result.Diagnostics.IsEmpty);
    }

    [Fact]
    public void Moderate_nesting_still_parses()
    {
        var text = "echo " + string.Concat(Enumerable.Repeat("$(echo ", 40)) + "x" + new string(')', 40);
        Assert.True(ShellParser.Parse(text).Success);
    }

    static void AssertParsesOrDiagnoses(string text, CorpusInput from)
    {
        ParseResult result;
        try
        {
            result = ShellParser.Parse(text);
        }
        catch (Exception e)
        {
            Assert.Fail($"{from}: {e.GetType().Name} on <<{text}>>: {e.Message}");
            return;
        }
        if (result.File is null)
            Assert.Contains(result.Diagnostics, d => d.IsError && d.Line >= 1 && d.Column >= 1);
    }
}
