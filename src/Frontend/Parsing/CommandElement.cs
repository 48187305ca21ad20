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

    /// <summary>The command made of the elements from <paramref name="first"/> to the end of the list.</summary>
    public static Stmt ToStmt(List<CommandElement> elements, int first)
    {
        var all = CollectionsMarshal.AsSpan(elements)[first..];
        var span = Spans.Cover(all[0].Span, all[^1].Span);
        return new Stmt(new SimpleCommand(OfType<Assignment>(all), OfType<Word>(all), span),
            OfType<Redirect>(all), false, StmtTerminator.None, span);
    }

    /// <summary>The elements of one kind, in order, in an array of exactly their count (this runs per command).</summary>
    static ImmutableArray<T> OfType<T>(ReadOnlySpan<CommandElement> elements) where T : SyntaxNode
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
