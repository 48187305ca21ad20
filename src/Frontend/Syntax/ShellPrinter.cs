using System.Collections.Immutable;
using System.Text;
using DockerRecord.Frontend.Parsing;

namespace DockerRecord.Frontend.Syntax;

/// <summary>
/// Prints a syntax tree back as bash text, from the nodes' fields rather than their spans, in one canonical,
/// shfmt-like layout: one statement per line at the top level, compound commands on one line when their lists allow
/// it (<c>if a; then b; fi</c>), indented blocks otherwise, redirections after the arguments, here-document bodies
/// after the line that opens them.
/// <para>
/// The tree records how each statement ended (<see cref="StmtTerminator"/>), so the printer keeps that choice:
/// a <c>;</c> stays a <c>;</c>, and a statement ended by a line break (or nothing) is followed by a line break
/// wherever a separator is needed. That is what makes <c>Parse(Print(t))</c> give back the same tree as <c>t</c>.
/// </para>
/// </summary>
public static class ShellPrinter
{
    /// <summary>The whole file, ending with a line break; comments go on their own lines between top-level statements.</summary>
    public static string Print(ShellFile file)
    {
        var w = new Writer(0, RentBuilder());
        w.File(file);
        return w.Finish();
    }

    /// <summary>One statement with its terminator (<c>;</c> or <c>&amp;</c>) and any here-document bodies it opens.</summary>
    public static string Print(Stmt stmt)
    {
        var w = new Writer(0, RentBuilder());
        w.Stmt(stmt);
        w.Terminator(stmt);
        w.EndHereDocLine();
        return w.Finish();
    }

    /// <summary>
    /// One builder per thread for the top-level prints: a long trace is printed a statement at a time, hundreds of
    /// thousands of them, and a new builder grown for each was a fifth of what emitting allocated.
    /// </summary>
    [ThreadStatic] static StringBuilder? t_builder;

    static StringBuilder RentBuilder()
    {
        var builder = t_builder ?? new StringBuilder(256);
        t_builder = null;
        return builder;
    }

    static void ReturnBuilder(StringBuilder builder)
    {
        if (builder.Capacity > 1 << 16) return; // a huge script's builder is not kept alive
        builder.Clear();
        t_builder = builder;
    }

    /// <summary>One word, as it would appear unquoted on a command line.</summary>
    public static string Print(Word word) => new Writer(0).WordText(word);

    /// <summary>Where word parts stand: what a <c>$</c> or a backslash in a backquote means depends on it.</summary>
    enum Quoting { None, DoubleQuotes, HereDoc }

    sealed class Writer(int indent, StringBuilder? builder = null)
    {
        readonly StringBuilder _sb = builder ?? new();
        // made at the first here-document: most statements open none
        List<HereDoc>? _pendingHereDocs;
        int _indent = indent;

        // an unterminated here-document runs to the end of the input: nothing may be written after its body
        bool _sealed;

        public override string ToString() => _sb.ToString();

        /// <summary>The text, with the writer's builder given back for the next print on this thread.</summary>
        public string Finish()
        {
            var text = _sb.ToString();
            ReturnBuilder(_sb);
            return text;
        }

        void Write(string text)
        {
            if (!_sealed) _sb.Append(text);
        }

        /// <summary>
        /// A line break, the bodies of the here-documents opened on the line, then the indentation. While an
        /// unterminated here-document is pending, its body runs to the end of the input, so the rest stays on the line.
        /// </summary>
        void NewLine()
        {
            if (InUnterminatedHereDocLine)
            {
                Write(" ");
                return;
            }
            Write("\n");
            WriteHereDocBodies();
            Write(new string('\t', _indent));
        }

        bool InUnterminatedHereDocLine => _pendingHereDocs?.Exists(doc => !doc.Terminated) == true;

        /// <summary>Ends the last line when here-documents wait for it.</summary>
        public void EndHereDocLine()
        {
            if (_pendingHereDocs is null) return;
            // an unterminated here-document with no body needs no line break (and `<<x\` must not get one)
            if (_pendingHereDocs.All(doc => doc is { Terminated: false, Body.IsEmpty: true })) _pendingHereDocs.Clear();
            if (_pendingHereDocs.Count == 0) return;
            Write("\n");
            WriteHereDocBodies();
        }

