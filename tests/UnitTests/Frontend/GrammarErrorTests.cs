using DockerRecord.Frontend.Parsing;

namespace DockerRecord.UnitTests.Frontend;

/// <summary>
/// The messages of the compound-command rules, each as the Superpower combinators gave it before the grammar was
/// written by hand: where a rule fails, what it names as expected, and how failures combine. Some read oddly (a
/// failed <c>name (</c> inside a body backtracks, so <c>for</c> then offers a brace group); they are kept as they were,
/// and these cases say so.
/// </summary>
public class GrammarErrorTests
{
    [Theory]
    [InlineData("{ a; ", "1:6: error DR1001: unexpected end of input, expected `}`")]
    [InlineData("( a", "1:4: error DR1001: unexpected end of input, expected `)`")]
    [InlineData("{ }", "1:3: error DR1001: unexpected `}`, expected command")]
    [InlineData("if a; then b", "1:13: error DR1001: unexpected end of input, expected `fi`")]
    [InlineData("if a; then b; elif c; fi", "1:23: error DR1001: unexpected `fi`, expected `then`")]
    [InlineData("if then fi", "1:4: error DR1001: unexpected `then`, expected command")]
    [InlineData("while a; do b", "1:14: error DR1001: unexpected end of input, expected `done`")]
    [InlineData("until a; b; done", "1:13: error DR1001: unexpected `done`, expected `do`")]
    [InlineData("for ((i=0;i<3;i++)) x", "1:21: error DR1001: unexpected `x`, expected `do` or `{`")]
    [InlineData("for x in a b; x; done", "1:15: error DR1001: unexpected `x`, expected `do` or `{`")]
    [InlineData("for (x) in a; do :; done", "1:5: error DR1001: unexpected `(`, expected a loop variable or `((…))`")]
    [InlineData("select ((x)); do :; done", "1:8: error DR1001: unexpected `((x))`, expected word")]
    [InlineData("for x in a\ndo :; done; done", "2:13: error DR1001: unexpected `done`")]
    [InlineData("case x y", "1:8: error DR1001: unexpected `y`, expected `in`")]
    [InlineData("case x in a|) b;; esac", "1:13: error DR1001: unexpected `)`, expected word")]
    [InlineData("case x in (esac b;; esac", "1:17: error DR1001: unexpected `b`, expected `)`")]
    [InlineData("case x in a) b; c;;\n esac esac", "2:7: error DR1001: unexpected `esac`")]
    [InlineData("function f ( x", "1:14: error DR1001: unexpected `x`, expected `)`")]
    [InlineData("function { :; }", "1:12: error DR1001: unexpected `:`, expected compound command")]
    [InlineData("f() x", "1:5: error DR1001: unexpected `x`, expected compound command")]
    [InlineData("coproc", "1:7: error DR1001: unexpected end of input, expected word or command")]
    [InlineData("{ a; } >", "1:9: error DR1001: unexpected end of input, expected word")]
    [InlineData("! |", "1:3: error DR1001: unexpected `|`")]
    [InlineData("time -p |", "1:9: error DR1001: unexpected `|`")]
    [InlineData("a && ;", "1:6: error DR1001: unexpected `;`, expected command")]
    [InlineData("a | then", "1:5: error DR1001: unexpected `then`, expected command")]
    // a failed `name (` backtracks: the loop body then offers `{`, the case items end early, the else branch is dropped
    [InlineData("for x; do f( x; done", "1:8: error DR1001: unexpected `do`, expected `{`")]
    [InlineData("case a in x) f( y;; esac", "1:11: error DR1001: unexpected `x`, expected `esac`")]
    [InlineData("if a; then f( x; else b; fi", "1:15: error DR1001: unexpected `x`, expected `)`")]
    [InlineData("coproc f( x", "1:11: error DR1001: unexpected `x`, expected `)`")]
    public void A_compound_command_error_names_the_token_and_what_was_expected(string text, string expected)
    {
        var result = ShellParser.Parse(text);
        Assert.Null(result.File);
        Assert.Equal(expected, result.Diagnostics.Single(d => d.IsError).ToString());
    }

    /// <summary>The compound command that opens the 101st level is refused, at its first token.</summary>
    [Theory]
    [InlineData("{ ", "; }", 0)]
    [InlineData("if a; then ", "; fi", 0)]
    [InlineData("while a; do ", "; done", 0)]
    [InlineData("for x in a; do ", "; done", 0)]
    [InlineData("case x in x) ", ";; esac", 0)]
    [InlineData("f() { ", "; }", 4)]
    [InlineData("coproc N { ", "; }", 9)]
    public void Nesting_beyond_the_limit_is_DR1005_at_the_construct_too_deep(string open, string close, int compoundAt)
    {
        var levels = ShellGrammar.MaxDepth + 1;
        var text = string.Concat(Enumerable.Repeat(open, levels)) + "x" + string.Concat(Enumerable.Repeat(close, levels));
        var error = ShellParser.Parse(text).Diagnostics.Single(d => d.IsError);
        Assert.Equal("DR1005", error.Code);
        Assert.Equal(1 + ShellGrammar.MaxDepth * open.Length + compoundAt, error.Column);
    }
}
