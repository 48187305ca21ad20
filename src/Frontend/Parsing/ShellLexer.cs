using System.Runtime.CompilerServices;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;
using Superpower.Model;

namespace DockerRecord.Frontend.Parsing;

/// <summary>
/// The hand-written lexer behind <see cref="ShellTokenizer"/>. Shell lexing depends on context, so the lexer keeps
/// a stack of the constructs it is inside (<see cref="LexMode"/>): the innermost one decides what ends a word, and an
/// error at the end of input names the construct still open and where it opened.
/// <para>
/// It works in two ways over the same code: emitting tokens for the command level it was started on, and skipping
/// over nested constructs (<c>$(…)</c>, quotes, <c>${…}</c>) only to find where they end; <see cref="WordParser"/>
/// later takes each word apart and lexes a nested <c>$(…)</c> again, this time emitting.
/// </para>
/// Here-document bodies come after the next line break but belong to the <c>&lt;&lt;</c> before it: the lexer
/// queues delimiters and, at the end, moves each body token to just after its delimiter word, so the grammar reads
/// <c>&lt;&lt; word body</c> with no state.
/// </summary>
sealed class ShellLexer
{
    /// <summary>How deeply constructs may nest before the input is refused with DR1005.</summary>
    public const int MaxDepth = 200;

    // Lexers are lent per thread (every command line is lexed, and each word with a quote or an expansion needs a
    // skipping lexer): an emitting lexer is given back when it has produced its tokens, a skipping one by the word
    // parser that used it. One that an error unwinds past is simply not given back.
    [ThreadStatic] static Stack<ShellLexer>? t_free;

    SourceText _source = null!;
    string _s = null!;
    int _end;

    int _outerDepth;
    Stack<(LexMode Mode, int Open)>? _modes;
    // rented from the thread's pool by an emitting lexer, and handed on in the LexResult; a lexer that only skips
    // has none
    TokenBuffer _tokens = null!;
    // rarely needed, so made on first use
    List<PendingHereDoc>? _pendingHereDocs;
    List<(int AfterToken, Token<ShellToken> Body)>? _hereDocBodies;
    // handed on in the LexResult, so new for each text that has any
    List<Comment>? _comments;
    List<Diagnostic>? _warnings;

    ShellLexer()
    {
    }

    static ShellLexer Rent(SourceText source, int end, int outerDepth)
    {
        var lexer = t_free is { Count: > 0 } free ? free.Pop() : new ShellLexer();
        lexer._source = source;
        lexer._s = source.Text;
        lexer._end = end;
        lexer._outerDepth = outerDepth;
        lexer._modes?.Clear();
        lexer._pendingHereDocs?.Clear();
        lexer._hereDocBodies?.Clear();
        return lexer;
    }

    /// <summary>Gives the lexer back to this thread's pool; the caller must not use it afterwards.</summary>
    public void Return()
    {
        _source = null!;
        _s = null!;
        _tokens = null!;
        _comments = null;
        _warnings = null;
        (t_free ??= new()).Push(this);
    }

    /// <summary>Lexes <paramref name="source"/> from <paramref name="start"/> to <paramref name="end"/>.</summary>
    /// <exception cref="ShellSyntaxException">on a lexical error.</exception>
    public static LexResult Lex(SourceText source, int start, int end)
    {
        var lexer = Rent(source, end, 0);
        lexer._tokens = TokenBuffer.Rent();
        try
        {
            lexer.LexCommands(start, stopAtParen: false, emit: true);
        }
        catch (ShellSyntaxException)
        {
            lexer._tokens.Return();
            throw;
        }
        return lexer.Result(end);
    }

