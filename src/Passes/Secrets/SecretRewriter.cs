using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Passes.Filtering;
using Superpower.Model;

namespace DockerRecord.Passes.Secrets;

/// <summary>
/// Replaces every secret value in the literal text of a command line by <c>"${NAME}"</c>: in unquoted and
/// single-quoted text the expansion goes in double quotes of its own (<c>-p"${MYSQL_PASSWORD}"</c>,
/// <c>'u:'"${ROOT_PASSWORD}"</c>), inside double quotes and unquoted here-documents it is written as it is. A quoted
/// here-document holding a secret becomes an unquoted one, its other <c>$</c>, backquotes and backslashes escaped.
/// </summary>
sealed class SecretRewriter(SecretTable table)
{
    readonly (string Value, string Name)[] _secrets = [.. table.ByLength];

    /// <summary>The names of the secrets replaced by the last calls.</summary>
    public SortedSet<string> Used { get; } = new(StringComparer.Ordinal);

    public ImmutableArray<Stmt> Rewrite(ImmutableArray<Stmt> stmts) => [.. stmts.Select(Rewrite)];

    Stmt Rewrite(Stmt stmt) => stmt with { Command = Rewrite(stmt.Command), Redirects = [.. stmt.Redirects.Select(Rewrite)] };

    Command Rewrite(Command command) => command switch
    {
        SimpleCommand c => c with
        {
            Assignments = [.. c.Assignments.Select(a => a with { Value = a.Value is null ? null : Rewrite(a.Value), Array = a.Array is null ? null : a.Array with { Elements = Rewrite(a.Array.Elements) } })],
            Args = Rewrite(c.Args),
        },
        Pipeline p => p with { Stmts = Rewrite(p.Stmts) },
        AndOrList l => l with { Stmts = Rewrite(l.Stmts) },
        Subshell s => s with { Stmts = Rewrite(s.Stmts) },
        BraceGroup b => b with { Stmts = Rewrite(b.Stmts) },
        IfClause i => i with
        {
            Condition = Rewrite(i.Condition), Then = Rewrite(i.Then),
            Elifs = [.. i.Elifs.Select(e => e with { Condition = Rewrite(e.Condition), Then = Rewrite(e.Then) })],
            Else = i.Else is { } otherwise ? Rewrite(otherwise) : null,
        },
        WhileClause w => w with { Condition = Rewrite(w.Condition), Body = Rewrite(w.Body) },
        ForClause f => f with { Items = f.Items is { } items ? Rewrite(items) : null, Body = Rewrite(f.Body) },
        ArithmeticForClause a => a with { Body = Rewrite(a.Body) },
        CaseClause c => c with { Subject = Rewrite(c.Subject), Items = [.. c.Items.Select(i => i with { Body = Rewrite(i.Body) })] },
        FunctionDecl f => f with { Body = Rewrite(f.Body) },
        TimeClause { Stmt: { } inner } t => t with { Stmt = Rewrite(inner) },
        CoprocClause c => c with { Stmt = Rewrite(c.Stmt) },
        _ => command,
    };

    Redirect Rewrite(Redirect redirect)
    {
        var rewritten = redirect with { Target = Rewrite(redirect.Target) };
        if (redirect.HereDoc is not { } doc) return rewritten;
        if (doc.QuotedDelimiter)
        {
            var text = string.Concat(doc.Body.OfType<Literal>().Select(l => l.Value));
            if (!_secrets.Any(s => text.Contains(s.Value, StringComparison.Ordinal))) return rewritten;
            // unquote the delimiter so the expansion works; escape what would expand besides it
            var escaped = text.Replace("\\", "\\\\").Replace("$", "\\$").Replace("`", "\\`");
            doc = doc with { QuotedDelimiter = false, Body = [new Literal(escaped, TextSpan.None)] };
            rewritten = rewritten with { Target = new Word([new Literal(doc.Delimiter, TextSpan.None)], TextSpan.None) };
        }
        return rewritten with { HereDoc = doc with { Body = RewriteInsideQuotes(doc.Body) } };
    }

    ImmutableArray<Word> Rewrite(ImmutableArray<Word> words) => [.. words.Select(Rewrite)];