        void WriteHereDocBodies()
        {
            if (_pendingHereDocs is null) return;
            foreach (var doc in _pendingHereDocs)
            {
                // with a quoted delimiter the body is one raw literal
                Write(doc.QuotedDelimiter ? string.Concat(doc.Body.OfType<Literal>().Select(l => l.Value)) : PartsText(doc.Body, Quoting.HereDoc));
                if (doc.Terminated) Write(doc.Delimiter + "\n");
                else _sealed = true;
            }
            _pendingHereDocs.Clear();
        }

        // ---- files and statement lists -------------------------------------------------------------------------

        public void File(ShellFile file)
        {
            // comments carry only their text (and are not part of the program); each goes before the first
            // top-level statement that starts after it
            var comments = new Queue<Comment>(file.Comments.OrderBy(c => c.Span.Position.Absolute));
            var endOfLineComments = new List<Comment>();
            var first = true;
            void NextLine()
            {
                if (!first) NewLine();
                first = false;
            }
            void WriteComment(Comment comment)
            {
                // a comment ends its line: on the line of an unterminated here-document it must come last
                if (InUnterminatedHereDocLine) endOfLineComments.Add(comment);
                else
                {
                    NextLine();
                    Write(comment.Text);
                }
            }
            foreach (var stmt in file.Stmts)
            {
                while (comments.TryPeek(out var c) && c.Span.Position.Absolute < stmt.Span.Position.Absolute)
                    WriteComment(comments.Dequeue());
                NextLine();
                Stmt(stmt);
                Terminator(stmt);
            }
            while (comments.TryDequeue(out var c)) WriteComment(c);
            foreach (var comment in endOfLineComments)
            {
                NextLine();
                Write(comment.Text);
            }
            if (first) return;
            EndHereDocLine();
            // a word can end in a lone backslash only at the end of the input: a line break would continue it
            var text = _sb.ToString();
            if (!_sealed && !text.EndsWith('\n') && !EndsWithUnescapedBackslash(text)) Write("\n");
        }

        static bool EndsWithUnescapedBackslash(string text)
        {
            var backslashes = 0;
            for (var i = text.Length - 1; i >= 0 && text[i] == '\\'; i--) backslashes++;
            return backslashes % 2 == 1;
        }

        public void Terminator(Stmt stmt) => Write(stmt.Terminator switch
        {
            StmtTerminator.Semicolon => ";",
            StmtTerminator.Background => " &",
            _ => "",
        });

        /// <summary>
        /// A list closed by a reserved word (<c>then</c>, <c>fi</c>, <c>done</c>, <c>}</c>…): written between the
        /// keywords with a blank on each side (<c>if a; then</c>), or as an indented block when a statement needs a
        /// line break.
        /// </summary>
        void KeywordList(ImmutableArray<Stmt> stmts)
        {
            if (IsInline(stmts, closerIsWord: true))
            {
                foreach (var stmt in stmts)
                {
                    Write(" ");
                    Stmt(stmt);
                    Terminator(stmt);
                }
                Write(" ");
            }
            else Block(stmts);
        }

        /// <summary>A list closed by <c>)</c>, <c>`</c> or <c>;;</c>, which need no separator before them: <c>(a; b)</c>.</summary>
        void TightList(ImmutableArray<Stmt> stmts)
        {
            if (IsInline(stmts, closerIsWord: false))
            {
                for (var i = 0; i < stmts.Length; i++)
                {
                    if (i > 0) Write(" ");
                    Stmt(stmts[i]);
                    Terminator(stmts[i]);
                }
            }
            else Block(stmts);
        }

        void Block(ImmutableArray<Stmt> stmts)
        {
            _indent++;
            foreach (var stmt in stmts)
            {
                NewLine();
                Stmt(stmt);
                Terminator(stmt);
            }
            _indent--;
            NewLine();
        }