    /// <summary>
    /// Lexes the commands of a <c>$(…)</c> or <c>&lt;(…)</c> whose contents start at <paramref name="start"/>, up to
    /// the parenthesis that closes it; <see cref="LexResult.End"/> is that parenthesis.
    /// </summary>
    public static LexResult LexUntilClosingParen(SourceText source, int start, int depth)
    {
        var lexer = Rent(source, source.Length, depth);
        lexer._tokens = TokenBuffer.Rent();
        int close;
        try
        {
            close = lexer.LexCommands(start, stopAtParen: true, emit: true);
        }
        catch (ShellSyntaxException)
        {
            lexer._tokens.Return();
            throw;
        }
        return lexer.Result(close);
    }

    /// <summary>A lexer used only to find where constructs end, for <see cref="WordParser"/>; give it back with <see cref="Return"/>.</summary>
    public static ShellLexer ForSkipping(SourceText source, int end, int depth) => Rent(source, end, depth);

    /// <summary>How many constructs are open, counting those of the text this lexer was started inside.</summary>
    public int Depth => _outerDepth + (_modes?.Count ?? 0);

    /// <summary>The tokens, comments and warnings; the lexer goes back to the pool.</summary>
    LexResult Result(int end)
    {
        var tokens = _tokens;
        if (_hereDocBodies is { Count: > 0 })
        {
            tokens = TokenBuffer.Rent();
            var next = 0;
            for (var i = 0; i < _tokens.Count; i++)
            {
                tokens.Add(_tokens[i]);
                while (next < _hereDocBodies.Count && _hereDocBodies[next].AfterToken == i)
                    tokens.Add(_hereDocBodies[next++].Body);
            }
            _tokens.Return();
        }
        var result = new LexResult(tokens, _comments ?? (IReadOnlyList<Comment>)Array.Empty<Comment>(),
            _warnings ?? (IReadOnlyList<Diagnostic>)Array.Empty<Diagnostic>(), end);
        Return();
        return result;
    }

    // ---- the command level -------------------------------------------------------------------------------------

