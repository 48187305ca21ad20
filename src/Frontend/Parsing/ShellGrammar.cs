using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;
using Superpower;
using Superpower.Model;
using Superpower.Parsers;

namespace DockerRecord.Frontend.Parsing;

/// <summary>
/// The bash grammar over <see cref="ShellToken"/>s, as Superpower token-list parsers declared bottom-up: words and
/// redirections, simple and compound commands, pipelines, and-or lists, statement lists. Reserved words are
/// <see cref="ShellToken.Word"/> tokens matched only where the grammar allows one (POSIX 2.10).
/// </summary>
static class ShellGrammar
{
    /// <summary>How deeply compound commands and substitutions may nest before DR1005.</summary>
    public const int MaxDepth = 100;

    // ---- tokens and words ------------------------------------------------------------------------------------------

    /// <summary>
    /// A token of one kind. Superpower's <c>Token.EqualTo</c> compares kinds through <c>object.Equals</c>, which
    /// boxes the enum on every test; this compares directly and keeps Superpower's wording of the expectation.
    /// </summary>
    static TokenListParser<ShellToken, Token<ShellToken>> Kind(ShellToken kind)
    {
        var expectations = Token.EqualTo(kind)(new TokenList<ShellToken>([])).Expectations!;
        return input =>
        {
            var next = input.ConsumeToken();
            return next.HasValue && next.Value.Kind == kind
                ? next
                : TokenListParserResult.Empty<ShellToken, Token<ShellToken>>(input, expectations);
        };
    }

    // Every parser is built once, here: a parser built inside a LINQ clause would be built again on each use
    // (and Superpower looks up token attributes by reflection when it builds one).
    static readonly TokenListParser<ShellToken, Token<ShellToken>> WordToken = Kind(ShellToken.Word);
    static readonly TokenListParser<ShellToken, Token<ShellToken>> LParen = Kind(ShellToken.LParen);
    static readonly TokenListParser<ShellToken, Token<ShellToken>> RParen = Kind(ShellToken.RParen);
    static readonly TokenListParser<ShellToken, Token<ShellToken>?> OptionalLParen = LParen.Optional();
    static readonly TokenListParser<ShellToken, Token<ShellToken>?> OptionalSemicolon = Kind(ShellToken.Semicolon).Optional();
    static readonly TokenListParser<ShellToken, Token<ShellToken>> ArithmeticCommandToken = Kind(ShellToken.ArithmeticCommand);

    static readonly TokenListParser<ShellToken, Word> Word = WordToken.Select(t => WordParser.ParseWord(t.Span));

    static readonly TokenListParser<ShellToken, ShellToken> Linebreak = input =>
    {
        var rest = input;
        while (rest.ConsumeToken() is { HasValue: true } next && next.Value.Kind == ShellToken.Newline)
            rest = next.Remainder;
        return TokenListParserResult.Value(ShellToken.Newline, input, rest);
    };

    /// <summary>A reserved word, matched only here, where the grammar expects it.</summary>
    static TokenListParser<ShellToken, Token<ShellToken>> Keyword(ReservedWord word, string text)
    {
        var expectation = new[] { $"`{text}`" };
        return input =>
        {
            var next = input.ConsumeToken();
            return next.HasValue && next.Value.Kind == ShellToken.Word && ReservedWords.Classify(Chars(next.Value.Span)) == word
                ? next
                : TokenListParserResult.Empty<ShellToken, Token<ShellToken>>(input, expectation);
        };
    }

