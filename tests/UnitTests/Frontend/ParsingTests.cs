using DockerRecord.Frontend.Parsing;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.UnitTests.Frontend;

/// <summary>
/// Structure tests in the style of Roslyn's ParsingTests: the expected tree as text; on a mismatch the actual tree
/// is printed in the same form, ready to paste.
/// </summary>
public sealed class ParsingTests
{
    [Theory]
    [InlineData("echo hi", """(Stmt (SimpleCommand [(Word [(Literal "echo")]) (Word [(Literal "hi")])]))""")]
    [InlineData("A=1 B+=x env", """(Stmt (SimpleCommand :Assignments [(Assignment :Name "A" :Value (Word [(Literal "1")])) (Assignment :Name "B" :Append :Value (Word [(Literal "x")]))] :Args [(Word [(Literal "env")])]))""")]
    [InlineData("a=(1 two)", """(Stmt (SimpleCommand [(Assignment :Name "a" :Array (ArrayValue [(Word [(Literal "1")]) (Word [(Literal "two")])]))]))""")]
    [InlineData(">out echo 2>&1 hi", """(Stmt :Command (SimpleCommand [(Word [(Literal "echo")]) (Word [(Literal "hi")])]) :Redirects [(Redirect :Op Output :Target (Word [(Literal "out")])) (Redirect :Fd 2 :Op DuplicateOutput :Target (Word [(Literal "1")]))])""")]
    [InlineData("exec {fd}>log", """(Stmt :Command (SimpleCommand [(Word [(Literal "exec")])]) :Redirects [(Redirect :FdVariable "fd" :Op Output :Target (Word [(Literal "log")]))])""")]
    [InlineData("cat <<< \"$x\"", """(Stmt :Command (SimpleCommand [(Word [(Literal "cat")])]) :Redirects [(Redirect :Op HereString :Target (Word [(DoubleQuoted [(ParamExpansion :Name "x" :Short)])]))])""")]
    [InlineData("a | b |& c", """(Stmt (Pipeline :Stmts [(Stmt (SimpleCommand [(Word [(Literal "a")])])) (Stmt (SimpleCommand [(Word [(Literal "b")])])) (Stmt (SimpleCommand [(Word [(Literal "c")])]))] :Ops [Pipe PipeAll]))""")]
    [InlineData("! a && b || c &", """(Stmt :Command (AndOrList :Stmts [(Stmt :Command (SimpleCommand [(Word [(Literal "a")])]) :Negated) (Stmt (SimpleCommand [(Word [(Literal "b")])])) (Stmt (SimpleCommand [(Word [(Literal "c")])]))] :Ops [And Or]) :Terminator Background)""")]
    [InlineData("cd /app && make", """(Stmt (AndOrList :Stmts [(Stmt (SimpleCommand [(Word [(Literal "cd")]) (Word [(Literal "/app")])])) (Stmt (SimpleCommand [(Word [(Literal "make")])]))] :Ops [And]))""")]
    [InlineData("echo $(date) `id -u`", """(Stmt (SimpleCommand [(Word [(Literal "echo")]) (Word [(CommandSubstitution [(Stmt (SimpleCommand [(Word [(Literal "date")])]))])]) (Word [(CommandSubstitution [(Stmt (SimpleCommand [(Word [(Literal "id")]) (Word [(Literal "-u")])]))])])]))""")]
    [InlineData("echo ${x:-a b} ${#y} ${z//a/b} ${w^^} ${v@Q}", """(Stmt (SimpleCommand [(Word [(Literal "echo")]) (Word [(ParamExpansion :Name "x" :Op Default :Colon :Argument (Word [(Literal "a b")]))]) (Word [(ParamExpansion :Name "y" :Length)]) (Word [(ParamExpansion :Name "z" :Op ReplaceAll :Argument (Word [(Literal "a")]) :Replacement (Word [(Literal "b")]))]) (Word [(ParamExpansion :Name "w" :Op UpperAll)]) (Word [(ParamExpansion :Name "v" :Op Transform :Argument (Word [(Literal "Q")]))])]))""")]
    [InlineData("echo $'a\\tb' \"x $y\" 'z'", """(Stmt (SimpleCommand [(Word [(Literal "echo")]) (Word [(SingleQuoted :Value "a\\tb" :Dollar)]) (Word [(DoubleQuoted [(Literal "x ") (ParamExpansion :Name "y" :Short)])]) (Word [(SingleQuoted "z")])]))""")]
    [InlineData("diff <(ls a) >(cat)", """(Stmt (SimpleCommand [(Word [(Literal "diff")]) (Word [(ProcessSubstitution [(Stmt (SimpleCommand [(Word [(Literal "ls")]) (Word [(Literal "a")])]))])]) (Word [(ProcessSubstitution :Stmts [(Stmt (SimpleCommand [(Word [(Literal "cat")])]))] :Output)])]))""")]
    [InlineData("echo $((1 + 2)) ~/x *.txt @(a|b)", """(Stmt (SimpleCommand [(Word [(Literal "echo")]) (Word [(ArithmeticExpansion "1+2")]) (Word [(Literal "~/x")]) (Word [(Literal "*.txt")]) (Word [(Literal "@(a|b)")])]))""")]
    [InlineData("if a; then b; elif c; then d; else e; fi", """(Stmt (IfClause :Condition [(Stmt (SimpleCommand [(Word [(Literal "a")])]))] :Then [(Stmt (SimpleCommand [(Word [(Literal "b")])]))] :Elifs [(ElifBranch :Condition [(Stmt (SimpleCommand [(Word [(Literal "c")])]))] :Then [(Stmt (SimpleCommand [(Word [(Literal "d")])]))])] :Else [(Stmt (SimpleCommand [(Word [(Literal "e")])]))]))""")]
    [InlineData("while read l; do :; done < f", """(Stmt :Command (WhileClause :Condition [(Stmt (SimpleCommand [(Word [(Literal "read")]) (Word [(Literal "l")])]))] :Body [(Stmt (SimpleCommand [(Word [(Literal ":")])]))]) :Redirects [(Redirect :Op Input :Target (Word [(Literal "f")]))])""")]
    [InlineData("until false; do x; done", """(Stmt (WhileClause :Until :Condition [(Stmt (SimpleCommand [(Word [(Literal "false")])]))] :Body [(Stmt (SimpleCommand [(Word [(Literal "x")])]))]))""")]
    [InlineData("for f in *.c; do cc $f; done", """(Stmt (ForClause :Name "f" :Items [(Word [(Literal "*.c")])] :Body [(Stmt (SimpleCommand [(Word [(Literal "cc")]) (Word [(ParamExpansion :Name "f" :Short)])]))]))""")]
    [InlineData("for ((i=0; i<3; i++)); do x; done", """(Stmt (ArithmeticForClause :Header "i=0;i<3;i++" :Body [(Stmt (SimpleCommand [(Word [(Literal "x")])]))]))""")]
    // after `for NAME`, `select NAME` or `for ((…))` a `do` or `{` opens the body: `((` and `[[` there are keywords
    [InlineData("for x do ((x++)); done", """(Stmt (ForClause :Name "x" :Body [(Stmt (ArithmeticCommand "x++"))]))""")]
    [InlineData("for ((;;)) { ((i++)); }", """(Stmt (ArithmeticForClause :Header ";;" :Body [(Stmt (ArithmeticCommand "i++"))]))""")]
    [InlineData("select s { [[ -n $s ]]; }", """(Stmt (ForClause :Select :Name "s" :Body [(Stmt (TestClause "-n$s"))]))""")]
    [InlineData("select s in a b; do break; done", """(Stmt (ForClause :Select :Name "s" :Items [(Word [(Literal "a")]) (Word [(Literal "b")])] :Body [(Stmt (SimpleCommand [(Word [(Literal "break")])]))]))""")]
    [InlineData("case $1 in a|b) x;; (c) y;& *) z;;& esac", """(Stmt (CaseClause :Subject (Word [(ParamExpansion :Name "1" :Short)]) :Items [(CaseItem :Patterns [(Word [(Literal "a")]) (Word [(Literal "b")])] :Body [(Stmt (SimpleCommand [(Word [(Literal "x")])]))] :Terminator Break) (CaseItem :Patterns [(Word [(Literal "c")])] :Body [(Stmt (SimpleCommand [(Word [(Literal "y")])]))] :Terminator FallThrough) (CaseItem :Patterns [(Word [(Literal "*")])] :Body [(Stmt (SimpleCommand [(Word [(Literal "z")])]))] :Terminator Continue)]))""")]
    [InlineData("f() { echo; }", """(Stmt (FunctionDecl :Name "f" :Parens :Body (Stmt (BraceGroup [(Stmt (SimpleCommand [(Word [(Literal "echo")])]))]))))""")]
    [InlineData("function g { :; }", """(Stmt (FunctionDecl :Name "g" :FunctionKeyword :Body (Stmt (BraceGroup [(Stmt (SimpleCommand [(Word [(Literal ":")])]))]))))""")]
    [InlineData("(cd x; ls) > y", """(Stmt :Command (Subshell [(Stmt (SimpleCommand [(Word [(Literal "cd")]) (Word [(Literal "x")])])) (Stmt (SimpleCommand [(Word [(Literal "ls")])]))]) :Redirects [(Redirect :Op Output :Target (Word [(Literal "y")]))])""")]
    [InlineData("[[ $a == b* && -f x ]]", """(Stmt (TestClause "$a==b*&&-fx"))""")]
    [InlineData("((x += 2))", """(Stmt (ArithmeticCommand "x+=2"))""")]
    [InlineData("time -p sleep 1", """(Stmt (TimeClause :Posix :Stmt (Stmt (SimpleCommand [(Word [(Literal "sleep")]) (Word [(Literal "1")])]))))""")]
    [InlineData("coproc cat", """(Stmt (CoprocClause (Stmt (SimpleCommand [(Word [(Literal "cat")])]))))""")]
    [InlineData("coproc NAME { cat; }", """(Stmt (CoprocClause :Name "NAME" :Stmt (Stmt (BraceGroup [(Stmt (SimpleCommand [(Word [(Literal "cat")])]))]))))""")]
    public void Parses_to(string text, string expected)
    {
        var result = ShellParser.Parse(text);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var actual = string.Join("\n", result.File!.Stmts.Select(SyntaxPrinter.ToSExpression));
        Assert.True(expected == actual, $"expected:\n{expected}\nactual (paste me):\n{actual}");
    }

