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
    public static IEnumerable<SyntaxNode> Descendants(IEnumerable<Stmt> stmts)
    {
        var stack = new Stack<SyntaxNode>();
        foreach (var stmt in stmts.Reverse()) stack.Push(stmt);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            var children = Children(node);
            for (var i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
        }
    }

    /// <summary>Every simple command under <paramref name="stmts"/>, with the statement that holds its redirections.</summary>
    public static IEnumerable<(SimpleCommand Command, Stmt Stmt)> SimpleCommands(IEnumerable<Stmt> stmts) =>
        Descendants(stmts).OfType<Stmt>().Where(s => s.Command is SimpleCommand).Select(s => ((SimpleCommand)s.Command, s));

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

    static IReadOnlyList<SyntaxNode> Children(SyntaxNode node) => node switch
    {
        Stmt stmt => [stmt.Command, .. stmt.Redirects],
        SimpleCommand simple => [.. simple.Assignments, .. simple.Args],
        Pipeline pipeline => pipeline.Stmts,
        AndOrList list => list.Stmts,
        Subshell subshell => subshell.Stmts,
        BraceGroup group => group.Stmts,
        IfClause clause => [.. clause.Condition, .. clause.Then, .. clause.Elifs, .. clause.Else ?? []],
        ElifBranch elif => [.. elif.Condition, .. elif.Then],
        WhileClause loop => [.. loop.Condition, .. loop.Body],
        ForClause loop => [.. loop.Items ?? [], .. loop.Body],
        ArithmeticForClause loop => loop.Body,
        CaseClause clause => [clause.Subject, .. clause.Items],
        CaseItem item => [.. item.Patterns, .. item.Body],
        FunctionDecl function => [function.Body],
        TimeClause time => time.Stmt is { } timed ? [timed] : [],
        CoprocClause coproc => [coproc.Stmt],
        Assignment assignment => [.. assignment.Value is { } value ? [value] : Array.Empty<SyntaxNode>(), .. assignment.Array?.Elements ?? []],
        Word word => word.Parts,
        DoubleQuoted quoted => quoted.Parts,
        CommandSubstitution substitution => substitution.Stmts,
        ProcessSubstitution substitution => substitution.Stmts,
        ParamExpansion expansion => [.. expansion.Argument is { } argument ? [argument] : Array.Empty<SyntaxNode>(), .. expansion.Replacement is { } replacement ? [replacement] : Array.Empty<SyntaxNode>()],
        Redirect redirect => redirect.HereDoc is { } doc ? [redirect.Target, doc] : [redirect.Target],
        HereDoc doc => doc.Body,
        _ => [],
    };
}