    static readonly TokenListParser<ShellToken, Token<ShellToken>> If = Keyword(ReservedWord.If, "if");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> Then = Keyword(ReservedWord.Then, "then");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> Elif = Keyword(ReservedWord.Elif, "elif");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> Else = Keyword(ReservedWord.Else, "else");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> Fi = Keyword(ReservedWord.Fi, "fi");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> While = Keyword(ReservedWord.While, "while");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> Until = Keyword(ReservedWord.Until, "until");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> For = Keyword(ReservedWord.For, "for");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> Select = Keyword(ReservedWord.Select, "select");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> In = Keyword(ReservedWord.In, "in");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> Do = Keyword(ReservedWord.Do, "do");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> Done = Keyword(ReservedWord.Done, "done");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> Case = Keyword(ReservedWord.Case, "case");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> Esac = Keyword(ReservedWord.Esac, "esac");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> Function = Keyword(ReservedWord.Function, "function");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> Time = Keyword(ReservedWord.Time, "time");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> Coproc = Keyword(ReservedWord.Coproc, "coproc");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> Bang = Keyword(ReservedWord.Bang, "!");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> OpenBrace = Keyword(ReservedWord.OpenBrace, "{");
    static readonly TokenListParser<ShellToken, Token<ShellToken>> CloseBrace = Keyword(ReservedWord.CloseBrace, "}");

    /// <summary>Words that close a construct can never start a simple command (<c>then</c>, <c>fi</c>, <c>}</c>…).</summary>
    static bool ClosesConstruct(Token<ShellToken> token) =>
        ReservedWords.Classify(Chars(token.Span)) is ReservedWord.Then or ReservedWord.Elif or ReservedWord.Else
            or ReservedWord.Fi or ReservedWord.Do or ReservedWord.Done or ReservedWord.Esac or ReservedWord.CloseBrace;

    static readonly TokenListParser<ShellToken, Token<ShellToken>> CommandWordToken =
        WordToken.Where(t => !ClosesConstruct(t), "command");

    static readonly TokenListParser<ShellToken, Token<ShellToken>> NameToken =
        WordToken.Where(t => ShellLexer.IsName(Chars(t.Span)), "name");

    // ---- redirections ----------------------------------------------------------------------------------------------

    static RedirectOp? ToRedirectOp(ShellToken kind) => kind switch
    {
        ShellToken.Less => RedirectOp.Input,
        ShellToken.Great => RedirectOp.Output,
        ShellToken.DoubleGreat => RedirectOp.Append,
        ShellToken.Clobber => RedirectOp.Clobber,
        ShellToken.LessGreat => RedirectOp.ReadWrite,
        ShellToken.LessAnd => RedirectOp.DuplicateInput,
        ShellToken.GreatAnd => RedirectOp.DuplicateOutput,
        ShellToken.AndGreat => RedirectOp.OutputAndError,
        ShellToken.AndDoubleGreat => RedirectOp.AppendOutputAndError,
        ShellToken.DoubleLess => RedirectOp.HereDoc,
        ShellToken.DoubleLessDash => RedirectOp.HereDocStripTabs,
        ShellToken.TripleLess => RedirectOp.HereString,
        _ => null,
    };

    static readonly TokenListParser<ShellToken, Token<ShellToken>> RedirectOperator =
        Token.Matching<ShellToken>(k => ToRedirectOp(k) is not null, "redirection");

    static readonly TokenListParser<ShellToken, Token<ShellToken>?> NoToken = Parse.Return<ShellToken, Token<ShellToken>?>(null);

    static readonly TokenListParser<ShellToken, Token<ShellToken>?> HereDocBodyToken = Kind(ShellToken.HereDocBody).Optional();

    static readonly TokenListParser<ShellToken, Token<ShellToken>?> RedirectFd =
        Kind(ShellToken.IoNumber).Or(Kind(ShellToken.IoVariable)).Optional();