    [Fact]
    public void A_typed_here_document_keeps_its_body_and_delimiter()
    {
        const string text = "cat > /etc/app.conf <<'EOF'\nport=$PORT\nEOF\necho done";
        var file = ShellParser.Parse(text).File!;
        var redirect = file.Stmts[0].Redirects[1];
        Assert.Equal(RedirectOp.HereDoc, redirect.Op);
        Assert.Equal("EOF", redirect.HereDoc!.Delimiter);
        Assert.True(redirect.HereDoc.QuotedDelimiter);
        Assert.True(redirect.HereDoc.Terminated);
        Assert.Equal("port=$PORT\n", Assert.IsType<Literal>(Assert.Single(redirect.HereDoc.Body)).Value);
        Assert.Equal("port=$PORT\nEOF", redirect.HereDoc.Text);
        Assert.Equal(2, file.Stmts.Length);
    }

    [Fact]
    public void Unquoted_here_document_bodies_are_parsed_for_expansions()
    {
        var file = ShellParser.Parse("cat <<EOF\nhome=$HOME now=$(date)\nEOF").File!;
        var body = file.Stmts[0].Redirects[0].HereDoc!.Body;
        Assert.Collection(body,
            p => Assert.Equal("home=", Assert.IsType<Literal>(p).Value),
            p => Assert.Equal("HOME", Assert.IsType<ParamExpansion>(p).Name),
            p => Assert.Equal(" now=", Assert.IsType<Literal>(p).Value),
            p => Assert.IsType<CommandSubstitution>(p),
            p => Assert.Equal("\n", Assert.IsType<Literal>(p).Value));
    }

