using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Secrets;

/// <summary>Every statement and every word of a command line, depth first, over the closed set of syntax records.</summary>
static class SyntaxWalk
{
    /// <summary>The statements, each before the statements inside it (pipeline members, loop bodies, substitutions…).</summary>
    public static IEnumerable<Stmt> Stmts(IEnumerable<Stmt> stmts)
    {
        foreach (var stmt in stmts)
        {
            yield return stmt;
            foreach (var inner in Stmts(Children(stmt))) yield return inner;
        }
    }

    static IEnumerable<Stmt> Children(Stmt stmt)
    {
        IEnumerable<Stmt> children = stmt.Command switch
        {
            Pipeline p => p.Stmts,
            AndOrList l => l.Stmts,
            Subshell s => s.Stmts,
            BraceGroup b => b.Stmts,
            IfClause i => [.. i.Condition, .. i.Then, .. i.Elifs.SelectMany(e => e.Condition.Concat(e.Then)), .. i.Else ?? []],
            WhileClause w => [.. w.Condition, .. w.Body],
            ForClause f => f.Body,
            ArithmeticForClause a => a.Body,
            CaseClause c => c.Items.SelectMany(item => item.Body),
            FunctionDecl f => [f.Body],
            TimeClause { Stmt: { } inner } => [inner],
            CoprocClause c => [c.Stmt],
            _ => [],
        };
        // statements inside the words' substitutions
        return children.Concat(Words(stmt).SelectMany(w => w.Parts).SelectMany(SubstitutedStmts));
    }

    /// <summary>The words of one statement (not of the statements inside it): arguments, assignment values, redirection targets.</summary>
    public static IEnumerable<Word> Words(Stmt stmt)
    {
        foreach (var redirect in stmt.Redirects) yield return redirect.Target;
        switch (stmt.Command)
        {
            case SimpleCommand command:
                foreach (var assignment in command.Assignments)
                {
                    if (assignment.Value is { } value) yield return value;
                    if (assignment.Array is { } array) foreach (var element in array.Elements) yield return element;
                }
                foreach (var arg in command.Args) yield return arg;
                break;
            case ForClause { Items: { } items }:
                foreach (var item in items) yield return item;
                break;
            case CaseClause c:
                yield return c.Subject;
                foreach (var pattern in c.Items.SelectMany(i => i.Patterns)) yield return pattern;
                break;
        }
    }

    /// <summary>
    /// The literal text pieces of a statement's words and here-document bodies (not of inner statements): where a typed
    /// secret can stand.
    /// </summary>
    public static IEnumerable<string> LiteralTexts(Stmt stmt) =>
        Words(stmt).SelectMany(w => w.Parts).Concat(stmt.Redirects.Where(r => r.HereDoc is not null).SelectMany(r => r.HereDoc!.Body))
            .SelectMany(LiteralTexts);

    static IEnumerable<string> LiteralTexts(WordPart part) => part switch
    {
        Literal literal => [literal.Value],
        SingleQuoted quoted => [quoted.Value],
        DoubleQuoted quoted => quoted.Parts.SelectMany(LiteralTexts),
        ParamExpansion { Argument: { } argument } expansion =>
            argument.Parts.Concat(expansion.Replacement?.Parts ?? []).SelectMany(LiteralTexts),
        _ => [],
    };

    static IEnumerable<Stmt> SubstitutedStmts(WordPart part) => part switch
    {
        CommandSubstitution s => s.Stmts,
        ProcessSubstitution s => s.Stmts,
        DoubleQuoted quoted => quoted.Parts.SelectMany(SubstitutedStmts),
        _ => [],
    };
}