        /// <summary>
        /// Whether a list fits on one line: every statement but the last ends with <c>;</c> or <c>&amp;</c> (the
        /// last too when a reserved word follows), and no here-document needs a line break.
        /// </summary>
        static bool IsInline(ImmutableArray<Stmt> stmts, bool closerIsWord)
        {
            for (var i = 0; i < stmts.Length; i++)
            {
                if (!IsInline(stmts[i])) return false;
                if (stmts[i].Terminator == StmtTerminator.None && (i < stmts.Length - 1 || closerIsWord)) return false;
            }
            return true;
        }

        static bool IsInline(Stmt stmt) => stmt.Redirects.All(r => r.HereDoc is null) && stmt.Command switch
        {
            Pipeline p => p.Stmts.All(IsInline),
            AndOrList a => a.Stmts.All(IsInline),
            Subshell s => IsInline(s.Stmts, false),
            BraceGroup b => IsInline(b.Stmts, true),
            IfClause i => IsInline(i.Condition, true) && IsInline(i.Then, true)
                && i.Elifs.All(e => IsInline(e.Condition, true) && IsInline(e.Then, true))
                && (i.Else is not { } e || IsInline(e, true)),
            WhileClause w => IsInline(w.Condition, true) && IsInline(w.Body, true),
            ForClause f => IsInline(f.Body, true),
            ArithmeticForClause f => IsInline(f.Body, true),
            CaseClause c => c.Items.All(item => IsInline(item.Body, false)),
            FunctionDecl f => IsInline(f.Body),
            TimeClause t => t.Stmt is null || IsInline(t.Stmt),
            CoprocClause c => IsInline(c.Stmt),
            _ => true,
        };

        // ---- statements and commands ---------------------------------------------------------------------------

        /// <summary>A statement without its terminator: <c>! command redirects</c>.</summary>
        public void Stmt(Stmt stmt)
        {
            // a lone `!` negates an empty command
            if (stmt.Negated) Write(stmt.Command is SimpleCommand { Assignments.IsEmpty: true, Args.IsEmpty: true } && stmt.Redirects.IsEmpty ? "!" : "! ");
            if (stmt.Command is SimpleCommand simple)
            {
                SimpleCommand(simple, stmt.Redirects);
                return;
            }
            Command(stmt.Command);
            foreach (var redirect in stmt.Redirects)
            {
                Write(" ");
                Redirect(redirect);
            }
        }

        void SimpleCommand(SimpleCommand command, ImmutableArray<Redirect> redirects)
        {
            // `>x if` is a command named `if`, but `if >x` would open an if clause: there the redirects stay in
            // front; so they do after a word that ends the input with a lone backslash (`>x a\`)
            var redirectsFirst = !command.Args.IsEmpty && !redirects.IsEmpty
                && ((command.Assignments.IsEmpty && IsReservedAtCommandStart(command.Args[0]))
                    || EndsWithUnescapedBackslash(WordText(command.Args[^1])));
            var first = true;
            void Separate()
            {
                if (!first) Write(" ");
                first = false;
            }
            void Redirects()
            {
                foreach (var redirect in redirects)
                {
                    Separate();
                    Redirect(redirect);
                }
            }

            if (redirectsFirst) Redirects();
            foreach (var assignment in command.Assignments)
            {
                Separate();
                Assignment(assignment);
            }
            foreach (var arg in command.Args)
            {
                Separate();
                Write(WordText(arg));
            }
            if (!redirectsFirst) Redirects();
        }

        static bool IsReservedAtCommandStart(Word word)
        {
            var text = ShellPrinter.Print(word);
            return ReservedWords.Classify(text) != ReservedWord.None || text == "[[";
        }