    /// <summary>
    /// Lexes commands from <paramref name="pos"/>. With <paramref name="stopAtParen"/> it stops at the <c>)</c> that
    /// closes an enclosing <c>$(</c> and returns its offset; otherwise it runs to the end.
    /// </summary>
    int LexCommands(int pos, bool stopAtParen, bool emit)
    {
        var state = new CommandState();
        while (true)
        {
            pos = SkipBlanks(pos);
            if (pos >= _end)
            {
                if (stopAtParen) throw Unclosed();
                return pos;
            }

            var start = pos;
            var c = _s[pos];
            ShellToken kind;
            switch (c)
            {
                case '#':
                    pos = _s.IndexOf('\n', pos, _end - pos);
                    if (pos < 0) pos = _end;
                    if (pos > start && _s[pos - 1] == '\r') pos--;
                    if (emit) (_comments ??= []).Add(new Comment(_source.Span(start, pos)));
                    continue;
                case '\n':
                    pos = EmitNewline(start, start + 1, emit, ref state);
                    continue;
                case '\r' when At(pos + 1, '\n'):
                    pos = EmitNewline(start, start + 2, emit, ref state);
                    continue;
                case ';':
                    (kind, pos) = At(pos + 1, ';')
                        ? At(pos + 2, '&') ? (ShellToken.DoubleSemicolonAmpersand, pos + 3) : (ShellToken.DoubleSemicolon, pos + 2)
                        : At(pos + 1, '&') ? (ShellToken.SemicolonAmpersand, pos + 2) : (ShellToken.Semicolon, pos + 1);
                    break;
                case '&':
                    (kind, pos) = At(pos + 1, '&') ? (ShellToken.AndIf, pos + 2)
                        : At(pos + 1, '>') ? At(pos + 2, '>') ? (ShellToken.AndDoubleGreat, pos + 3) : (ShellToken.AndGreat, pos + 2)
                        : (ShellToken.Ampersand, pos + 1);
                    break;
                case '|':
                    (kind, pos) = At(pos + 1, '|') ? (ShellToken.OrIf, pos + 2)
                        : At(pos + 1, '&') ? (ShellToken.PipeAll, pos + 2)
                        : (ShellToken.Pipe, pos + 1);
                    break;
                case '(':
                    if (At(pos + 1, '(') && (state.AtCommandStart || state.AfterFor))
                    {
                        var arithEnd = TrySkipArithmetic(pos + 2, pos, LexMode.ArithmeticCommand);
                        if (arithEnd > 0)
                        {
                            (kind, pos) = (ShellToken.ArithmeticCommand, arithEnd);
                            break;
                        }
                    }
                    (kind, pos) = (ShellToken.LParen, pos + 1);
                    if (!state.InCasePattern) state.ParenDepth++;
                    break;
                case ')':
                    if (state.InCasePattern)
                    {
                        Emit(ShellToken.RParen, start, pos + 1, emit);
                        state.EndCasePattern();
                        pos++;
                        continue;
                    }
                    if (state.ParenDepth == 0 && stopAtParen) return pos;
                    state.ParenDepth--;
                    (kind, pos) = (ShellToken.RParen, pos + 1);
                    break;
                case '<' when At(pos + 1, '('):
                case '>' when At(pos + 1, '('):
                    pos = LexWord(pos, emit, ref state);
                    continue;
                case '<':
                    (kind, pos) = At(pos + 1, '<')
                        ? At(pos + 2, '<') ? (ShellToken.TripleLess, pos + 3)
                        : At(pos + 2, '-') ? (ShellToken.DoubleLessDash, pos + 3) : (ShellToken.DoubleLess, pos + 2)
                        : At(pos + 1, '&') ? (ShellToken.LessAnd, pos + 2)
                        : At(pos + 1, '>') ? (ShellToken.LessGreat, pos + 2)
                        : (ShellToken.Less, pos + 1);
                    break;
                case '>':
                    (kind, pos) = At(pos + 1, '>') ? (ShellToken.DoubleGreat, pos + 2)
                        : At(pos + 1, '&') ? (ShellToken.GreatAnd, pos + 2)
                        : At(pos + 1, '|') ? (ShellToken.Clobber, pos + 2)
                        : (ShellToken.Great, pos + 1);
                    break;
                default:
                    if (TryLexRedirectPrefix(ref pos, emit)) continue;
                    if (c == '[' && At(pos + 1, '[') && state.AtCommandStart && IsTestDelimiterOrEnd(pos + 2))
                    {
                        (kind, pos) = (ShellToken.TestCommand, SkipTestCommand(pos));
                        break;
                    }
                    pos = LexWord(pos, emit, ref state);
                    continue;
            }

            Emit(kind, start, pos, emit);
            state.AfterOperator(kind);
            if (kind is ShellToken.DoubleLess or ShellToken.DoubleLessDash)
                state.ExpectHereDocDelimiter = kind;
        }
    }

    int EmitNewline(int start, int end, bool emit, ref CommandState state)
    {
        Emit(ShellToken.Newline, start, end, emit);
        state.AfterOperator(ShellToken.Newline);
        return ReadHereDocBodies(end);
    }

    /// <summary><c>2&gt;</c> and <c>{fd}&gt;</c>: digits or a braced name directly before a redirection operator.</summary>
    bool TryLexRedirectPrefix(ref int pos, bool emit)
    {
        var p = pos;
        ShellToken kind;
        if (char.IsAsciiDigit(_s[p]))
        {
            while (p < _end && char.IsAsciiDigit(_s[p])) p++;
            kind = ShellToken.IoNumber;
        }
        else if (_s[p] == '{' && p + 1 < _end && IsNameStart(_s[p + 1]))
        {
            p += 2;
            while (p < _end && IsNameChar(_s[p])) p++;
            if (!At(p, '}')) return false;
            p++;
            kind = ShellToken.IoVariable;
        }
        else return false;

        if (p >= _end || (_s[p] != '<' && _s[p] != '>') || At(p + 1, '(')) return false;
        Emit(kind, pos, p, emit);
        pos = p;
        return true;
    }