    /// <summary><c>[n|{var}] op word [here-document body]</c>.</summary>
    static readonly TokenListParser<ShellToken, Redirect> Redirect = input =>
    {
        var fd = RedirectFd(input);
        var op = RedirectOperator(fd.Remainder);
        if (!op.HasValue) return TokenListParserResult.CastEmpty<ShellToken, Token<ShellToken>, Redirect>(op);
        var target = WordToken(op.Remainder);
        if (!target.HasValue) return TokenListParserResult.CastEmpty<ShellToken, Token<ShellToken>, Redirect>(target);
        var kind = ToRedirectOp(op.Value.Kind)!.Value;
        var body = kind is RedirectOp.HereDoc or RedirectOp.HereDocStripTabs ? HereDocBodyToken(target.Remainder) : NoToken(target.Remainder);
        return TokenListParserResult.Value(Redirects.Make(fd.Value, op.Value, kind, target.Value, body.Value), input, body.Remainder);
    };

    // ---- simple commands -----------------------------------------------------------------------------------------

    static bool StartsRedirect(ShellToken kind) =>
        kind is ShellToken.IoNumber or ShellToken.IoVariable || ToRedirectOp(kind) is not null;

    static readonly string[] CommandExpectation = ["command"];

    /// <summary>
    /// Assignments, then the command name and its arguments, with redirections anywhere. Written as a loop over the
    /// tokens: each token's kind says what it is, so no alternative is tried and dropped.
    /// </summary>
    static readonly TokenListParser<ShellToken, Stmt> SimpleCommand = input =>
    {
        var elements = new List<CommandElement>();
        var rest = input;
        var named = false;
        while (rest.ConsumeToken() is { HasValue: true } next)
        {
            var token = next.Value;
            if (StartsRedirect(token.Kind))
            {
                var redirect = Redirect(rest);
                if (!redirect.HasValue) return TokenListParserResult.CastEmpty<ShellToken, Redirect, Stmt>(redirect);
                elements.Add(new CommandElement(redirect.Value, redirect.Value.Span));
                rest = redirect.Remainder;
                continue;
            }
            if (token.Kind != ShellToken.Word) break;
            if (!named && Assignments.TryMatch(Chars(token.Span), out _, out _, out _, out _))
            {
                var assignment = AssignmentParser.Parse(token.Span);
                elements.Add(new CommandElement(assignment, assignment.Span));
            }
            else
            {
                if (!named && ClosesConstruct(token)) break;
                named = true;
                var word = WordParser.ParseWord(token.Span);
                elements.Add(new CommandElement(word, word.Span));
            }
            rest = next.Remainder;
        }
        return elements.Count == 0
            ? TokenListParserResult.Empty<ShellToken, Stmt>(input, CommandExpectation)
            : TokenListParserResult.Value(CommandElement.ToStmt(elements), input, rest);
    };

    // ---- compound commands -----------------------------------------------------------------------------------------

    static readonly TokenListParser<ShellToken, ImmutableArray<Stmt>> CompoundList = Statements(requireOne: true);

    static readonly TokenListParser<ShellToken, Command> BraceGroup =
        from open in OpenBrace
        from body in CompoundList
        from close in CloseBrace
        select (Command)new BraceGroup(body, Spans.Cover(open.Span, close.Span));

    static readonly TokenListParser<ShellToken, Command> Subshell =
        from open in LParen
        from body in CompoundList
        from close in RParen
        select (Command)new Subshell(body, Spans.Cover(open.Span, close.Span));

    static readonly TokenListParser<ShellToken, ElifBranch> ElifBranch =
        from elif in Elif
        from condition in CompoundList
        from then in Then
        from body in CompoundList
        select new ElifBranch(condition, body, Spans.Cover(elif.Span, body[^1].Span));

    static readonly TokenListParser<ShellToken, ElifBranch[]> ElifBranches = ElifBranch.Many();

    static readonly TokenListParser<ShellToken, ImmutableArray<Stmt>?> ElseBranch =
        Else.IgnoreThen(CompoundList).Select(body => (ImmutableArray<Stmt>?)body).OptionalOrDefault(null);