        void Command(Command command)
        {
            switch (command)
            {
                case SimpleCommand simple:
                    SimpleCommand(simple, []);
                    break;
                case Pipeline pipeline:
                    for (var i = 0; i < pipeline.Stmts.Length; i++)
                    {
                        if (i > 0) Write(pipeline.Ops[i - 1] == PipeOp.PipeAll ? " |& " : " | ");
                        Stmt(pipeline.Stmts[i]);
                    }
                    break;
                case AndOrList list:
                    for (var i = 0; i < list.Stmts.Length; i++)
                    {
                        if (i > 0) Write(list.Ops[i - 1] == AndOrOp.And ? " && " : " || ");
                        Stmt(list.Stmts[i]);
                    }
                    break;
                case Subshell subshell:
                    // written in place: a here-document opened inside reads its body after this same line
                    Write("(");
                    var at = _sb.Length;
                    TightList(subshell.Stmts);
                    // `((` would start arithmetic
                    if (at < _sb.Length && _sb[at] == '(') _sb.Insert(at, ' ');
                    Write(")");
                    break;
                case BraceGroup group:
                    Write("{");
                    KeywordList(group.Stmts);
                    Write("}");
                    break;
                case IfClause clause:
                    Write("if");
                    KeywordList(clause.Condition);
                    Write("then");
                    KeywordList(clause.Then);
                    foreach (var elif in clause.Elifs)
                    {
                        Write("elif");
                        KeywordList(elif.Condition);
                        Write("then");
                        KeywordList(elif.Then);
                    }
                    if (clause.Else is { } otherwise)
                    {
                        Write("else");
                        KeywordList(otherwise);
                    }
                    Write("fi");
                    break;
                case WhileClause loop:
                    Write(loop.Until ? "until" : "while");
                    KeywordList(loop.Condition);
                    Write("do");
                    KeywordList(loop.Body);
                    Write("done");
                    break;
                case ForClause loop:
                    // the separator before `do` is not in the tree, and a `{ …; }` body means the same as `do …; done`
                    Write((loop.Select ? "select " : "for ") + loop.Name);
                    if (loop.Items is { } items)
                    {
                        Write(" in");
                        foreach (var item in items) Write(" " + WordText(item));
                    }
                    Write("; do");
                    KeywordList(loop.Body);
                    Write("done");
                    break;
                case ArithmeticForClause loop:
                    Write("for ((" + loop.Header + ")); do");
                    KeywordList(loop.Body);
                    Write("done");
                    break;
                case CaseClause clause:
                    Case(clause);
                    break;
                case FunctionDecl function:
                    Write(function.FunctionKeyword
                        ? "function " + function.Name + (function.Parens ? "() " : " ")
                        : function.Name + "() ");
                    Stmt(function.Body);
                    break;
                case ArithmeticCommand arithmetic:
                    Write("((" + arithmetic.Expression + "))");
                    break;
                case TestClause test:
                    Write("[[" + test.Expression + "]]");
                    break;
                case TimeClause time:
                    Write(time.Posix ? "time -p" : "time");
                    if (time.Stmt is { } timed)
                    {
                        Write(" ");
                        Stmt(timed);
                    }
                    break;
                case CoprocClause coproc:
                    Write(coproc.Name is { } name ? "coproc " + name + " " : "coproc ");
                    Stmt(coproc.Stmt);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "unknown command");
            }
        }

        /// <summary><c>case w in a|b) body ;; esac</c> on one line, or one item per line when a body needs line breaks.</summary>
        void Case(CaseClause clause)
        {
            Write("case " + WordText(clause.Subject) + " in");
            var inline = clause.Items.All(item => IsInline(item.Body, closerIsWord: false));
            if (!inline) _indent++;
            foreach (var item in clause.Items)
            {
                if (inline) Write(" ");
                else NewLine();
                // without its optional `(`, a first pattern `esac` would end the case
                var patterns = string.Join(" | ", item.Patterns.Select(WordText));
                Write(ReservedWords.Classify(WordText(item.Patterns[0])) == ReservedWord.Esac ? "(" + patterns + ")" : patterns + ")");
                if (IsInline(item.Body, closerIsWord: false))
                {
                    foreach (var stmt in item.Body)
                    {
                        Write(" ");
                        Stmt(stmt);
                        Terminator(stmt);
                    }
                    Write(" ");
                }
                else
                {
                    // shfmt style: the body and its `;;` one level deeper than the patterns
                    _indent++;
                    foreach (var stmt in item.Body)
                    {
                        NewLine();
                        Stmt(stmt);
                        Terminator(stmt);
                    }
                    NewLine();
                    _indent--;
                }
                Write(item.Terminator switch
                {
                    CaseItemTerminator.FallThrough => ";&",
                    CaseItemTerminator.Continue => ";;&",
                    _ => ";;",
                });
            }
            if (inline) Write(" ");
            else
            {
                _indent--;
                NewLine();
            }
            Write("esac");
        }

