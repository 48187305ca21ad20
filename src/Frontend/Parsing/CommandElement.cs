using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;
using Superpower.Model;

namespace DockerRecord.Frontend.Parsing;

/// <summary>One element of a simple command as typed: an assignment, a word or a redirection, in source order.</summary>
readonly record struct CommandElement(SyntaxNode Node, TextSpan Span)
{
    /// <summary>A command with nothing in it, as after a lone <c>!</c>.</summary>
    public static Stmt EmptyCommand(TextSpan at) =>
        new(new SimpleCommand([], [], at), [], false, StmtTerminator.None, at);

    public static Stmt ToStmt(List<CommandElement> elements)
    {
        var assignments = ImmutableArray.CreateBuilder<Assignment>();
        var args = ImmutableArray.CreateBuilder<Word>();
        var redirects = ImmutableArray.CreateBuilder<Redirect>();
        foreach (var element in elements)
        {
            switch (element.Node)
            {
                case Assignment a: assignments.Add(a); break;
                case Word w: args.Add(w); break;
                case Redirect r: redirects.Add(r); break;
            }
        }
        var span = Spans.Cover(elements[0].Span, elements[^1].Span);
        return new Stmt(new SimpleCommand(assignments.DrainToImmutable(), args.DrainToImmutable(), span),
            redirects.DrainToImmutable(), false, StmtTerminator.None, span);
    }
}