    static readonly TokenListParser<ShellToken, Command> IfClause =
        from open in If
        from condition in CompoundList
        from then in Then
        from body in CompoundList
        from elifs in ElifBranches
        from otherwise in ElseBranch
        from close in Fi
        select (Command)new IfClause(condition, body, [.. elifs], otherwise, Spans.Cover(open.Span, close.Span));

    static readonly TokenListParser<ShellToken, (ImmutableArray<Stmt> Body, TextSpan End)> DoGroup =
        from open in Do
        from body in CompoundList
        from close in Done
        select (body, close.Span);

    /// <summary>Bash also takes a brace group as the body of <c>for</c> and <c>select</c>; it means the same as <c>do … done</c>.</summary>
    static readonly TokenListParser<ShellToken, (ImmutableArray<Stmt> Body, TextSpan End)> LoopBody =
        DoGroup.Or(BraceGroup.Select(group => (((BraceGroup)group).Stmts, group.Span)));

    static readonly TokenListParser<ShellToken, Token<ShellToken>> WhileOrUntil = While.Or(Until);

    static readonly TokenListParser<ShellToken, Command> WhileClause =
        from open in WhileOrUntil
        from condition in CompoundList
        from body in DoGroup
        select (Command)new WhileClause(ReservedWords.Classify(Chars(open.Span)) == ReservedWord.Until,
            condition, body.Body, Spans.Cover(open.Span, body.End));

    static readonly TokenListParser<ShellToken, ShellToken> SequentialSeparator =
        Kind(ShellToken.Semicolon).Or(Kind(ShellToken.Newline)).IgnoreThen(Linebreak);

    static readonly TokenListParser<ShellToken, Word[]> Words = Word.Many();

    /// <summary><c>in words</c> and its separator; backtracks when the line break is not followed by <c>in</c>.</summary>
    static readonly TokenListParser<ShellToken, ImmutableArray<Word>?> ForItems =
        (from _ in Linebreak
         from kw in In
         from items in Words
         from separator in SequentialSeparator
         select (ImmutableArray<Word>?)[.. items]).Try()
        .Or(Kind(ShellToken.Semicolon).Optional().IgnoreThen(Linebreak).Value((ImmutableArray<Word>?)null));

    /// <summary>The rest of <c>for NAME …</c> or <c>select NAME …</c> after its keyword.</summary>
    static TokenListParser<ShellToken, Command> ForInRest(Token<ShellToken> open, bool isSelect) =>
        from name in NameToken
        from items in ForItems
        from body in LoopBody
        select (Command)new ForClause(isSelect, name.ToStringValue(), items, body.Body, Spans.Cover(open.Span, body.End));

    /// <summary>The rest of <c>for ((…)) …</c> after its keyword.</summary>
    static TokenListParser<ShellToken, Command> ArithmeticForRest(Token<ShellToken> open) =>
        from header in ArithmeticCommandToken
        from separator in OptionalSemicolon
        from _ in Linebreak
        from body in LoopBody
        select (Command)new ArithmeticForClause(Inside(header.Span, 2, 2), body.Body, Spans.Cover(open.Span, body.End));

    static readonly TokenListParser<ShellToken, Command> ForClause =
        For.Then(open => ArithmeticForRest(open).Or(ForInRest(open, isSelect: false)).Named("a loop variable or `((…))`"))
            .Or(Select.Then(open => ForInRest(open, isSelect: true)));

    static readonly TokenListParser<ShellToken, CaseItemTerminator> CaseItemTerminator =
        Kind(ShellToken.DoubleSemicolon).Value(Syntax.CaseItemTerminator.Break)
            .Or(Kind(ShellToken.SemicolonAmpersand).Value(Syntax.CaseItemTerminator.FallThrough))
            .Or(Kind(ShellToken.DoubleSemicolonAmpersand).Value(Syntax.CaseItemTerminator.Continue));

    static readonly TokenListParser<ShellToken, Word> PatternWord =
        WordToken.Select(t => WordParser.ParseWord(t.Span));