    [Theory]
    [InlineData("echo \"abc", "1:6: error DR1003: unterminated double quote: no closing `\"` before the end of input")]
    [InlineData("echo 'abc", "1:6: error DR1002: unterminated single quote: no closing `'` before the end of input")]
    [InlineData("echo $(ls", "1:6: error DR1004: `$(` is not closed: expected `)` before the end of input")]
    [InlineData("x=${a", "1:3: error DR1004: `${` is not closed: expected `}` before the end of input")]
    [InlineData("if true; then fi", "1:15: error DR1001: unexpected `fi`, expected command")]
    [InlineData("echo a )", "1:8: error DR1001: unexpected `)`")]
    [InlineData("ls >", "1:5: error DR1001: unexpected end of input, expected word")]
    [InlineData("ls |\n\n", "3:1: error DR1001: unexpected end of input, expected command")]
    [InlineData("for 1 in a; do :; done", "1:5: error DR1001: unexpected `1`, expected a loop variable or `((…))`")]
    public void Errors_are_diagnostics_with_a_code_and_a_position(string text, string expected)
    {
        var result = ShellParser.Parse(text);
        Assert.Null(result.File);
        Assert.Equal(expected, result.Diagnostics.Single(d => d.IsError).ToString());
    }

    [Fact]
    public void An_unterminated_here_document_is_read_to_the_end_with_a_warning()
    {
        var result = ShellParser.Parse("cat <<EOF\nabc");
        Assert.True(result.Success);
        Assert.Equal("2:4: warning DR1006: here-document is not terminated: no line `EOF` before the end of input (bash reads to the end)",
            Assert.Single(result.Diagnostics).ToString());
    }

    [Theory]
    [InlineData("a; b\nc & d")]
    [InlineData("cat <<A | tr a b <<B\nfirst\nA\nsecond\nB\necho after")]
    [InlineData("# comment\nif x; then\n  y # why\nfi")]
    public void Spans_are_lossless_ordered_and_reparse(string text)
    {
        var file = ShellParser.Parse(text).File!;
        Assert.Equal(text, file.Text);
        var previousEnd = 0;
        foreach (var stmt in file.Stmts)
        {
            Assert.True(stmt.Span.Position.Absolute >= previousEnd, "statements overlap");
            previousEnd = stmt.Span.Position.Absolute + stmt.Span.Length;
            if (stmt.Text.Contains("<<")) continue; // a here-document's body lies outside its statement's span
            var again = ShellParser.Parse(stmt.Text).File!;
            Assert.Equal(SyntaxPrinter.ToSExpression(stmt), SyntaxPrinter.ToSExpression(Assert.Single(again.Stmts)));
        }
    }
}
