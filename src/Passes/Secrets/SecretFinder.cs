using System.Buffers;
using System.Text.RegularExpressions;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Secrets;

/// <summary>
/// Finds the secret values of a command line (see <see cref="SecretPatterns"/>): values of assignments to secret
/// names (<c>DB_PASSWORD=x cmd</c>, <c>export TOKEN=x</c>), password options (<c>mysql -px</c>,
/// <c>--password=x</c>), passwords piped into <c>chpasswd</c> or <c>passwd</c>, credentials in URLs and
/// authorization headers, and token shapes anywhere. Only literal text counts: <c>TOKEN=$(cat f)</c> holds none.
/// </summary>
static partial class SecretFinder
{
    static readonly HashSet<string> s_declarers = ["export", "declare", "typeset", "readonly", "local", "env"];

    /// <summary>A fixed part of every shape <see cref="FindShapes"/> looks for (case aside): without one, none matches.</summary>
    static readonly SearchValues<string> s_shapeMarkers = SearchValues.Create(
        ["gh", "github_pat_", "glpat-", "akia", "asia", "xox", "npm_", "sk-", "eyj", "://", "authorization:", "private-token:", "x-api-key:"],
        StringComparison.OrdinalIgnoreCase);

    public static void Find(IEnumerable<Stmt> stmts, TraceLocation at, SecretTable table)
    {
        foreach (var stmt in SyntaxWalk.Stmts(stmts))
        {
            if (stmt.Command is SimpleCommand command) FindInCommand(command, at, table);
            if (stmt.Command is Pipeline pipeline) FindPipedPasswords(pipeline, at, table);
            if (stmt.Command is SimpleCommand { Name: { } reader } && SecretPatterns.PasswordReaders.Contains(reader))
                foreach (var redirect in stmt.Redirects.Where(r => r.Op is RedirectOp.HereString or RedirectOp.HereDoc or RedirectOp.HereDocStripTabs))
                {
                    var texts = redirect.HereDoc is { } doc ? doc.Body.OfType<Literal>().Select(l => l.Value) : Literals(redirect.Target);
                    AddPasswordLines(reader, UserOf((SimpleCommand)stmt.Command), texts, at, table);
                }
            foreach (var text in SyntaxWalk.LiteralTexts(stmt)) FindShapes(text, at, table);
        }
    }

    static void FindInCommand(SimpleCommand command, TraceLocation at, SecretTable table)
    {
        foreach (var assignment in command.Assignments)
            if (SecretPatterns.IsSecretName(assignment.Name) && assignment.Value is { } value && AllLiteral(value.Parts))
                AddPieces(Literals(value), assignment.Name, at, table);

        if (command.Name is not { } program) return;
        program = program[(program.LastIndexOf('/') + 1)..];
        var args = command.Args;
        if (s_declarers.Contains(program))
            foreach (var arg in args.Skip(1))
                if (arg.Parts is [Literal first, ..] && NameEquals().Match(first.Value) is { Success: true } m
                    && SecretPatterns.IsSecretName(m.Groups[1].Value) && AllLiteral(arg.Parts))
                    AddPieces([first.Value[m.Length..], .. Literals(arg with { Parts = arg.Parts.RemoveAt(0) })], m.Groups[1].Value, at, table);

        SecretPatterns.PasswordOptions.TryGetValue(program, out var options);
        var subcommand = args.Skip(1).Select(a => a.LiteralValue).FirstOrDefault(a => a is not null && !a.StartsWith('-'));
        for (var i = 1; i < args.Length; i++)
        {
            var text = LiteralText(args[i]);
            if (text is null) continue;
            var eq = text.IndexOf('=');
            if (text.StartsWith("--") && eq > 0 && SecretPatterns.SecretLongOptions.TryGetValue(text[..eq], out var suffix))
                table.Add(text[(eq + 1)..], $"{program}_{suffix}", at);
            foreach (var option in options ?? [])
            {
                if (option.Subcommand is { } required && subcommand != required) continue;
                var next = i + 1 < args.Length ? LiteralText(args[i + 1]) : null;
                string? secret = option.Form switch
                {
                    SecretPatterns.OptionForm.Attached or SecretPatterns.OptionForm.Separate
                        when text.StartsWith(option.Option) && text.Length > option.Option.Length && !option.Option.StartsWith("--")
                        => text[option.Option.Length..],
                    SecretPatterns.OptionForm.Separate when text == option.Option => next,
                    SecretPatterns.OptionForm.UserColonValue when text == option.Option => AfterColon(next),
                    SecretPatterns.OptionForm.UserColonValue when text.StartsWith(option.Option) && !option.Option.StartsWith("--") => AfterColon(text[option.Option.Length..]),
                    SecretPatterns.OptionForm.PassPrefix when text == option.Option && next is not null && next.StartsWith("pass:") => next["pass:".Length..],
                    _ => null,
                };
                if (secret is not null) table.Add(secret, option.Variable, at);
            }
        }
        // htpasswd -b file user password
        if (program == "htpasswd" && args.Skip(1).Any(a => a.LiteralValue is { } o && o.StartsWith('-') && o.Contains('b')) && LiteralText(args[^1]) is { } password)
            table.Add(password, "HTPASSWD_PASSWORD", at);
    }