    static readonly TokenListParser<ShellToken, Word> FirstPatternWord =
        WordToken.Where(t => ReservedWords.Classify(Chars(t.Span)) != ReservedWord.Esac, "pattern")
            .Select(t => WordParser.ParseWord(t.Span));

    static readonly TokenListParser<ShellToken, Word[]> MorePatterns = Kind(ShellToken.Pipe).IgnoreThen(PatternWord).Many();

    static readonly TokenListParser<ShellToken, CaseItemTerminator?> OptionalCaseItemTerminator =
        CaseItemTerminator.Select(t => (CaseItemTerminator?)t).OptionalOrDefault(null);

    static readonly TokenListParser<ShellToken, ImmutableArray<Stmt>> OptionalStatements = Statements(requireOne: false);

    static readonly TokenListParser<ShellToken, CaseItem> CaseItem =
        from open in OptionalLParen
        from first in open is null ? FirstPatternWord : PatternWord
        from more in MorePatterns
        from close in RParen
        from body in OptionalStatements
        from terminator in OptionalCaseItemTerminator
        from end in Linebreak
        select new CaseItem([first, .. more], body, terminator ?? Syntax.CaseItemTerminator.Break,
            Spans.Cover(open?.Span ?? first.Span, body.IsEmpty ? close.Span : body[^1].Span));

    static readonly TokenListParser<ShellToken, CaseItem[]> CaseItems = CaseItem.Many();

    static readonly TokenListParser<ShellToken, Command> CaseClause =
        from open in Case
        from subject in Word
        from _ in Linebreak
        from kw in In
        from __ in Linebreak
        from items in CaseItems
        from close in Esac
        select (Command)new CaseClause(subject, [.. items], Spans.Cover(open.Span, close.Span));

    static readonly TokenListParser<ShellToken, Command> ArithmeticCommand =
        Kind(ShellToken.ArithmeticCommand).Select(t => (Command)new ArithmeticCommand(Inside(t.Span, 2, 2), t.Span));

    static readonly TokenListParser<ShellToken, Command> TestClause =
        Kind(ShellToken.TestCommand).Select(t => (Command)new TestClause(Inside(t.Span, 2, 2), t.Span));

    static readonly string[] CompoundExpectation = ["compound command"];

    /// <summary>The compound command that the first token announces.</summary>
    static readonly TokenListParser<ShellToken, Command> CompoundCommand = Guarded(input =>
    {
        var next = input.ConsumeToken();
        var parser = !next.HasValue ? null : next.Value.Kind switch
        {
            ShellToken.LParen => Subshell,
            ShellToken.ArithmeticCommand => ArithmeticCommand,
            ShellToken.TestCommand => TestClause,
            ShellToken.Word => ReservedWords.Classify(Chars(next.Value.Span)) switch
            {
                ReservedWord.OpenBrace => BraceGroup,
                ReservedWord.If => IfClause,
                ReservedWord.While or ReservedWord.Until => WhileClause,
                ReservedWord.For or ReservedWord.Select => ForClause,
                ReservedWord.Case => CaseClause,
                _ => null,
            },
            _ => null,
        };
        return parser is null ? TokenListParserResult.Empty<ShellToken, Command>(input, CompoundExpectation) : parser(input);
    });

    static readonly TokenListParser<ShellToken, Redirect[]> TrailingRedirects = Redirect.Many();

    static readonly TokenListParser<ShellToken, Stmt> CompoundStmt =
        from command in CompoundCommand
        from redirects in TrailingRedirects
        select Stmts.Of(command, [.. redirects]);

    // ---- functions and coprocesses ---------------------------------------------------------------------------------

    static readonly TokenListParser<ShellToken, Token<ShellToken>> FunctionHead =
        (from name in CommandWordToken
         from open in LParen
         from close in RParen
         select name).Try();

