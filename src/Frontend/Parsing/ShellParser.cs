using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Frontend.Parsing;

/// <summary>The result of parsing: a tree when the input is valid bash, and diagnostics in any case.</summary>
public sealed record ParseResult(ShellFile? File, ImmutableArray<Diagnostic> Diagnostics)
{
    public bool Success => File is not null;
}

/// <summary>
/// The frontend's entry point: text in, syntax tree and diagnostics out. It never throws on bad input; an error is a
/// diagnostic with a code and a line and column.
/// </summary>
public static class ShellParser
{
    public static ParseResult Parse(string text) => Parse(new SourceText(text));

    public static ParseResult Parse(SourceText source)
    {
        using var _ = ParseContext.Enter(source);
        try
        {
            var lexed = ShellLexer.Lex(source, 0, source.Length);
            ImmutableArray<Stmt> stmts;
            Diagnostic? error;
            try
            {
                stmts = ShellGrammar.ParseProgram(lexed, out error);
            }
            finally
            {
                lexed.Release();
            }
            if (error is not null)
                return new ParseResult(null, [.. lexed.Warnings, error]);
            var file = new ShellFile(stmts, [.. lexed.Comments], source.All);
            return new ParseResult(file, [.. lexed.Warnings]);
        }
        catch (ShellSyntaxException e)
        {
            return new ParseResult(null, [e.Diagnostic]);
        }
    }
}
