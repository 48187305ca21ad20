using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;
using Superpower.Model;
using Superpower.Parsers;

namespace DockerRecord.Frontend.Parsing;

/// <summary>
/// The bash grammar over <see cref="ShellToken"/>s, as recursive descent: each rule is a method that looks at the
/// next token, reads what it announces and builds the node directly. Reserved words are
/// <see cref="ShellToken.Word"/> tokens matched only where the grammar allows one (POSIX 2.10).
/// </summary>
/// <remarks>
/// The grammar was first written with Superpower's token-list combinators, and its error messages (which token was
/// unexpected, and what was expected there) are the ones those combinators gave. The rules keep that: a failure is
/// a <see cref="Parsed{T}"/> with Superpower's expectations and backtracking flag, combined where the combinators
/// combined them (<c>Or</c>, <c>Optional</c>, <c>Many</c>, <c>Named</c>, <c>Try</c>, noted at each place), and words
/// are taken apart as soon as a rule accepts them, so an error inside a word comes at the same point. What is gone is
/// the combinators' cost: a delegate per rule and per clause, a result copied through every layer, and
/// <c>TokenList</c> (the grammar reads the lexer's tokens by index). The grammar is a struct over one token list, so
/// a parse allocates nothing for it.
/// </remarks>
readonly struct ShellGrammar
{
    /// <summary>How deeply compound commands and substitutions may nest before DR1005.</summary>
    public const int MaxDepth = 100;

    readonly Token<ShellToken>[] _tokens;
    readonly int _count;
    readonly ParseContext _context;

    ShellGrammar(Token<ShellToken>[] tokens, int count, ParseContext context)
    {
        _tokens = tokens;
        _count = count;
        _context = context;
    }

    // ---- entry points ----------------------------------------------------------------------------------------------

    /// <summary>
    /// Parses a whole token list; the caller has made the source current in <see cref="ParseContext"/>, and releases
    /// the tokens afterwards.
    /// </summary>
    public static ImmutableArray<Stmt> ParseProgram(LexResult lexed, out Diagnostic? error)
    {
        var grammar = new ShellGrammar(lexed.Tokens.Items, lexed.Tokens.Count, ParseContext.Current);
        var result = grammar.Program();
        error = result.HasValue ? null : grammar.ErrorFrom(result);
        return result.HasValue ? result.Value : default;
    }

    /// <summary>Parses the commands of a substitution and releases its tokens; an error ends the whole parse.</summary>
    public static ImmutableArray<Stmt> ParseNested(LexResult lexed)
    {
        var context = ParseContext.Current;
        context.Depth++;
        try
        {
            var grammar = new ShellGrammar(lexed.Tokens.Items, lexed.Tokens.Count, context);
            var result = grammar.Program();
            if (!result.HasValue) throw new ShellSyntaxException(grammar.ErrorFrom(result));
            return result.Value;
        }
        finally
        {
            context.Depth--;
            lexed.Release();
        }
    }

    // ---- tokens and expectations -----------------------------------------------------------------------------------

    /// <summary>Superpower's wording of a token kind that was expected (<c>word</c>, <c>`)`</c>), computed once.</summary>
    static string[] Expecting(ShellToken kind) => Token.EqualTo(kind)(new TokenList<ShellToken>([])).Expectations!;

    static readonly string[] ExpectWord = Expecting(ShellToken.Word);
    static readonly string[] ExpectLParen = Expecting(ShellToken.LParen);
    static readonly string[] ExpectRParen = Expecting(ShellToken.RParen);
    static readonly string[] ExpectArithmeticCommand = Expecting(ShellToken.ArithmeticCommand);
    static readonly string[] ExpectRedirection = ["redirection"];
    static readonly string[] ExpectCommand = ["command"];
    static readonly string[] ExpectCompoundCommand = ["compound command"];
    static readonly string[] ExpectLoopHeader = ["a loop variable or `((…))`"];
    static readonly string[] ExpectWhileOrUntil = ["`while`", "`until`"];

    /// <summary>The expectation of each reserved word where the grammar requires it (<c>`fi`</c>…).</summary>
    static readonly string[][] ExpectKeyword = BuildKeywordExpectations();

    static string[][] BuildKeywordExpectations()
    {
        var texts = new Dictionary<ReservedWord, string>
        {
            [ReservedWord.If] = "if", [ReservedWord.Then] = "then", [ReservedWord.Elif] = "elif", [ReservedWord.Else] = "else",
            [ReservedWord.Fi] = "fi", [ReservedWord.While] = "while", [ReservedWord.Until] = "until", [ReservedWord.For] = "for",
            [ReservedWord.Select] = "select", [ReservedWord.In] = "in", [ReservedWord.Do] = "do", [ReservedWord.Done] = "done",
            [ReservedWord.Case] = "case", [ReservedWord.Esac] = "esac", [ReservedWord.Function] = "function",
            [ReservedWord.Time] = "time", [ReservedWord.Coproc] = "coproc", [ReservedWord.Bang] = "!",
            [ReservedWord.OpenBrace] = "{", [ReservedWord.CloseBrace] = "}",
        };
        var table = new string[Enum.GetValues<ReservedWord>().Length][];
        foreach (var (word, text) in texts) table[(int)word] = [$"`{text}`"];
        return table;
    }

    ShellToken KindAt(int i) => i < _count ? _tokens[i].Kind : ShellToken.None;

    /// <summary>The reserved word that the token at <paramref name="i"/> spells, if it is a word.</summary>
    ReservedWord WordAt(int i) =>
        i < _count && _tokens[i].Kind == ShellToken.Word ? ReservedWords.Classify(Chars(_tokens[i].Span)) : ReservedWord.None;

    bool IsWord(int i) => i < _count && _tokens[i].Kind == ShellToken.Word;

    Parsed<Token<ShellToken>> Expect(int i, ShellToken kind, string[] expectation) =>
        i < _count && _tokens[i].Kind == kind
            ? Parsed<Token<ShellToken>>.Ok(_tokens[i], i + 1)
            : Parsed<Token<ShellToken>>.Fail(i, expectation);

    /// <summary>A reserved word, matched only here, where the grammar expects it.</summary>
    Parsed<Token<ShellToken>> Keyword(int i, ReservedWord word) =>
        WordAt(i) == word
            ? Parsed<Token<ShellToken>>.Ok(_tokens[i], i + 1)
            : Parsed<Token<ShellToken>>.Fail(i, ExpectKeyword[(int)word]);

    int Linebreak(int i)
    {
        while (i < _count && _tokens[i].Kind == ShellToken.Newline) i++;
        return i;
    }

    /// <summary>Words that close a construct can never start a simple command (<c>then</c>, <c>fi</c>, <c>}</c>…).</summary>
    static bool ClosesConstruct(ReservedWord word) =>
        word is ReservedWord.Then or ReservedWord.Elif or ReservedWord.Else or ReservedWord.Fi or ReservedWord.Do
            or ReservedWord.Done or ReservedWord.Esac or ReservedWord.CloseBrace;

    /// <summary>
    /// A word that may name a command. A closing reserved word fails with no expectation: it was Superpower's
    /// <c>Where</c>, whose message the diagnostic does not show.
    /// </summary>
    Parsed<Token<ShellToken>> CommandWordToken(int i)
    {
        if (!IsWord(i)) return Parsed<Token<ShellToken>>.Fail(i, ExpectWord);
        return ClosesConstruct(WordAt(i)) ? Parsed<Token<ShellToken>>.Fail(i, null) : Parsed<Token<ShellToken>>.Ok(_tokens[i], i + 1);
    }

    /// <summary>A word token, taken apart into a <see cref="Word"/> at once.</summary>
    Parsed<Word> Word(int i) =>
        IsWord(i) ? Parsed<Word>.Ok(WordParser.ParseWord(_tokens[i].Span), i + 1) : Parsed<Word>.Fail(i, ExpectWord);

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

    static bool StartsRedirect(ShellToken kind) =>
        kind is ShellToken.IoNumber or ShellToken.IoVariable || ToRedirectOp(kind) is not null;

    /// <summary><c>[n|{var}] op word [here-document body]</c>.</summary>
    Parsed<Redirect> Redirect(int i)
    {
        Token<ShellToken>? fd = null;
        if (KindAt(i) is ShellToken.IoNumber or ShellToken.IoVariable) fd = _tokens[i++];
        if (ToRedirectOp(KindAt(i)) is not { } kind) return Parsed<Redirect>.Fail(i, ExpectRedirection);
        var op = _tokens[i++];
        if (!IsWord(i)) return Parsed<Redirect>.Fail(i, ExpectWord);
        var target = _tokens[i++];
        Token<ShellToken>? body = null;
        if (kind is RedirectOp.HereDoc or RedirectOp.HereDocStripTabs && KindAt(i) == ShellToken.HereDocBody) body = _tokens[i++];
        return Parsed<Redirect>.Ok(Redirects.Make(fd, op, kind, target, body), i);
    }

    /// <summary>
    /// The redirections after a compound command. Only a token that starts one is tried, so the usual case (none)
    /// costs one look; one that starts and then fails has consumed a token, which fails the statement, as in
    /// Superpower's <c>Many</c>.
    /// </summary>
    Parsed<ImmutableArray<Redirect>> TrailingRedirects(int i)
    {
        if (!StartsRedirect(KindAt(i))) return Parsed<ImmutableArray<Redirect>>.Ok([], i);
        var redirects = ImmutableArray.CreateBuilder<Redirect>();
        while (StartsRedirect(KindAt(i)))
        {
            var redirect = Redirect(i);
            if (!redirect.HasValue) return redirect.Cast<ImmutableArray<Redirect>>();
            redirects.Add(redirect.Value);
            i = redirect.Remainder;
        }
        return Parsed<ImmutableArray<Redirect>>.Ok(redirects.DrainToImmutable(), i);
    }

    // ---- simple commands -------------------------------------------------------------------------------------------

    /// <summary>
    /// Assignments, then the command name and its arguments, with redirections anywhere. A loop over the tokens:
    /// each token's kind says what it is, so no alternative is tried and dropped.
    /// </summary>
    Parsed<Stmt> SimpleCommand(int start)
    {
        var elements = _context.Elements;
        var first = elements.Count;
        var i = start;
        var named = false;
        while (i < _count)
        {
            var token = _tokens[i];
            if (StartsRedirect(token.Kind))
            {
                var redirect = Redirect(i);
                if (!redirect.HasValue)
                {
                    CollectionsMarshal.SetCount(elements, first);
                    return redirect.Cast<Stmt>();
                }
                elements.Add(new CommandElement(redirect.Value, redirect.Value.Span));
                i = redirect.Remainder;
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
                if (!named && ClosesConstruct(ReservedWords.Classify(Chars(token.Span)))) break;
                named = true;
                var word = WordParser.ParseWord(token.Span);
                elements.Add(new CommandElement(word, word.Span));
            }
            i++;
        }
        if (elements.Count == first) return Parsed<Stmt>.Fail(start, ExpectCommand);
        var stmt = CommandElement.ToStmt(elements, first);
        CollectionsMarshal.SetCount(elements, first);
        return Parsed<Stmt>.Ok(stmt, i);
    }

    // ---- compound commands -----------------------------------------------------------------------------------------

    Parsed<ImmutableArray<Stmt>> CompoundList(int i) => Statements(i, requireOne: true);

    /// <summary><c>{ list; }</c></summary>
    Parsed<Command> BraceGroup(int i)
    {
        var open = Keyword(i, ReservedWord.OpenBrace);
        if (!open.HasValue) return open.Cast<Command>();
        var body = CompoundList(open.Remainder);
        if (!body.HasValue) return body.Cast<Command>();
        var close = Keyword(body.Remainder, ReservedWord.CloseBrace);
        if (!close.HasValue) return close.Cast<Command>();
        return Parsed<Command>.Ok(new BraceGroup(body.Value, Spans.Cover(open.Value.Span, close.Value.Span)), close.Remainder);
    }

    /// <summary><c>( list )</c></summary>
    Parsed<Command> Subshell(int i)
    {
        var open = Expect(i, ShellToken.LParen, ExpectLParen);
        if (!open.HasValue) return open.Cast<Command>();
        var body = CompoundList(open.Remainder);
        if (!body.HasValue) return body.Cast<Command>();
        var close = Expect(body.Remainder, ShellToken.RParen, ExpectRParen);
        if (!close.HasValue) return close.Cast<Command>();
        return Parsed<Command>.Ok(new Subshell(body.Value, Spans.Cover(open.Value.Span, close.Value.Span)), close.Remainder);
    }

    /// <summary><c>if list; then list; [elif list; then list;]… [else list;] fi</c></summary>
    Parsed<Command> IfClause(int i)
    {
        var open = Keyword(i, ReservedWord.If);
        if (!open.HasValue) return open.Cast<Command>();
        var condition = CompoundList(open.Remainder);
        if (!condition.HasValue) return condition.Cast<Command>();
        var then = Keyword(condition.Remainder, ReservedWord.Then);
        if (!then.HasValue) return then.Cast<Command>();
        var body = CompoundList(then.Remainder);
        if (!body.HasValue) return body.Cast<Command>();

        // elif branches: a Many, so a branch that fails without consuming (or backtracking) ends the list
        var at = body.Remainder;
        List<ElifBranch>? elifs = null;
        while (true)
        {
            var elif = ElifBranch(at);
            if (!elif.HasValue)
            {
                if (elif.Commits(at)) return elif.Cast<Command>();
                break;
            }
            (elifs ??= []).Add(elif.Value);
            at = elif.Remainder;
        }

        // else branch: an Optional, so a backtracking failure inside it drops the branch
        ImmutableArray<Stmt>? otherwise = null;
        var elseWord = Keyword(at, ReservedWord.Else);
        if (elseWord.HasValue)
        {
            var elseBody = CompoundList(elseWord.Remainder);
            if (elseBody.HasValue)
            {
                otherwise = elseBody.Value;
                at = elseBody.Remainder;
            }
            else if (elseBody.Commits(at))
                return elseBody.Cast<Command>();
        }

        var close = Keyword(at, ReservedWord.Fi);
        if (!close.HasValue) return close.Cast<Command>();
        return Parsed<Command>.Ok(
            new IfClause(condition.Value, body.Value, elifs is null ? [] : [.. elifs], otherwise, Spans.Cover(open.Value.Span, close.Value.Span)),
            close.Remainder);
    }

    Parsed<ElifBranch> ElifBranch(int i)
    {
        var elif = Keyword(i, ReservedWord.Elif);
        if (!elif.HasValue) return elif.Cast<ElifBranch>();
        var condition = CompoundList(elif.Remainder);
        if (!condition.HasValue) return condition.Cast<ElifBranch>();
        var then = Keyword(condition.Remainder, ReservedWord.Then);
        if (!then.HasValue) return then.Cast<ElifBranch>();
        var body = CompoundList(then.Remainder);
        if (!body.HasValue) return body.Cast<ElifBranch>();
        return Parsed<ElifBranch>.Ok(new ElifBranch(condition.Value, body.Value, Spans.Cover(elif.Value.Span, body.Value[^1].Span)), body.Remainder);
    }

    /// <summary><c>do list; done</c>: the body and the span of <c>done</c>.</summary>
    Parsed<(ImmutableArray<Stmt> Body, TextSpan End)> DoGroup(int i)
    {
        var open = Keyword(i, ReservedWord.Do);
        if (!open.HasValue) return open.Cast<(ImmutableArray<Stmt>, TextSpan)>();
        var body = CompoundList(open.Remainder);
        if (!body.HasValue) return body.Cast<(ImmutableArray<Stmt>, TextSpan)>();
        var close = Keyword(body.Remainder, ReservedWord.Done);
        if (!close.HasValue) return close.Cast<(ImmutableArray<Stmt>, TextSpan)>();
        return Parsed<(ImmutableArray<Stmt>, TextSpan)>.Ok((body.Value, close.Value.Span), close.Remainder);
    }

    /// <summary>
    /// <c>do … done</c>, or a brace group: bash also takes one as the body of <c>for</c> and <c>select</c>, with the same
    /// meaning. Superpower's <c>Or</c>: the brace group is tried when <c>do</c> is missing or its body backtracked.
    /// </summary>
    Parsed<(ImmutableArray<Stmt> Body, TextSpan End)> LoopBody(int i)
    {
        var doGroup = DoGroup(i);
        if (doGroup.Commits(i)) return doGroup;
        var group = BraceGroup(i);
        if (group.HasValue)
            return Parsed<(ImmutableArray<Stmt>, TextSpan)>.Ok((((BraceGroup)group.Value).Stmts, group.Value.Span), group.Remainder);
        return Parsed<(ImmutableArray<Stmt>, TextSpan)>.Combine(doGroup, group.Cast<(ImmutableArray<Stmt>, TextSpan)>());
    }

    /// <summary><c>while list; do list; done</c> and <c>until …</c>.</summary>
    Parsed<Command> WhileClause(int i)
    {
        var word = WordAt(i);
        if (word is not (ReservedWord.While or ReservedWord.Until)) return Parsed<Command>.Fail(i, ExpectWhileOrUntil);
        var open = _tokens[i];
        var condition = CompoundList(i + 1);
        if (!condition.HasValue) return condition.Cast<Command>();
        var body = DoGroup(condition.Remainder);
        if (!body.HasValue) return body.Cast<Command>();
        return Parsed<Command>.Ok(
            new WhileClause(word == ReservedWord.Until, condition.Value, body.Value.Body, Spans.Cover(open.Span, body.Value.End)),
            body.Remainder);
    }

    /// <summary>
    /// <c>for ((…))</c>, <c>for NAME …</c> or <c>select NAME …</c>. The shape follows the combinators it was:
    /// <c>for</c> then (arithmetic header or name, <c>Named</c> "a loop variable or `((…))`"), or else <c>select</c>.
    /// </summary>
    Parsed<Command> ForClause(int i)
    {
        var forWord = Keyword(i, ReservedWord.For);
        Parsed<Command> loop;
        if (forWord.HasValue)
        {
            var next = forWord.Remainder;
            loop = ArithmeticForRest(forWord.Value, next);
            if (!loop.Commits(next))
            {
                var forIn = ForInRest(forWord.Value, isSelect: false, next);
                loop = forIn.HasValue ? forIn : Parsed<Command>.Combine(loop, forIn);
            }
            if (!loop.HasValue && !loop.IsPartial(next)) loop = Parsed<Command>.Fail(next, ExpectLoopHeader);
        }
        else
            loop = forWord.Cast<Command>();
        if (loop.Commits(i)) return loop;

        var selectWord = Keyword(i, ReservedWord.Select);
        var select = selectWord.HasValue ? ForInRest(selectWord.Value, isSelect: true, selectWord.Remainder) : selectWord.Cast<Command>();
        return select.HasValue ? select : Parsed<Command>.Combine(loop, select);
    }

    /// <summary>The rest of <c>for NAME …</c> or <c>select NAME …</c> after its keyword.</summary>
    Parsed<Command> ForInRest(Token<ShellToken> open, bool isSelect, int i)
    {
        if (!IsWord(i)) return Parsed<Command>.Fail(i, ExpectWord);
        if (!ShellLexer.IsName(Chars(_tokens[i].Span))) return Parsed<Command>.Fail(i, null);
        var name = _tokens[i];
        var (items, next) = ForItems(i + 1);
        var body = LoopBody(next);
        if (!body.HasValue) return body.Cast<Command>();
        return Parsed<Command>.Ok(
            new ForClause(isSelect, name.ToStringValue(), items, body.Value.Body, Spans.Cover(open.Span, body.Value.End)),
            body.Remainder);
    }

    /// <summary>
    /// <c>in words</c> and its separator, or else only an optional <c>;</c> and line breaks: this never fails. The
    /// words are taken apart as they are read, even when no separator follows them and the <c>in</c> is dropped.
    /// </summary>
    (ImmutableArray<Word>? Items, int Next) ForItems(int i)
    {
        var at = Linebreak(i);
        if (WordAt(at) == ReservedWord.In)
        {
            at++;
            var words = _context.Words;
            var first = words.Count;
            while (IsWord(at)) words.Add(WordParser.ParseWord(_tokens[at++].Span));
            var items = ParseContext.Pop(words, first);
            if (KindAt(at) is ShellToken.Semicolon or ShellToken.Newline)
                return (items, Linebreak(at + 1));
        }
        if (KindAt(i) == ShellToken.Semicolon) i++;
        return (null, Linebreak(i));
    }

    /// <summary>The rest of <c>for ((…)) …</c> after its keyword.</summary>
    Parsed<Command> ArithmeticForRest(Token<ShellToken> open, int i)
    {
        var header = Expect(i, ShellToken.ArithmeticCommand, ExpectArithmeticCommand);
        if (!header.HasValue) return header.Cast<Command>();
        var next = header.Remainder;
        if (KindAt(next) == ShellToken.Semicolon) next++;
        var body = LoopBody(Linebreak(next));
        if (!body.HasValue) return body.Cast<Command>();
        return Parsed<Command>.Ok(
            new ArithmeticForClause(Inside(header.Value.Span, 2, 2), body.Value.Body, Spans.Cover(open.Span, body.Value.End)),
            body.Remainder);
    }

    /// <summary><c>case WORD in [(]pattern[|pattern]…) list ;; … esac</c></summary>
    Parsed<Command> CaseClause(int i)
    {
        var open = Keyword(i, ReservedWord.Case);
        if (!open.HasValue) return open.Cast<Command>();
        var subject = Word(open.Remainder);
        if (!subject.HasValue) return subject.Cast<Command>();
        var inWord = Keyword(Linebreak(subject.Remainder), ReservedWord.In);
        if (!inWord.HasValue) return inWord.Cast<Command>();

        // the items: a Many, so an item that fails without consuming (or backtracking) ends the list
        var at = Linebreak(inWord.Remainder);
        var items = ImmutableArray.CreateBuilder<CaseItem>();
        while (true)
        {
            var item = CaseItem(at);
            if (!item.HasValue)
            {
                if (item.Commits(at)) return item.Cast<Command>();
                break;
            }
            items.Add(item.Value);
            at = item.Remainder;
        }

        var close = Keyword(at, ReservedWord.Esac);
        if (!close.HasValue) return close.Cast<Command>();
        return Parsed<Command>.Ok(new CaseClause(subject.Value, items.DrainToImmutable(), Spans.Cover(open.Value.Span, close.Value.Span)), close.Remainder);
    }

    Parsed<CaseItem> CaseItem(int i)
    {
        Token<ShellToken>? open = null;
        if (KindAt(i) == ShellToken.LParen) open = _tokens[i++];
        // without `(`, `esac` ends the items instead of being a pattern (a Where, so no expectation)
        if (!IsWord(i)) return Parsed<CaseItem>.Fail(i, ExpectWord);
        if (open is null && WordAt(i) == ReservedWord.Esac) return Parsed<CaseItem>.Fail(i, null);
        var words = _context.Words;
        var firstPattern = words.Count;
        var first = WordParser.ParseWord(_tokens[i++].Span);
        words.Add(first);
        while (KindAt(i) == ShellToken.Pipe)
        {
            if (!IsWord(i + 1))
            {
                CollectionsMarshal.SetCount(words, firstPattern);
                return Parsed<CaseItem>.Fail(i + 1, ExpectWord);
            }
            words.Add(WordParser.ParseWord(_tokens[i + 1].Span));
            i += 2;
        }
        var patterns = ParseContext.Pop(words, firstPattern);
        var close = Expect(i, ShellToken.RParen, ExpectRParen);
        if (!close.HasValue) return close.Cast<CaseItem>();
        var body = Statements(close.Remainder, requireOne: false);
        if (!body.HasValue) return body.Cast<CaseItem>();
        i = body.Remainder;
        CaseItemTerminator? terminator = KindAt(i) switch
        {
            ShellToken.DoubleSemicolon => CaseItemTerminator.Break,
            ShellToken.SemicolonAmpersand => CaseItemTerminator.FallThrough,
            ShellToken.DoubleSemicolonAmpersand => CaseItemTerminator.Continue,
            _ => null,
        };
        if (terminator is not null) i++;
        return Parsed<CaseItem>.Ok(
            new CaseItem(patterns, body.Value, terminator ?? CaseItemTerminator.Break,
                Spans.Cover(open?.Span ?? first.Span, body.Value.IsEmpty ? close.Value.Span : body.Value[^1].Span)),
            Linebreak(i));
    }

    /// <summary>The compound command that the first token announces, within the nesting limit.</summary>
    Parsed<Command> CompoundCommand(int i)
    {
        if (_context.Depth >= MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            var at = i < _count ? _tokens[i].Span : _context.Source.Span(_context.Source.Length, _context.Source.Length);
            throw new ShellSyntaxException(DiagnosticBuilder.NestingTooDeep(at, MaxDepth));
        }
        _context.Depth++;
        try
        {
            return KindAt(i) switch
            {
                ShellToken.LParen => Subshell(i),
                ShellToken.ArithmeticCommand => Parsed<Command>.Ok(new ArithmeticCommand(Inside(_tokens[i].Span, 2, 2), _tokens[i].Span), i + 1),
                ShellToken.TestCommand => Parsed<Command>.Ok(new TestClause(Inside(_tokens[i].Span, 2, 2), _tokens[i].Span), i + 1),
                ShellToken.Word => WordAt(i) switch
                {
                    ReservedWord.OpenBrace => BraceGroup(i),
                    ReservedWord.If => IfClause(i),
                    ReservedWord.While or ReservedWord.Until => WhileClause(i),
                    ReservedWord.For or ReservedWord.Select => ForClause(i),
                    ReservedWord.Case => CaseClause(i),
                    _ => Parsed<Command>.Fail(i, ExpectCompoundCommand),
                },
                _ => Parsed<Command>.Fail(i, ExpectCompoundCommand),
            };
        }
        finally
        {
            _context.Depth--;
        }
    }

    /// <summary>A compound command and the redirections after it.</summary>
    Parsed<Stmt> CompoundStmt(int i)
    {
        var command = CompoundCommand(i);
        if (!command.HasValue) return command.Cast<Stmt>();
        var redirects = TrailingRedirects(command.Remainder);
        if (!redirects.HasValue) return redirects.Cast<Stmt>();
        return Parsed<Stmt>.Ok(Stmts.Of(command.Value, redirects.Value), redirects.Remainder);
    }

    // ---- functions and coprocesses ---------------------------------------------------------------------------------

    /// <summary>
    /// <c>name () [line breaks] compound-command</c>. The head <c>name ( )</c> was a <c>Try()</c>: when it fails, the
    /// failure backtracks, and a rule further out may then try another alternative.
    /// </summary>
    Parsed<Stmt> FunctionDecl(int i)
    {
        var name = CommandWordToken(i);
        if (!name.HasValue) return name.CastBacktracking<Stmt>();
        var open = Expect(name.Remainder, ShellToken.LParen, ExpectLParen);
        if (!open.HasValue) return open.CastBacktracking<Stmt>();
        var close = Expect(open.Remainder, ShellToken.RParen, ExpectRParen);
        if (!close.HasValue) return close.CastBacktracking<Stmt>();
        var body = CompoundStmt(Linebreak(close.Remainder));
        if (!body.HasValue) return body.Cast<Stmt>();
        return Parsed<Stmt>.Ok(
            Stmts.Of(new FunctionDecl(name.Value.ToStringValue(), false, true, body.Value, Spans.Cover(name.Value.Span, body.Value.Span)), []),
            body.Remainder);
    }

    /// <summary><c>function name [()] [line breaks] compound-command</c></summary>
    Parsed<Stmt> FunctionKeywordDecl(int i)
    {
        var keyword = Keyword(i, ReservedWord.Function);
        if (!keyword.HasValue) return keyword.Cast<Stmt>();
        var name = Expect(keyword.Remainder, ShellToken.Word, ExpectWord);
        if (!name.HasValue) return name.Cast<Stmt>();
        var next = name.Remainder;
        var parens = false;
        if (KindAt(next) == ShellToken.LParen)
        {
            // `(` then `)`, optional: a `(` without `)` has consumed a token, so it fails the declaration
            if (KindAt(next + 1) != ShellToken.RParen) return Parsed<Stmt>.Fail(next + 1, ExpectRParen);
            parens = true;
            next += 2;
        }
        var body = CompoundStmt(Linebreak(next));
        if (!body.HasValue) return body.Cast<Stmt>();
        return Parsed<Stmt>.Ok(
            Stmts.Of(new FunctionDecl(name.Value.ToStringValue(), true, parens, body.Value, Spans.Cover(keyword.Value.Span, body.Value.Span)), []),
            body.Remainder);
    }

    /// <summary>
    /// <c>coproc [NAME] command</c>: first a name and a compound command (a <c>Try()</c>), else any command without a
    /// name, with the two failures combined as Superpower's <c>Or</c> did.
    /// </summary>
    Parsed<Stmt> CoprocClause(int i)
    {
        var keyword = Keyword(i, ReservedWord.Coproc);
        if (!keyword.HasValue) return keyword.Cast<Stmt>();
        var start = keyword.Remainder;

        Parsed<(string? Name, Stmt Body)> named;
        var name = CommandWordToken(start);
        if (!name.HasValue)
            named = name.CastBacktracking<(string?, Stmt)>();
        else
        {
            var compound = CompoundStmt(name.Remainder);
            named = compound.HasValue
                ? Parsed<(string?, Stmt)>.Ok((name.Value.ToStringValue(), compound.Value), compound.Remainder)
                : compound.CastBacktracking<(string?, Stmt)>();
        }
        if (!named.HasValue)
        {
            var unnamed = CommandStmt(start);
            named = unnamed.HasValue
                ? Parsed<(string?, Stmt)>.Ok((null, unnamed.Value), unnamed.Remainder)
                : Parsed<(string?, Stmt)>.Combine(named, unnamed.Cast<(string?, Stmt)>());
        }
        if (!named.HasValue) return named.Cast<Stmt>();
        var (coprocName, body) = named.Value;
        return Parsed<Stmt>.Ok(Stmts.Of(new CoprocClause(coprocName, body, Spans.Cover(keyword.Value.Span, body.Span)), []), named.Remainder);
    }

    /// <summary>
    /// Any command, chosen by its first token (and, for <c>name ()</c>, the second), so that the common simple command
    /// does not first fail through every compound form.
    /// </summary>
    Parsed<Stmt> CommandStmt(int i)
    {
        switch (KindAt(i))
        {
            case ShellToken.None:
                return Parsed<Stmt>.Fail(i, ExpectCommand);
            case ShellToken.LParen or ShellToken.ArithmeticCommand or ShellToken.TestCommand:
                return CompoundStmt(i);
            case ShellToken.Word:
                switch (WordAt(i))
                {
                    case ReservedWord.OpenBrace or ReservedWord.If or ReservedWord.While or ReservedWord.Until
                        or ReservedWord.For or ReservedWord.Select or ReservedWord.Case:
                        return CompoundStmt(i);
                    case ReservedWord.Function:
                        return FunctionKeywordDecl(i);
                    case ReservedWord.Coproc:
                        return CoprocClause(i);
                }
                return KindAt(i + 1) == ShellToken.LParen ? FunctionDecl(i) : SimpleCommand(i);
            default:
                return SimpleCommand(i);
        }
    }

    // ---- pipelines, and-or lists, statement lists -----------------------------------------------------------------

    static PipeOp? ToPipeOp(ShellToken kind) => kind switch
    {
        ShellToken.Pipe => PipeOp.Pipe,
        ShellToken.PipeAll => PipeOp.PipeAll,
        _ => null,
    };

    static AndOrOp? ToAndOrOp(ShellToken kind) => kind switch
    {
        ShellToken.AndIf => AndOrOp.And,
        ShellToken.OrIf => AndOrOp.Or,
        _ => null,
    };

    /// <summary>Commands joined by <c>|</c> or <c>|&amp;</c>, where a line break may follow an operator.</summary>
    Parsed<Stmt> UnnegatedPipeline(int i)
    {
        var first = CommandStmt(i);
        if (!first.HasValue) return first;
        List<(PipeOp, Stmt)>? rest = null;
        var at = first.Remainder;
        while (ToPipeOp(KindAt(at)) is { } op)
        {
            var right = CommandStmt(Linebreak(at + 1));
            if (!right.HasValue) return right;
            (rest ??= []).Add((op, right.Value));
            at = right.Remainder;
        }
        return Parsed<Stmt>.Ok(rest is null ? first.Value : Stmts.Pipeline(null, first.Value, rest), at);
    }

    /// <summary>
    /// <c>! pipeline</c>, the <c>!</c> repeated or alone. The pipeline is optional: one that fails without consuming
    /// (or backtracks) leaves a lone <c>!</c>, a null command whose status is inverted.
    /// </summary>
    Parsed<Stmt> NegatedPipeline(int i)
    {
        var firstBang = _tokens[i];
        var at = i + 1;
        while (WordAt(at) == ReservedWord.Bang) at++;
        var lastBang = _tokens[at - 1];
        var pipeline = UnnegatedPipeline(at);
        if (pipeline.HasValue)
            return Parsed<Stmt>.Ok(Stmts.Negate(firstBang.Span, pipeline.Value), pipeline.Remainder);
        if (pipeline.Commits(at)) return pipeline;
        return Parsed<Stmt>.Ok(Stmts.Negate(firstBang.Span, CommandElement.EmptyCommand(lastBang.Span)), at);
    }

    Parsed<Stmt> PlainPipeline(int i) => WordAt(i) == ReservedWord.Bang ? NegatedPipeline(i) : UnnegatedPipeline(i);

    /// <summary><c>time [-p] [pipeline]</c>; like the <c>!</c> above, the pipeline is optional.</summary>
    Parsed<Stmt> TimedPipeline(int i)
    {
        var keyword = _tokens[i];
        var at = i + 1;
        Token<ShellToken>? posix = null;
        if (IsWord(at) && Chars(_tokens[at].Span) is "-p") posix = _tokens[at++];
        var pipeline = PlainPipeline(at);
        Stmt? timed = null;
        if (pipeline.HasValue)
        {
            timed = pipeline.Value;
            at = pipeline.Remainder;
        }
        else if (pipeline.Commits(at))
            return pipeline;
        return Parsed<Stmt>.Ok(
            Stmts.Of(new TimeClause(posix is not null, timed, Spans.Cover(keyword.Span, timed?.Span ?? posix?.Span ?? keyword.Span)), []),
            at);
    }

    Parsed<Stmt> Pipeline(int i) => WordAt(i) == ReservedWord.Time ? TimedPipeline(i) : PlainPipeline(i);

    /// <summary>Pipelines joined by <c>&amp;&amp;</c> or <c>||</c>, where a line break may follow an operator.</summary>
    Parsed<Stmt> AndOr(int i)
    {
        var first = Pipeline(i);
        if (!first.HasValue) return first;
        List<(AndOrOp, Stmt)>? rest = null;
        var at = first.Remainder;
        while (ToAndOrOp(KindAt(at)) is { } op)
        {
            var right = Pipeline(Linebreak(at + 1));
            if (!right.HasValue) return right;
            (rest ??= []).Add((op, right.Value));
            at = right.Remainder;
        }
        return Parsed<Stmt>.Ok(rest is null ? first.Value : Stmts.AndOr(first.Value, rest), at);
    }

    /// <summary>
    /// Statements separated by <c>;</c>, <c>&amp;</c> or line breaks. The list ends at the first token that cannot
    /// start a command (<c>then</c>, <c>)</c>, <c>;;</c>…) or after a statement with no separator.
    /// </summary>
    Parsed<ImmutableArray<Stmt>> Statements(int i, bool requireOne)
    {
        var stmts = _context.Stmts;
        var first = stmts.Count;
        var at = Linebreak(i);
        while (true)
        {
            var item = AndOr(at);
            if (!item.HasValue)
            {
                if (item.IsPartial(at) || (requireOne && stmts.Count == first))
                {
                    CollectionsMarshal.SetCount(stmts, first);
                    return item.Cast<ImmutableArray<Stmt>>();
                }
                break;
            }
            at = item.Remainder;
            StmtTerminator? terminator = KindAt(at) switch
            {
                ShellToken.Semicolon => StmtTerminator.Semicolon,
                ShellToken.Ampersand => StmtTerminator.Background,
                ShellToken.Newline => StmtTerminator.None,
                _ => null,
            };
            if (terminator is null)
            {
                stmts.Add(item.Value);
                break;
            }
            stmts.Add(terminator == StmtTerminator.None
                ? item.Value
                : item.Value with { Terminator = terminator.Value, Span = Spans.Cover(item.Value.Span, _tokens[at].Span) });
            at = Linebreak(at + 1);
        }
        return Parsed<ImmutableArray<Stmt>>.Ok(ParseContext.Pop(stmts, first), at);
    }



    /// <summary>The statements, and then the end of the tokens (a token left over fails with no expectation).</summary>
    Parsed<ImmutableArray<Stmt>> Program()
    {
        var stmts = Statements(0, requireOne: false);
        if (!stmts.HasValue || stmts.Remainder == _count) return stmts;
        return Parsed<ImmutableArray<Stmt>>.Fail(stmts.Remainder, null);
    }

    // ---- errors ----------------------------------------------------------------------------------------------------

    /// <summary>The diagnostic for a failed parse, at the unexpected token (or the end of input).</summary>
    Diagnostic ErrorFrom<T>(Parsed<T> result)
    {
        var source = _context.Source;
        var hasNext = result.Remainder < _count;
        var at = hasNext ? _tokens[result.Remainder].Span : source.Span(source.Length, source.Length);
        var unexpected = !hasNext ? "end of input"
            : _tokens[result.Remainder].Kind switch
            {
                ShellToken.Newline => "line break",
                ShellToken.HereDocBody => "here-document body",
                _ => $"`{Clip(_tokens[result.Remainder].ToStringValue())}`",
            };
        var expected = result.Expectations is { Length: > 0 } e
            ? ", expected " + (e.Length == 1 ? e[0] : string.Join(", ", e[..^1]) + " or " + e[^1])
            : "";
        return DiagnosticBuilder.SyntaxError(at, $"unexpected {unexpected}{expected}");
    }

    static string Clip(string text) => text.Length <= 20 ? text : text[..17] + "...";

    // ---- helpers ---------------------------------------------------------------------------------------------------

    internal static ReadOnlySpan<char> Chars(TextSpan span) => span.Source.AsSpan(span.Position.Absolute, span.Length);

    static string Inside(TextSpan span, int open, int close) => span.Source!.Substring(span.Position.Absolute + open, span.Length - open - close);
}