        void Redirect(Redirect redirect)
        {
            if (redirect.Fd is { } fd) Write(fd.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (redirect.FdVariable is { } variable) Write("{" + variable + "}");
            var op = redirect.Op switch
            {
                RedirectOp.Input => "<",
                RedirectOp.Output => ">",
                RedirectOp.Append => ">>",
                RedirectOp.Clobber => ">|",
                RedirectOp.ReadWrite => "<>",
                RedirectOp.DuplicateInput => "<&",
                RedirectOp.DuplicateOutput => ">&",
                RedirectOp.OutputAndError => "&>",
                RedirectOp.AppendOutputAndError => "&>>",
                RedirectOp.HereDoc => "<<",
                RedirectOp.HereDocStripTabs => "<<-",
                RedirectOp.HereString => "<<<",
                _ => throw new ArgumentOutOfRangeException(nameof(redirect), redirect.Op, "unknown redirection"),
            };
            // the delimiter word is printed as written, so a quoted one (`<<'EOF'`) keeps the body literal
            var target = WordText(redirect.Target);
            // `> >(x)` and `<< -x` need the blank, or the operator would swallow the next character
            var blank = target.StartsWith('<') || target.StartsWith('>') || (redirect.Op == RedirectOp.HereDoc && target.StartsWith('-'));
            Write(op + (blank ? " " : "") + target);
            if (redirect.HereDoc is { } doc) (_pendingHereDocs ??= []).Add(doc);
        }

        void Assignment(Assignment assignment)
        {
            var sb = new StringBuilder(assignment.Name);
            if (assignment.Index is { } index) sb.Append('[').Append(index).Append(']');
            sb.Append(assignment.Append ? "+=" : "=");
            if (assignment.Value is { } value) sb.Append(WordText(value));
            if (assignment.Array is { } array) sb.Append('(').AppendJoin(' ', array.Elements.Select(WordText)).Append(')');
            Write(sb.ToString());
        }

        // ---- words ---------------------------------------------------------------------------------------------

        /// <summary>The statements of a substitution, printed apart so their here-documents end inside it.</summary>
        string Nested(ImmutableArray<Stmt> stmts)
        {
            var inner = new Writer(_indent);
            inner.TightList(stmts);
            // bodies opened inside are read at a line break inside; an unterminated one with no body needs none
            if (!inner.InUnterminatedHereDocLine) inner.EndHereDocLine();
            var text = inner.ToString();
            // `$((` would start arithmetic
            return text.StartsWith('(') ? " " + text : text;
        }

        public string WordText(Word word) => PartsText(word.Parts, Quoting.None);

        string PartsText(ImmutableArray<WordPart> parts, Quoting quoting)
        {
            // most words are one part (a plain literal, mostly): its text needs no builder
            if (parts.Length == 1) return parts[0] is Literal only ? LiteralText(only.Value, quoting, beforeExpansion: false) : Part(parts[0], quoting);
            var sb = new StringBuilder();
            for (var i = 0; i < parts.Length; i++)
            {
                var beforeExpansion = i + 1 < parts.Length && parts[i + 1] is not Literal;
                sb.Append(parts[i] is Literal literal ? LiteralText(literal.Value, quoting, beforeExpansion) : Part(parts[i], quoting));
            }
            return sb.ToString();
        }

        /// <summary>
        /// A literal as written. The parser removes line continuations from literals, so a lone <c>$</c> it read
        /// in <c>$\⏎x</c> or <c>$\⏎'a'</c> now stands before text that would make it an expansion: the continuation
        /// is written back there.
        /// </summary>
        static string LiteralText(string value, Quoting quoting, bool beforeExpansion)
        {
            // all that is left of a literal that was only a line continuation
            if (value.Length == 0) return "\\\n";
            if (!value.Contains('$')) return value;
            var sb = new StringBuilder(value.Length + 2);
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                sb.Append(c);
                if (c == '\\' && i + 1 < value.Length)
                {
                    sb.Append(value[++i]);
                    continue;
                }
                if (c != '$') continue;
                var fuses = i + 1 < value.Length
                    ? value[i + 1] is '(' or '{' or '[' || ShellLexer.IsNameStart(value[i + 1]) || char.IsAsciiDigit(value[i + 1])
                        || ShellLexer.IsSpecialParameter(value[i + 1]) || (quoting == Quoting.None && value[i + 1] is '\'' or '"')
                    : beforeExpansion;
                if (fuses) sb.Append("\\\n");
            }
            return sb.ToString();
        }