    Word Rewrite(Word word)
    {
        // a value typed in pieces of quotes (-p'Hun'ter2x) is whole only in the word's value: the word is written
        // again from its value, each piece quoted on its own and the secret cut out
        if (word.Parts.Length > 1 && SplitValue(word) is { } value)
            return new Word([.. Split(value, text => SyntaxNodes.MakeWord(text).Parts[0], Context.SingleQuotes)], TextSpan.None);
        return word with { Parts = [.. word.Parts.SelectMany(RewriteUnquoted)] };
    }

    /// <summary>The word's value when a secret is in it but in none of its parts alone; null otherwise.</summary>
    string? SplitValue(Word word)
    {
        // a glob or a leading ~ would stop expanding once quoted: such words are left to the parts
        if (word.Parts.Any(p => p is Literal { Value: var text } && text.AsSpan().IndexOfAny("*?[{~") >= 0)) return null;
        if (SyntaxNodes.StaticValue(word) is not { } value) return null;
        foreach (var (secret, _) in _secrets)
            if (value.Contains(secret, StringComparison.Ordinal) && !word.Parts.Any(p => PartText(p)?.Contains(secret, StringComparison.Ordinal) == true))
                return value;
        return null;
    }

    static string? PartText(WordPart part) => part switch
    {
        Literal literal => literal.Value,
        SingleQuoted quoted => quoted.Value,
        DoubleQuoted quoted => string.Concat(quoted.Parts.OfType<Literal>().Select(l => l.Value)),
        _ => null,
    };

    IEnumerable<WordPart> RewriteUnquoted(WordPart part) => part switch
    {
        Literal literal => Split(literal.Value, text => new Literal(text, TextSpan.None), Context.Unquoted),
        SingleQuoted { Dollar: false } quoted => Split(quoted.Value, text => new SingleQuoted(text, false, TextSpan.None), Context.SingleQuotes),
        DoubleQuoted quoted => [quoted with { Parts = RewriteInsideQuotes(quoted.Parts) }],
        CommandSubstitution s => [s with { Stmts = Rewrite(s.Stmts) }],
        ProcessSubstitution s => [s with { Stmts = Rewrite(s.Stmts) }],
        _ => [part],
    };

    ImmutableArray<WordPart> RewriteInsideQuotes(ImmutableArray<WordPart> parts) =>
    [
        .. parts.SelectMany(part => part switch
        {
            Literal literal => Split(literal.Value, text => new Literal(text, TextSpan.None), Context.DoubleQuotes),
            CommandSubstitution s => [s with { Stmts = Rewrite(s.Stmts) }],
            _ => [part],
        }),
    ];

    enum Context { Unquoted, SingleQuotes, DoubleQuotes }

    /// <summary>The text cut at each secret value, the value replaced by <c>${NAME}</c> (in double quotes of its own outside them).</summary>
    IEnumerable<WordPart> Split(string text, Func<string, WordPart> keep, Context context)
    {
        var start = 0;
        while (start < text.Length)
        {
            var (index, secret) = NextSecret(text, start);
            if (index < 0) break;
            var before = text[start..index];
            // a backslash just before the value must not quote the expansion: unquoted it only escaped the value's
            // first character (dropped with it); in double quotes it was a backslash of its own (written `\`)
            if (context != Context.SingleQuotes && TrailingBackslashes(before) % 2 == 1)
                before = context == Context.Unquoted ? before[..^1] : before + "\\";
            if (before.Length > 0) yield return keep(before);
            Used.Add(secret.Name);
            var expansion = new ParamExpansion(secret.Name, false, false, false, null, null, null, null, false, null, null, null, null, TextSpan.None);
            yield return context == Context.DoubleQuotes ? expansion : new DoubleQuoted([expansion], false, TextSpan.None);
            start = index + secret.Value.Length;
        }
        if (start == 0) yield return keep(text);
        else if (start < text.Length) yield return keep(text[start..]);
    }

    static int TrailingBackslashes(string text)
    {
        var count = 0;
        for (var i = text.Length - 1; i >= 0 && text[i] == '\\'; i--) count++;
        return count;
    }

    (int Index, (string Value, string Name) Secret) NextSecret(string text, int from)
    {
        var best = (-1, ("", ""));
        foreach (var secret in _secrets)
        {
            var index = text.IndexOf(secret.Value, from, StringComparison.Ordinal);
            if (index >= 0 && (best.Item1 < 0 || index < best.Item1)) best = (index, secret);
        }
        return best;
    }
}
