using System.Collections.Immutable;
using System.Runtime.InteropServices;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Frontend.Parsing;

/// <summary>
/// What the parse needs besides the tokens: the source (for line and column of word parts), how deeply the parse is
/// nested, and scratch lists. It lives per thread, for the length of one <see cref="ShellParser"/> call, so that the
/// word and assignment parsers reach it without it being passed through every call.
/// </summary>
sealed class ParseContext
{
    [ThreadStatic] static ParseContext? t_current;
    // the outermost context of this thread, reused from one parse to the next with its scratch lists
    [ThreadStatic] static ParseContext? t_root;

    /// <summary>The outermost context of a parse, with new scratch lists.</summary>
    ParseContext()
    {
        Elements = new(16);
        Stmts = new(16);
        Parts = new(16);
        Words = new(16);
    }

    /// <summary>A context inside <paramref name="outer"/> (the unescaped text of a backquoted substitution).</summary>
    ParseContext(SourceText source, ParseContext outer)
    {
        Source = source;
        Outer = outer;
        Depth = outer.Depth;
        Elements = outer.Elements;
        Stmts = outer.Stmts;
        Parts = outer.Parts;
        Words = outer.Words;
    }

    public static ParseContext Current =>
        t_current ?? throw new InvalidOperationException("The shell grammar runs only inside ShellParser.");

    public SourceText Source { get; private set; } = null!;

    /// <summary>Nesting of command substitutions and compound commands so far.</summary>
    public int Depth { get; set; }

    /// <summary>
    /// The elements of the simple commands being read, as a stack: a command pushes its elements and pops them when
    /// it is built, and a command inside one of its words (<c>$(…)</c>) pushes above them. One list per thread, so a
    /// command line costs no list of its own.
    /// </summary>
    public List<CommandElement> Elements { get; }

    /// <summary>The statements of the statement lists being read, as a stack like <see cref="Elements"/>.</summary>
    public List<Stmt> Stmts { get; }

    /// <summary>The parts of the words being read, as a stack like <see cref="Elements"/>.</summary>
    public List<WordPart> Parts { get; }

    /// <summary>The words of <c>for … in</c> lists, case patterns and array values being read, as a stack.</summary>
    public List<Word> Words { get; }

    /// <summary>
    /// The items pushed since <paramref name="first"/>, taken off the stack into an array of exactly their count
    /// (the tree's arrays are immutable, so each needs its own).
    /// </summary>
    public static ImmutableArray<T> Pop<T>(List<T> stack, int first)
    {
        if (stack.Count == first) return [];
        var array = CollectionsMarshal.AsSpan(stack)[first..].ToArray();
        CollectionsMarshal.SetCount(stack, first);
        return ImmutableCollectionsMarshal.AsImmutableArray(array);
    }

    ParseContext? Outer { get; }

    /// <summary>Makes <paramref name="source"/> current until the returned scope is disposed.</summary>
    public static Scope Enter(SourceText source)
    {
        if (t_current is { } outer)
        {
            t_current = new ParseContext(source, outer);
            return new Scope();
        }
        var root = t_root ??= new ParseContext();
        root.Source = source;
        root.Depth = 0;
        // an error unwinds the parse without popping what it had pushed
        root.Elements.Clear();
        root.Stmts.Clear();
        root.Parts.Clear();
        root.Words.Clear();
        t_current = root;
        return new Scope();
    }

    public readonly struct Scope : IDisposable
    {
        public void Dispose()
        {
            if (t_current is { } current && current.Outer is null) current.Source = null!;
            t_current = t_current?.Outer;
        }
    }
}