        string Part(WordPart part, Quoting quoting) => part switch
        {
            Literal literal => LiteralText(literal.Value, quoting, beforeExpansion: false),
            SingleQuoted quoted => (quoted.Dollar ? "$'" : "'") + quoted.Value + "'",
            DoubleQuoted quoted => (quoted.Dollar ? "$\"" : "\"") + PartsText(quoted.Parts, Quoting.DoubleQuotes) + "\"",
            ParamExpansion expansion => ParamExpansion(expansion),
            CommandSubstitution { Backquoted: true } substitution =>
                "`" + EscapeForBackquotes(Nested(substitution.Stmts), quoting == Quoting.DoubleQuotes) + "`",
            CommandSubstitution substitution => "$(" + Nested(substitution.Stmts) + ")",
            ProcessSubstitution substitution => (substitution.Output ? ">(" : "<(") + Nested(substitution.Stmts) + ")",
            ArithmeticExpansion arithmetic =>
                arithmetic.Bracketed ? "$[" + arithmetic.Expression + "]" : "$((" + arithmetic.Expression + "))",
            _ => throw new ArgumentOutOfRangeException(nameof(part), part.GetType().Name, "unknown word part"),
        };

        /// <summary>
        /// Inside backquotes the parser removes the backslash before <c>$</c>, <c>`</c> and <c>\</c> (and <c>"</c> in
        /// double quotes); escape what that would change: every backquote, and a backslash before one of those or at the end.
        /// </summary>
        static string EscapeForBackquotes(string text, bool inDoubleQuotes)
        {
            var sb = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                var escapable = i + 1 == text.Length || text[i + 1] is '$' or '`' or '\\' || (inDoubleQuotes && text[i + 1] == '"');
                if (c == '`' || (c == '\\' && escapable)) sb.Append('\\');
                sb.Append(c);
            }
            return sb.ToString();
        }

        string ParamExpansion(ParamExpansion p)
        {
            if (p.Short) return "$" + p.Name;
            if (p.Unparsed is { } unparsed) return "${" + unparsed + "}";

            var sb = new StringBuilder("${");
            if (p.Length) sb.Append('#');
            if (p.Indirect) sb.Append('!');
            sb.Append(p.Name);
            if (p.Index is { } index) sb.Append('[').Append(index).Append(']');
            sb.Append(p.NamePrefixSuffix);
            if (p.SliceOffset is { } offset)
            {
                sb.Append(':').Append(offset);
                if (p.SliceLength is { } length) sb.Append(':').Append(length);
            }
            if (p.Op is { } op)
            {
                if (p.Colon) sb.Append(':');
                sb.Append(op switch
                {
                    ParamOp.Default => "-",
                    ParamOp.AssignDefault => "=",
                    ParamOp.ErrorIfUnset => "?",
                    ParamOp.Alternative => "+",
                    ParamOp.RemoveShortestPrefix => "#",
                    ParamOp.RemoveLongestPrefix => "##",
                    ParamOp.RemoveShortestSuffix => "%",
                    ParamOp.RemoveLongestSuffix => "%%",
                    ParamOp.ReplaceFirst => "/",
                    ParamOp.ReplaceAll => "//",
                    ParamOp.ReplacePrefix => "/#",
                    ParamOp.ReplaceSuffix => "/%",
                    ParamOp.UpperFirst => "^",
                    ParamOp.UpperAll => "^^",
                    ParamOp.LowerFirst => ",",
                    ParamOp.LowerAll => ",,",
                    ParamOp.Transform => "@",
                    _ => throw new ArgumentOutOfRangeException(nameof(p), op, "unknown parameter operator"),
                });
                if (p.Argument is { } argument) sb.Append(WordText(argument));
                // the parser keeps a replacement only when it is not empty: `${x/a/}` reads as `${x/a}`
                if (p.Replacement is { } replacement) sb.Append('/').Append(WordText(replacement));
            }
            return sb.Append('}').ToString();
        }
    }
}
