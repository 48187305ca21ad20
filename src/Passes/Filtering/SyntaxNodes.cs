using System.Collections.Immutable;
using System.Text;
using DockerRecord.Frontend.Syntax;
using Superpower.Model;

namespace DockerRecord.Passes.Filtering;

/// <summary>
/// Small queries over the shell AST that the filtering, state and safety passes share: every node under some
/// statements (substitutions and here-document bodies included), the static value of a word, and which redirections
/// write a file.
/// </summary>
public static class SyntaxNodes
{
    /// <summary>Every node under <paramref name="stmts"/>, parents before children, in source order.</summary>
    public static IEnumerable<SyntaxNode> Descendants(IEnumerable<Stmt> stmts) => Descendants(AsArray(stmts));

    /// <inheritdoc cref="Descendants(IEnumerable{Stmt})"/>
    public static IEnumerable<SyntaxNode> Descendants(ImmutableArray<Stmt> stmts)
    {
        // no list of children per node, and the stack is reused: every pass walks every step, 100,000 of them
        var stack = RentStack();
        try
        {
            PushReversed(stack, stmts);
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                yield return node;
                PushChildren(stack, node);
            }
        }
        finally
        {
            ReturnStack(stack);
        }
    }

    /// <summary>Every simple command under <paramref name="stmts"/>, with the statement that holds its redirections.</summary>
    public static SimpleCommandSequence SimpleCommands(IEnumerable<Stmt> stmts) => new(Statements(AsArray(stmts)));

    /// <summary>
    /// The statements among <see cref="Descendants(ImmutableArray{Stmt})"/>, in the same order: the statements of lists,
    /// pipelines and compound commands, and those inside command and process substitutions and here-document bodies.
    /// </summary>
    public static ImmutableArray<Stmt> Statements(ImmutableArray<Stmt> stmts)
    {
        // most steps are simple commands of plain words: they hold no other statement, so the array is the answer.
        // No cache: a table keyed by tree (weak references) made every collection slower on long traces than the walk.
        if (AllFlat(stmts)) return stmts;
        var found = ImmutableArray.CreateBuilder<Stmt>(stmts.Length + 4);
        var stack = RentStack();
        PushReversed(stack, stmts);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is Stmt stmt) found.Add(stmt);
            else if (node is Literal or SingleQuoted || (node is Word word && IsPlain(word))) continue;
            PushChildren(stack, node);
        }
        ReturnStack(stack);
        return found.DrainToImmutable();
    }

    /// <summary>True when no statement is nested in these: simple commands whose words are all plain, no here-documents.</summary>
    public static bool AllFlat(ImmutableArray<Stmt> stmts)
    {
        foreach (var stmt in stmts)
        {
            if (stmt.Command is not SimpleCommand simple) return false;
            foreach (var arg in simple.Args)
                if (!IsPlain(arg)) return false;
            foreach (var assignment in simple.Assignments)
                if (assignment.Array is not null || (assignment.Value is { } value && !IsPlain(value))) return false;
            foreach (var redirect in stmt.Redirects)
                if (redirect.HereDoc is not null || !IsPlain(redirect.Target)) return false;
        }
        return true;
    }

    // One spare stack per thread: walks rarely nest, and one that does simply takes a new stack.
    [ThreadStatic] static NodeStack? t_spareStack;

    static NodeStack RentStack()
    {
        var stack = t_spareStack ?? new NodeStack();
        t_spareStack = null;
        return stack;
    }

    static void ReturnStack(NodeStack stack)
    {
        stack.Clear();
        t_spareStack = stack;
    }

    static ImmutableArray<Stmt> AsArray(IEnumerable<Stmt> stmts) => stmts is ImmutableArray<Stmt> array ? array : [.. stmts];

    static bool IsPlain(Word word)
    {
        foreach (var part in word.Parts)
            if (part is not (Literal or SingleQuoted)) return false;
        return true;
    }

    /// <summary>Names of the variables the statements read (<c>$X</c>, <c>${X…}</c>, and names inside arithmetic).</summary>
    public static ImmutableSortedSet<string> ReferencedVariables(IEnumerable<Stmt> stmts)
    {
        var names = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var node in Descendants(stmts))
        {
            switch (node)
            {
                case ParamExpansion expansion when IsName(expansion.Name):
                    names.Add(expansion.Name);
                    break;
                case ArithmeticExpansion arithmetic:
                    AddNames(arithmetic.Expression, names);
                    break;
                case ArithmeticCommand arithmetic:
                    AddNames(arithmetic.Expression, names);
                    break;
                case TestClause test:
                    AddNames(test.Expression, names);
                    break;
            }
        }
        return names.ToImmutable();
    }

    /// <summary>
    /// The word's value when no expansion happens in it: unquoted text (escapes removed), single-quoted and
    /// double-quoted text without expansions. Null when the word holds any expansion. Globs and a leading <c>~</c>
    /// are returned as written.
    /// </summary>
    public static string? StaticValue(Word word)
    {
        if (word.LiteralValue is { } plain && plain.IndexOf('\\') < 0) return plain;
        var value = new StringBuilder();
        foreach (var part in word.Parts)
        {
            switch (part)
            {
                case Literal literal:
                    value.Append(Unescape(literal.Value, inDoubleQuotes: false));
                    break;
                case SingleQuoted { Dollar: false } quoted:
                    value.Append(quoted.Value);
                    break;
                case DoubleQuoted { Dollar: false } quoted when quoted.Parts.All(p => p is Literal):
                    foreach (var literal in quoted.Parts.Cast<Literal>()) value.Append(Unescape(literal.Value, inDoubleQuotes: true));
                    break;
                default:
                    return null;
            }
        }
        return value.ToString();
    }

    /// <summary>The static values of a command's words; null for a word with expansions.</summary>
    public static ImmutableArray<string?> StaticArgs(SimpleCommand command) => [.. command.Args.Select(StaticValue)];

    /// <summary>The command name (its static value, path left out for <c>/usr/bin/x</c>), or null when it is computed.</summary>
    public static string? CommandName(SimpleCommand command)
    {
        if (command.Args.IsEmpty) return null;
        var name = StaticValue(command.Args[0]);
        return name is not null && name.StartsWith('/') ? name[(name.LastIndexOf('/') + 1)..] : name;
    }

    /// <summary>
    /// True when the redirection writes a file: <c>&gt;</c>, <c>&gt;&gt;</c>, <c>&gt;|</c>, <c>&amp;&gt;</c>, <c>&lt;&gt;</c>, or
    /// <c>&gt;&amp; file</c>, to anything but <c>/dev/null</c> and the standard streams.
    /// </summary>
    public static bool WritesFile(Redirect redirect)
    {
        switch (redirect.Op)
        {
            case RedirectOp.Output or RedirectOp.Append or RedirectOp.Clobber or RedirectOp.OutputAndError
                or RedirectOp.AppendOutputAndError or RedirectOp.ReadWrite:
                break;
            case RedirectOp.DuplicateOutput:
                // `>&2` and `>&-` name descriptors; `>& file` is `&> file`
                var target = StaticValue(redirect.Target);
                if (target is not null && (target == "-" || target.All(char.IsAsciiDigit))) return false;
                break;
            default:
                return false;
        }
        return StaticValue(redirect.Target) is not ("/dev/null" or "/dev/stdout" or "/dev/stderr" or "/dev/tty");
    }

    /// <summary>A word holding exactly <paramref name="text"/>, unquoted when that is safe, else single-quoted.</summary>
    public static Word MakeWord(string text, TextSpan span = default)
    {
        var safe = text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=+,@%^".Contains(c));
        WordPart part = safe || text.Contains('\'')
            ? safe ? new Literal(text, span) : new DoubleQuoted([new Literal(EscapeForDoubleQuotes(text), span)], false, span)
            : new SingleQuoted(text, false, span);
        return new Word([part], span);
    }

    static string EscapeForDoubleQuotes(string text)
    {
        var escaped = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (c is '$' or '`' or '"' or '\\') escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    static string Unescape(string text, bool inDoubleQuotes)
    {
        if (text.IndexOf('\\') < 0) return text;
        var value = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && (!inDoubleQuotes || text[i + 1] is '$' or '`' or '"' or '\\'))
                i++;
            value.Append(text[i]);
        }
        return value.ToString();
    }

    static bool IsName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Identifiers in opaque text (arithmetic, <c>[[ ]]</c>): a name there may be a variable.</summary>
    static void AddNames(string text, ImmutableSortedSet<string>.Builder names)
    {
        for (var i = 0; i < text.Length;)
        {
            if (char.IsAsciiLetter(text[i]) || text[i] == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                names.Add(text[start..i]);
            }
            else i++;
        }
    }

    /// <summary>Pushes the node's children so that they pop in source order.</summary>
    static void PushChildren(NodeStack stack, SyntaxNode node)
    {
        switch (node)
        {
            case Stmt stmt:
                PushReversed(stack, stmt.Redirects);
                stack.Push(stmt.Command);
                break;
            case SimpleCommand simple:
                PushReversed(stack, simple.Args);
                PushReversed(stack, simple.Assignments);
                break;
            case Pipeline pipeline: PushReversed(stack, pipeline.Stmts); break;
            case AndOrList list: PushReversed(stack, list.Stmts); break;
            case Subshell subshell: PushReversed(stack, subshell.Stmts); break;
            case BraceGroup group: PushReversed(stack, group.Stmts); break;
            case IfClause clause:
                if (clause.Else is { } otherwise) PushReversed(stack, otherwise);
                PushReversed(stack, clause.Elifs);
                PushReversed(stack, clause.Then);
                PushReversed(stack, clause.Condition);
                break;
            case ElifBranch elif:
                PushReversed(stack, elif.Then);
                PushReversed(stack, elif.Condition);
                break;
            case WhileClause loop:
                PushReversed(stack, loop.Body);
                PushReversed(stack, loop.Condition);
                break;
            case ForClause loop:
                PushReversed(stack, loop.Body);
                if (loop.Items is { } items) PushReversed(stack, items);
                break;
            case ArithmeticForClause loop: PushReversed(stack, loop.Body); break;
            case CaseClause clause:
                PushReversed(stack, clause.Items);
                stack.Push(clause.Subject);
                break;
            case CaseItem item:
                PushReversed(stack, item.Body);
                PushReversed(stack, item.Patterns);
                break;
            case FunctionDecl function: stack.Push(function.Body); break;
            case TimeClause { Stmt: { } timed }: stack.Push(timed); break;
            case CoprocClause coproc: stack.Push(coproc.Stmt); break;
            case Assignment assignment:
                if (assignment.Array is { } array) PushReversed(stack, array.Elements);
                if (assignment.Value is { } value) stack.Push(value);
                break;
            case Word word: PushReversed(stack, word.Parts); break;
            case DoubleQuoted quoted: PushReversed(stack, quoted.Parts); break;
            case CommandSubstitution substitution: PushReversed(stack, substitution.Stmts); break;
            case ProcessSubstitution substitution: PushReversed(stack, substitution.Stmts); break;
            case ParamExpansion expansion:
                if (expansion.Replacement is { } replacement) stack.Push(replacement);
                if (expansion.Argument is { } argument) stack.Push(argument);
                break;
            case Redirect redirect:
                if (redirect.HereDoc is { } doc) stack.Push(doc);
                stack.Push(redirect.Target);
                break;
            case HereDoc body: PushReversed(stack, body.Body); break;
        }
    }

    static void PushReversed<T>(NodeStack stack, ImmutableArray<T> nodes) where T : SyntaxNode
    {
        for (var i = nodes.Length - 1; i >= 0; i--) stack.Push(nodes[i]);
    }
}