    static readonly TokenListParser<ShellToken, Stmt> FunctionDecl =
        from name in FunctionHead
        from _ in Linebreak
        from body in CompoundStmt
        select Stmts.Of(new FunctionDecl(name.ToStringValue(), false, true, body, Spans.Cover(name.Span, body.Span)), []);

    static readonly TokenListParser<ShellToken, Token<ShellToken>?> OptionalParens = LParen.IgnoreThen(RParen).Optional();

    static readonly TokenListParser<ShellToken, Stmt> FunctionKeywordDecl =
        from kw in Function
        from name in WordToken
        from parens in OptionalParens
        from _ in Linebreak
        from body in CompoundStmt
        select Stmts.Of(new FunctionDecl(name.ToStringValue(), true, parens is not null, body, Spans.Cover(kw.Span, body.Span)), []);

    static readonly TokenListParser<ShellToken, (string? Name, Stmt Body)> CoprocBody =
        CommandWordToken.Then(name => CompoundStmt.Select(body => (Name: (string?)name.ToStringValue(), Body: body))).Try()
            .Or(Parse.Ref(() => CommandStmt!).Select(body => (Name: (string?)null, Body: body)));

    static readonly TokenListParser<ShellToken, Stmt> CoprocClause =
        from kw in Coproc
        from named in CoprocBody
        select Stmts.Of(new CoprocClause(named.Name, named.Body, Spans.Cover(kw.Span, named.Body.Span)), []);

    /// <summary>
    /// Any command, chosen by its first token (and, for <c>name ()</c>, the second), so that the common simple command
    /// does not first fail through every compound form.
    /// </summary>
    static readonly TokenListParser<ShellToken, Stmt> CommandStmt = input =>
    {
        var next = input.ConsumeToken();
        if (!next.HasValue) return TokenListParserResult.Empty<ShellToken, Stmt>(input, CommandExpectation);
        switch (next.Value.Kind)
        {
            case ShellToken.LParen or ShellToken.ArithmeticCommand or ShellToken.TestCommand:
                return CompoundStmt(input);
            case ShellToken.Word:
                switch (ReservedWords.Classify(Chars(next.Value.Span)))
                {
                    case ReservedWord.OpenBrace or ReservedWord.If or ReservedWord.While or ReservedWord.Until
                        or ReservedWord.For or ReservedWord.Select or ReservedWord.Case:
                        return CompoundStmt(input);
                    case ReservedWord.Function:
                        return FunctionKeywordDecl(input);
                    case ReservedWord.Coproc:
                        return CoprocClause(input);
                }
                return next.Remainder.ConsumeToken() is { HasValue: true, Value.Kind: ShellToken.LParen }
                    ? FunctionDecl(input)
                    : SimpleCommand(input);
            default:
                return SimpleCommand(input);
        }
    };

    // ---- pipelines, and-or lists, statement lists -----------------------------------------------------------------

    /// <summary>
    /// <c>x (op x)*</c> for the n-ary pipelines and and-or lists, where a line break may follow an operator. A loop,
    /// like Superpower's Parse.Chain, but collecting all operands into one node.
    /// </summary>
    static TokenListParser<ShellToken, Stmt> Chain<TOp>(
        TokenListParser<ShellToken, Stmt> operand, Func<ShellToken, TOp?> toOperator, Func<Stmt, (TOp Op, Stmt Stmt)[], Stmt> build)
        where TOp : struct => input =>
    {
        var first = operand(input);
        if (!first.HasValue) return first;
        List<(TOp, Stmt)>? rest = null;
        var remainder = first.Remainder;
        while (remainder.ConsumeToken() is { HasValue: true } next && toOperator(next.Value.Kind) is { } op)
        {
            var right = operand(Linebreak(next.Remainder).Remainder);
            if (!right.HasValue) return right;
            (rest ??= []).Add((op, right.Value));
            remainder = right.Remainder;
        }
        return TokenListParserResult.Value(rest is null ? first.Value : build(first.Value, [.. rest]), input, remainder);
    };

