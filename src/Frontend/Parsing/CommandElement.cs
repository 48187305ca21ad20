using System.Collections.Immutable;
using System.Runtime.InteropServices;
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
        var span = Spans.Cover(elements[0].Span, elements[^1].Span);
        return new Stmt(new SimpleCommand(OfType<Assignment>(elements), OfType<Word>(elements), span),
            OfType<Redirect>(elements), false, StmtTerminator.None, span);
    }

    /// <summary>The elements of one kind, in order, in an array of exactly their count (this runs per command).</summary>
    static ImmutableArray<T> OfType<T>(List<CommandElement> elements) where T : SyntaxNode
    {
        var count = 0;
        foreach (var element in elements)
            if (element.Node is T) count++;
        if (count == 0) return [];
        var array = new T[count];
        var i = 0;
        foreach (var element in elements)
            if (element.Node is T node) array[i++] = node;
        return ImmutableCollectionsMarshal.AsImmutableArray(array);
    }
}