    /// <summary><c>echo 'u:pw' | chpasswd</c>, <c>printf 'pw\npw\n' | passwd u</c>.</summary>
    static void FindPipedPasswords(Pipeline pipeline, TraceLocation at, SecretTable table)
    {
        for (var i = 1; i < pipeline.Stmts.Length; i++)
        {
            if (pipeline.Stmts[i].Command is not SimpleCommand { Name: { } reader } consumer || !SecretPatterns.PasswordReaders.Contains(reader)) continue;
            if (pipeline.Stmts[i - 1].Command is not SimpleCommand { Name: "echo" or "printf" } producer) continue;
            var args = producer.Args.Skip(1).SkipWhile(a => a.LiteralValue is { } o && o.StartsWith('-')).ToList();
            if (producer.Name == "printf" && args.Count > 1 && LiteralText(args[0]) is { } format && format.Contains('%')) args.RemoveAt(0);
            AddPasswordLines(reader, UserOf(consumer), args.SelectMany(Literals), at, table);
        }
    }

    static void AddPasswordLines(string reader, string user, IEnumerable<string> texts, TraceLocation at, SecretTable table)
    {
        foreach (var text in texts)
            foreach (var line in text.Split(["\\n", "\n"], StringSplitOptions.RemoveEmptyEntries))
            {
                if (reader == "chpasswd")
                {
                    var colon = line.IndexOf(':');
                    if (colon > 0) table.Add(line[(colon + 1)..], $"{line[..colon]}_PASSWORD", at);
                }
                else table.Add(line, $"{user}_PASSWORD", at);
            }
    }

    static string UserOf(SimpleCommand passwd) =>
        passwd.Args.Skip(1).Select(a => a.LiteralValue).LastOrDefault(a => a is not null && !a.StartsWith('-')) ?? "ROOT";

    public static void FindShapes(string text, TraceLocation at, SecretTable table)
    {
        // the regexes run on every word of most lines: a text with none of the shapes' fixed parts skips them all
        if (text.AsSpan().IndexOfAny(s_shapeMarkers) < 0) return;
        foreach (var (shape, name) in SecretPatterns.Tokens)
            foreach (Match match in shape.Matches(text))
                table.Add(match.Value, name, at);
        foreach (Match match in SecretPatterns.UrlCredentials().Matches(text))
        {
            var host = match.Groups["host"].Value.Split('.').FirstOrDefault(label => label is not ("www" or "")) ?? "URL";
            table.Add(match.Groups["password"].Value, $"{host}_PASSWORD", at);
        }
        foreach (Match match in SecretPatterns.AuthorizationHeader().Matches(text))
            table.Add(match.Groups["value"].Value, "AUTH_TOKEN", at);
    }

    static void AddPieces(IReadOnlyList<string> pieces, string name, TraceLocation at, SecretTable table)
    {
        var whole = string.Concat(pieces);
        table.Add(whole, name, at);
        if (pieces.Count > 1) foreach (var piece in pieces) table.Add(piece, name, at);
    }

    static bool AllLiteral(IEnumerable<WordPart> parts) =>
        parts.All(p => p is Literal or SingleQuoted || (p is DoubleQuoted d && AllLiteral(d.Parts)));

    /// <summary>A word's literal text when it has no expansion (quotes removed, pieces joined), else null.</summary>
    static string? LiteralText(Word word) => AllLiteral(word.Parts) ? string.Concat(Literals(word)) : null;

    static IReadOnlyList<string> Literals(Word word) => [.. word.Parts.SelectMany(Pieces)];

    static IEnumerable<string> Pieces(WordPart part) => part switch
    {
        Literal l => [l.Value],
        SingleQuoted q => [q.Value],
        DoubleQuoted d => d.Parts.SelectMany(Pieces),
        _ => [],
    };

    static string? AfterColon(string? userAndPassword) =>
        userAndPassword is not null && userAndPassword.IndexOf(':') is var colon and > 0 ? userAndPassword[(colon + 1)..] : null;

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)=")]
    private static partial Regex NameEquals();
}