    int LexWord(int start, bool emit, ref CommandState state)
    {
        var end = SkipWord(start);
        if (end == start) throw Error(start, $"unexpected `{_s[start]}`");
        var tokenIndex = emit ? _tokens.Count : -1;
        Emit(ShellToken.Word, start, end, emit);

        if (state.ExpectHereDocDelimiter is { } op)
        {
            state.ExpectHereDocDelimiter = null;
            var raw = _s.AsSpan(start, end - start);
            (_pendingHereDocs ??= []).Add(new PendingHereDoc(
                HereDocs.DelimiterValue(raw), op == ShellToken.DoubleLessDash, emit ? tokenIndex : -1, Depth));
        }

        state.AfterWord(ReservedWords.Classify(_s.AsSpan(start, end - start)));
        return end;
    }

    /// <summary>
    /// Reads the bodies of the here-documents opened on the line that just ended, in order. One opened outside a
    /// <c>$(…)</c> that spans lines waits for the line break of its own command line.
    /// </summary>
    int ReadHereDocBodies(int pos)
    {
        if (_pendingHereDocs is null) return pos;
        var first = true;
        for (var i = 0; i < _pendingHereDocs.Count; i++)
        {
            var doc = _pendingHereDocs[i];
            if (doc.Depth != Depth) continue;
            _pendingHereDocs.RemoveAt(i--);
            if (!first && At(pos, '\n')) pos++;
            first = false;
            var start = pos;
            var terminated = false;
            var bodyEnd = _end;
            while (pos < _end)
            {
                var lineEnd = _s.IndexOf('\n', pos, _end - pos);
                if (lineEnd < 0) lineEnd = _end;
                if (HereDocs.IsDelimiterLine(_s.AsSpan(pos, lineEnd - pos), doc.Delimiter, doc.StripTabs))
                {
                    terminated = true;
                    bodyEnd = lineEnd;
                    pos = lineEnd;
                    break;
                }
                // inside $( ), bash also ends the body at "DELIM)", and the ) closes the substitution
                if (doc.Depth > 0 && HereDocs.DelimiterBeforeParen(_s.AsSpan(pos, lineEnd - pos), doc.Delimiter, doc.StripTabs) is var length and > 0)
                {
                    terminated = true;
                    bodyEnd = pos = pos + length;
                    break;
                }
                pos = lineEnd < _end ? lineEnd + 1 : _end;
            }

            if (!terminated)
            {
                bodyEnd = _end;
                if (doc.TokenIndex >= 0)
                    (_warnings ??= []).Add(DiagnosticBuilder.HereDocNotTerminated(_source.Span(_end, _end), doc.Delimiter));
            }
            if (doc.TokenIndex >= 0 && bodyEnd > start)
                (_hereDocBodies ??= []).Add((doc.TokenIndex, new Token<ShellToken>(ShellToken.HereDocBody, _source.Span(start, bodyEnd))));
        }
        return pos;
    }

    void Emit(ShellToken kind, int start, int end, bool emit)
    {
        if (emit) _tokens.Add(new Token<ShellToken>(kind, _source.Span(start, end)));
    }

    // ---- words ---------------------------------------------------------------------------------------------------