    static PipeOp? ToPipeOp(ShellToken kind) => kind switch
    {
        ShellToken.Pipe => PipeOp.Pipe,
        ShellToken.PipeAll => PipeOp.PipeAll,
        _ => null,
    };

    static readonly TokenListParser<ShellToken, Stmt> UnnegatedPipeline =
        Chain(Parse.Ref(() => CommandStmt!), ToPipeOp, (first, rest) => Stmts.Pipeline(null, first, rest));

    static readonly TokenListParser<ShellToken, Stmt> NegatedPipeline =
        from bangs in Bang.AtLeastOnce()
        from pipeline in UnnegatedPipeline.Select(p => (Stmt?)p).OptionalOrDefault(null)
        // a lone `!` is a null command whose status is inverted
        select Stmts.Negate(bangs[0].Span, pipeline ?? CommandElement.EmptyCommand(bangs[^1].Span));

    static readonly TokenListParser<ShellToken, Stmt> PlainPipeline = input =>
        input.ConsumeToken() is { HasValue: true, Value: { Kind: ShellToken.Word } first }
            && ReservedWords.Classify(Chars(first.Span)) == ReservedWord.Bang
            ? NegatedPipeline(input)
            : UnnegatedPipeline(input);

    static readonly TokenListParser<ShellToken, Token<ShellToken>?> PosixFlag = WordToken.Where(t => Chars(t.Span) is "-p", "-p").Optional();
    static readonly TokenListParser<ShellToken, Stmt?> OptionalPipeline = PlainPipeline.Select(p => (Stmt?)p).OptionalOrDefault(null);

    static readonly TokenListParser<ShellToken, Stmt> TimedPipeline =
        from kw in Time
        from posix in PosixFlag
        from pipeline in OptionalPipeline
        select Stmts.Of(new TimeClause(posix is not null, pipeline,
            Spans.Cover(kw.Span, pipeline?.Span ?? posix?.Span ?? kw.Span)), []);

    static readonly TokenListParser<ShellToken, Stmt> Pipeline = input =>
        input.ConsumeToken() is { HasValue: true, Value: { Kind: ShellToken.Word } first }
            && ReservedWords.Classify(Chars(first.Span)) == ReservedWord.Time
            ? TimedPipeline(input)
            : PlainPipeline(input);

    static AndOrOp? ToAndOrOp(ShellToken kind) => kind switch
    {
        ShellToken.AndIf => AndOrOp.And,
        ShellToken.OrIf => AndOrOp.Or,
        _ => null,
    };

    static readonly TokenListParser<ShellToken, Stmt> AndOr = Chain(Pipeline, ToAndOrOp, Stmts.AndOr);

    /// <summary>
    /// Statements separated by <c>;</c>, <c>&amp;</c> or line breaks. The list ends at the first token that cannot
    /// start a command (<c>then</c>, <c>)</c>, <c>;;</c>…) or after a statement with no separator.
    /// </summary>
    static TokenListParser<ShellToken, ImmutableArray<Stmt>> Statements(bool requireOne) => input =>
    {
        var stmts = ImmutableArray.CreateBuilder<Stmt>();
        var rest = Linebreak(input).Remainder;
        while (true)
        {
            var item = AndOr(rest);
            if (!item.HasValue)
            {
                if (item.Remainder != rest || (requireOne && stmts.Count == 0))
                    return TokenListParserResult.CastEmpty<ShellToken, Stmt, ImmutableArray<Stmt>>(item);
                break;
            }
            rest = item.Remainder;
            var separator = rest.ConsumeToken();
            var terminator = separator.HasValue
                ? separator.Value.Kind switch
                {
                    ShellToken.Semicolon => StmtTerminator.Semicolon,
                    ShellToken.Ampersand => StmtTerminator.Background,
                    ShellToken.Newline => StmtTerminator.None,
                    _ => (StmtTerminator?)null,
                }
                : null;
            if (terminator is null)
            {
                stmts.Add(item.Value);
                break;
            }
            stmts.Add(terminator == StmtTerminator.None
                ? item.Value
                : item.Value with { Terminator = terminator.Value, Span = Spans.Cover(item.Value.Span, separator.Value.Span) });
            rest = Linebreak(separator.Remainder).Remainder;
        }
        return TokenListParserResult.Value(stmts.DrainToImmutable(), input, rest);
    };