    /// <summary>Returns the end of the word that starts at <paramref name="pos"/>.</summary>
    public int SkipWord(int pos, bool inArray = false)
    {
        var start = pos;
        while (pos < _end)
        {
            var c = _s[pos];
            switch (c)
            {
                case ' ' or '\t' or '\r' or '\n' or ';' or '&' or '|' or ')':
                    return pos;
                case '<' or '>':
                    if (pos == start && At(pos + 1, '('))
                    {
                        pos = SkipParenthesizedCommands(pos + 2, pos, LexMode.ProcessSubstitution);
                        continue;
                    }
                    return pos;
                case '(':
                    if (pos > start && _s[pos - 1] == '=' && Assignments.IsArrayPrefix(_s.AsSpan(start, pos - start)))
                        pos = SkipArrayValue(pos);
                    else if (pos > start && _s[pos - 1] is '?' or '*' or '+' or '@' or '!')
                        pos = SkipExtGlob(pos);
                    else
                        return pos;
                    continue;
                case '[' when (pos == start && inArray) || (pos > start && IsName(_s.AsSpan(start, pos - start))):
                    // bash reads the index of a[ i ]=v (and of [ k ]=v in an array) as one word, blanks and all
                    var close = SkipIndex(pos);
                    pos = close > 0 && (At(close, '=') || (At(close, '+') && At(close + 1, '='))) ? close : pos + 1;
                    continue;
                case '\\':
                    pos = SkipEscape(pos);
                    continue;
                case '\'':
                    pos = SkipSingleQuoted(pos);
                    continue;
                case '"':
                    pos = SkipDoubleQuoted(pos);
                    continue;
                case '`':
                    pos = SkipBackquoted(pos);
                    continue;
                case '$':
                    pos = SkipDollar(pos);
                    continue;
                default:
                    pos++;
                    continue;
            }
        }
        return pos;
    }

    /// <summary>The offset after the <c>]</c> that closes the <c>[</c> at <paramref name="pos"/> on the same line, or -1.</summary>
    int SkipIndex(int pos)
    {
        var depth = 0;
        var p = pos;
        while (p < _end && _s[p] != '\n')
        {
            var c = _s[p];
            if (c == '[') depth++;
            else if (c == ']' && --depth == 0) return p + 1;
            p = SkipConstruct(p);
        }
        return -1;
    }

    /// <summary>A shell NAME: a letter or underscore, then letters, digits and underscores.</summary>
    public static bool IsName(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !IsNameStart(text[0])) return false;
        foreach (var c in text[1..])
            if (!IsNameChar(c)) return false;
        return true;
    }

    /// <summary>One escape, quoted string or expansion at <paramref name="pos"/>, or else one character.</summary>
    public int SkipConstruct(int pos) => _s[pos] switch
    {
        '\\' => SkipEscape(pos),
        '\'' => SkipSingleQuoted(pos),
        '"' => SkipDoubleQuoted(pos),
        '`' => SkipBackquoted(pos),
        '$' => SkipDollar(pos),
        _ => pos + 1,
    };

    /// <summary>A backslash and the character it escapes (a CRLF counts as one).</summary>
    public int SkipEscape(int pos)
    {
        if (pos + 1 >= _end) return pos + 1;
        return _s[pos + 1] == '\r' && At(pos + 2, '\n') ? pos + 3 : pos + 2;
    }

    /// <summary><c>'…'</c> from its opening quote to just after the closing one.</summary>
    public int SkipSingleQuoted(int pos)
    {
        var close = _s.IndexOf('\'', pos + 1, _end - pos - 1);
        if (close < 0) throw new ShellSyntaxException(DiagnosticBuilder.UnterminatedSingleQuote(_source.Span(pos, pos + 1)));
        return close + 1;
    }

    /// <summary><c>$'…'</c> from the <c>$</c>: backslash escapes may hide a quote.</summary>
    int SkipAnsiCQuoted(int pos)
    {
        var p = pos + 2;
        while (p < _end)
        {
            if (_s[p] == '\\') p += 2;
            else if (_s[p] == '\'') return p + 1;
            else p++;
        }
        throw new ShellSyntaxException(DiagnosticBuilder.UnterminatedSingleQuote(_source.Span(pos, pos + 2)));
    }

    /// <summary><c>"…"</c> from its opening quote to just after the closing one.</summary>
    public int SkipDoubleQuoted(int pos)
    {
        Enter(LexMode.DoubleQuote, pos);
        var p = pos + 1;
        while (p < _end)
        {
            switch (_s[p])
            {
                case '"':
                    Leave();
                    return p + 1;
                case '\\':
                    p = SkipEscape(p);
                    break;
                case '$':
                    // $'…' and $"…" are not quotes inside double quotes
                    p = At(p + 1, '\'') || At(p + 1, '"') ? p + 1 : SkipDollar(p);
                    break;
                case '`':
                    p = SkipBackquoted(p);
                    break;
                default:
                    p++;
                    break;
            }
        }
        throw new ShellSyntaxException(DiagnosticBuilder.UnterminatedDoubleQuote(_source.Span(pos, pos + 1)));
    }

    /// <summary><c>`…`</c>: the end is the next backquote that no backslash escapes.</summary>
    public int SkipBackquoted(int pos)
    {
        Enter(LexMode.Backquote, pos);
        var p = pos + 1;
        while (p < _end)
        {
            if (_s[p] == '\\') p += 2;
            else if (_s[p] == '`')
            {
                Leave();
                return p + 1;
            }
            else p++;
        }
        throw Unclosed();
    }

    /// <summary>Any expansion that starts with <c>$</c>; a lone <c>$</c> is one literal character.</summary>
    public int SkipDollar(int pos)
    {
        if (pos + 1 >= _end) return pos + 1;
        var c = _s[pos + 1];
        switch (c)
        {
            case '\'':
                return SkipAnsiCQuoted(pos);
            case '"':
                return SkipDoubleQuoted(pos + 1);
            case '(':
                if (At(pos + 2, '('))
                {
                    var end = TrySkipArithmetic(pos + 3, pos, LexMode.ArithmeticExpansion);
                    if (end > 0) return end;
                }
                return SkipParenthesizedCommands(pos + 2, pos, LexMode.CommandSubstitution);
            case '{':
                return SkipParameterBraces(pos);
            case '[':
                return SkipBrackets(pos);
            default:
                if (IsNameStart(c))
                {
                    // a line continuation inside a name is removed before bash reads it: $fo\<newline>o is $foo
                    var p = pos + 2;
                    while (p < _end && (IsNameChar(_s[p]) || (_s[p] == '\\' && At(p + 1, '\n') && p + 2 < _end && IsNameChar(_s[p + 2]))))
                        p += _s[p] == '\\' ? 2 : 1;
                    return p;
                }
                return char.IsAsciiDigit(c) || IsSpecialParameter(c) ? pos + 2 : pos + 1;
        }
    }

    /// <summary>Whether the <c>$((</c> at <paramref name="dollar"/> is arithmetic rather than a command substitution.</summary>
    public bool IsArithmeticExpansion(int dollar) => TrySkipArithmetic(dollar + 3, dollar, LexMode.ArithmeticExpansion) > 0;

    /// <summary><c>$(…)</c>, <c>&lt;(…)</c>: lexes the commands inside (without emitting) to find the closing parenthesis.</summary>
    int SkipParenthesizedCommands(int contentStart, int open, LexMode mode)
    {
        Enter(mode, open);
        var close = LexCommands(contentStart, stopAtParen: true, emit: false);
        Leave();
        return close + 1;
    }

    /// <summary>
    /// <c>((…))</c> from just after the opening pair: the offset after <c>))</c>, or -1 when the parentheses close
    /// one at a time, which makes it nested subshells (or a command substitution) instead, as bash decides.
    /// </summary>
    int TrySkipArithmetic(int pos, int open, LexMode mode)
    {
        Enter(mode, open);
        var depth = 0;
        while (pos < _end)
        {
            switch (_s[pos])
            {
                case '(':
                    depth++;
                    pos++;
                    break;
                case ')':
                    if (depth == 0)
                    {
                        Leave();
                        return At(pos + 1, ')') ? pos + 2 : -1;
                    }
                    depth--;
                    pos++;
                    break;
                case '\\':
                    pos = SkipEscape(pos);
                    break;
                case '\'':
                    pos = SkipSingleQuoted(pos);
                    break;
                case '"':
                    pos = SkipDoubleQuoted(pos);
                    break;
                case '`':
                    pos = SkipBackquoted(pos);
                    break;
                case '$':
                    pos = SkipDollar(pos);
                    break;
                default:
                    pos++;
                    break;
            }
        }
        throw Unclosed();
    }

    /// <summary><c>${…}</c> from the <c>$</c>: nested braces, quotes and expansions are balanced.</summary>
    public int SkipParameterBraces(int pos)
    {
        Enter(LexMode.ParameterExpansion, pos);
        var depth = 0;
        var p = pos + 2;
        while (p < _end)
        {
            switch (_s[p])
            {
                case '{':
                    depth++;
                    p++;
                    break;
                case '}':
                    if (depth == 0)
                    {
                        Leave();
                        return p + 1;
                    }
                    depth--;
                    p++;
                    break;
                case '\\':
                    p = SkipEscape(p);
                    break;
                case '\'':
                    p = SkipSingleQuoted(p);
                    break;
                case '"':
                    p = SkipDoubleQuoted(p);
                    break;
                case '`':
                    p = SkipBackquoted(p);
                    break;
                case '$':
                    p = SkipDollar(p);
                    break;
                default:
                    p++;
                    break;
            }
        }
        throw Unclosed();
    }

    /// <summary>The old arithmetic form <c>$[…]</c>.</summary>
    int SkipBrackets(int pos)
    {
        Enter(LexMode.ArithmeticBrackets, pos);
        var depth = 0;
        for (var p = pos + 2; p < _end; p++)
        {
            if (_s[p] == '[') depth++;
            else if (_s[p] == ']' && depth-- == 0)
            {
                Leave();
                return p + 1;
            }
        }
        throw Unclosed();
    }

    /// <summary>An extglob group such as <c>@(a|b)</c>, from its parenthesis.</summary>
    int SkipExtGlob(int pos)
    {
        Enter(LexMode.ExtGlob, pos);
        var depth = 0;
        var p = pos;
        while (p < _end)
        {
            switch (_s[p])
            {
                case '(':
                    depth++;
                    p++;
                    break;
                case ')':
                    p++;
                    if (--depth == 0)
                    {
                        Leave();
                        return p;
                    }
                    break;
                case '\n':
                    throw Error(p, "unexpected line break in an extended glob pattern");
                case '\\':
                    p = SkipEscape(p);
                    break;
                case '\'':
                    p = SkipSingleQuoted(p);
                    break;
                case '"':
                    p = SkipDoubleQuoted(p);
                    break;
                case '$':
                    p = SkipDollar(p);
                    break;
                default:
                    p++;
                    break;
            }
        }
        throw Unclosed();
    }

    /// <summary>The <c>( … )</c> of an array assignment: words, blanks, line breaks and comments.</summary>
    public int SkipArrayValue(int pos)
    {
        Enter(LexMode.ArrayValue, pos);
        var p = pos + 1;
        while (true)
        {
            p = SkipBlanks(p);
            if (p >= _end) throw Unclosed();
            switch (_s[p])
            {
                case ')':
                    Leave();
                    return p + 1;
                case '\n':
                    p++;
                    continue;
                case '#':
                    p = _s.IndexOf('\n', p, _end - p);
                    if (p < 0) p = _end;
                    continue;
            }
            var end = SkipWord(p, inArray: true);
            if (end == p) throw Error(p, $"unexpected `{_s[p]}` in an array value");
            p = end;
        }
    }

    /// <summary>
    /// <c>[[ … ]]</c> from its first bracket, to just after the closing <c>]]</c>, which must stand alone as a word.
    /// Operators such as <c>&lt;</c>, <c>(</c> and <c>&amp;&amp;</c> inside are part of the expression, not the command level.
    /// </summary>
    int SkipTestCommand(int pos)
    {
        Enter(LexMode.TestCommand, pos);
        var p = pos + 2;
        var parens = 0; // a `]]` inside a parenthesized group (as in a regex) does not close
        while (true)
        {
            p = SkipBlanks(p);
            // line breaks inside [[ ]] are blanks; a CRLF one too (SkipBlanks leaves the CR of a CRLF for the caller)
            while (p < _end && (_s[p] == '\n' || (_s[p] == '\r' && At(p + 1, '\n'))))
                p = SkipBlanks(p + (_s[p] == '\r' ? 2 : 1));
            if (p >= _end) throw Unclosed();
            if (parens <= 0 && _s[p] == ']' && At(p + 1, ']') && IsTestDelimiterOrEnd(p + 2))
            {
                Leave();
                return p + 2;
            }
            while (p < _end)
            {
                var c = _s[p];
                if (c is ' ' or '\t' or '\n' or '\r') break;
                if (c == '(') parens++;
                else if (c == ')') parens--;
                p = SkipConstruct(p);
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /// <summary>Blanks and line continuations between tokens. A lone CR counts as a blank, so pasted CRLF text lexes as typed.</summary>
    int SkipBlanks(int pos)
    {
        while (pos < _end)
        {
            var c = _s[pos];
            if (c is ' ' or '\t' || (c == '\r' && !At(pos + 1, '\n'))) pos++;
            else if (c == '\\' && At(pos + 1, '\n')) pos += 2;
            else if (c == '\\' && At(pos + 1, '\r') && At(pos + 2, '\n')) pos += 3;
            else break;
        }
        return pos;
    }

    bool At(int pos, char c) => pos < _end && _s[pos] == c;

    bool IsBlankOrEnd(int pos) => pos >= _end || _s[pos] is ' ' or '\t' or '\n' or '\r';

    bool IsTestDelimiterOrEnd(int pos) =>
        pos >= _end || _s[pos] is ' ' or '\t' or '\n' or '\r' or ';' or '&' or '|' or ')' or '<' or '>';

    public static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    public static bool IsSpecialParameter(char c) => c is '@' or '*' or '#' or '?' or '-' or '$' or '!';

    void Enter(LexMode mode, int open)
    {
        (_modes ??= new()).Push((mode, open));
        if (Depth > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new ShellSyntaxException(DiagnosticBuilder.NestingTooDeep(_source.Span(open, Math.Min(open + 1, _end)), MaxDepth));
    }

    void Leave() => _modes!.Pop();

    /// <summary>The innermost open construct, reported at its opening.</summary>
    ShellSyntaxException Unclosed()
    {
        var (mode, open) = _modes is { Count: > 0 } ? _modes.Peek() : (LexMode.CommandSubstitution, _end);
        var (opener, closer) = LexModes.Delimiters(mode);
        var at = Math.Min(open, _source.Length);
        return new ShellSyntaxException(DiagnosticBuilder.UnclosedConstruct(_source.Span(at, Math.Min(at + opener.Length, _source.Length)), opener, closer));
    }

    ShellSyntaxException Error(int at, string message) =>
        new(DiagnosticBuilder.SyntaxError(_source.Span(at, Math.Min(at + 1, _source.Length)), message));

    readonly record struct PendingHereDoc(string Delimiter, bool StripTabs, int TokenIndex, int Depth);
}

/// <summary>
/// What <see cref="ShellLexer"/> produced: tokens (here-document bodies already in place), comments, warnings. The
/// tokens are a rented buffer: whoever lexed gives it back (<see cref="Release"/>) when the grammar is done.
/// </summary>
readonly record struct LexResult(TokenBuffer Tokens, IReadOnlyList<Comment> Comments, IReadOnlyList<Diagnostic> Warnings, int End)
{
    public void Release() => Tokens.Return();
}