    static readonly TokenListParser<ShellToken, ImmutableArray<Stmt>> Program = Statements(requireOne: false).AtEnd();

    // ---- entry points ----------------------------------------------------------------------------------------------

    /// <summary>Parses a whole token list; the caller has made the source current in <see cref="ParseContext"/>.</summary>
    public static TokenListParserResult<ShellToken, ImmutableArray<Stmt>> ParseProgram(TokenList<ShellToken> tokens) => Program(tokens);

    /// <summary>Parses the commands of a substitution; an error ends the whole parse.</summary>
    public static ImmutableArray<Stmt> ParseNested(TokenList<ShellToken> tokens)
    {
        var context = ParseContext.Current;
        context.Depth++;
        try
        {
            var result = Program(tokens);
            if (!result.HasValue) throw new ShellSyntaxException(ErrorFrom(result, context.Source));
            return result.Value;
        }
        finally
        {
            context.Depth--;
        }
    }

    /// <summary>The diagnostic for a failed parse, at the unexpected token (or the end of input).</summary>
    public static Diagnostic ErrorFrom<T>(TokenListParserResult<ShellToken, T> result, SourceText source)
    {
        var next = result.Remainder.ConsumeToken();
        var at = next.HasValue ? next.Value.Span : source.Span(LastTokenEnd(result.Remainder, source), LastTokenEnd(result.Remainder, source));
        var unexpected = !next.HasValue ? "end of input"
            : next.Value.Kind switch
            {
                ShellToken.Newline => "line break",
                ShellToken.HereDocBody => "here-document body",
                _ => $"`{Clip(next.Value.ToStringValue())}`",
            };
        var expected = result.Expectations is { Length: > 0 } e
            ? ", expected " + (e.Length == 1 ? e[0] : string.Join(", ", e[..^1]) + " or " + e[^1])
            : "";
        return DiagnosticBuilder.SyntaxError(at, $"unexpected {unexpected}{expected}");
    }

    static string Clip(string text) => text.Length <= 20 ? text : text[..17] + "...";

    static int LastTokenEnd(TokenList<ShellToken> tokens, SourceText source)
    {
        var end = source.Length;
        foreach (var token in tokens) end = token.Span.Position.Absolute + token.Span.Length;
        return end;
    }

    /// <summary>Guards recursion into compound commands against stack exhaustion (10,000 nested braces).</summary>
    static TokenListParser<ShellToken, T> Guarded<T>(TokenListParser<ShellToken, T> parser) => input =>
    {
        var context = ParseContext.Current;
        if (context.Depth >= MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            var next = input.ConsumeToken();
            var at = next.HasValue ? next.Value.Span : context.Source.Span(context.Source.Length, context.Source.Length);
            throw new ShellSyntaxException(DiagnosticBuilder.NestingTooDeep(at, MaxDepth));
        }
        context.Depth++;
        try
        {
            return parser(input);
        }
        finally
        {
            context.Depth--;
        }
    };

    // ---- helpers ---------------------------------------------------------------------------------------------------

    internal static ReadOnlySpan<char> Chars(TextSpan span) => span.Source.AsSpan(span.Position.Absolute, span.Length);

    static string Inside(TextSpan span, int open, int close) => span.Source!.Substring(span.Position.Absolute + open, span.Length - open - close);
}
