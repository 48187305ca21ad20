namespace DockerRecord.Frontend.Parsing;

/// <summary>
/// What the static Superpower parsers need besides the tokens: the source (for line and column of word parts) and
/// how deeply the parse is nested. Superpower parsers carry no user state, so it lives here, per thread, for the
/// length of one <see cref="ShellParser"/> call.
/// </summary>
sealed class ParseContext
{
    [ThreadStatic] static ParseContext? t_current;

    ParseContext(SourceText source, int depth, ParseContext? outer)
    {
        Source = source;
        Depth = depth;
        Outer = outer;
    }

    public static ParseContext Current =>
        t_current ?? throw new InvalidOperationException("The shell grammar runs only inside ShellParser.");

    public SourceText Source { get; }

    /// <summary>Nesting of command substitutions and compound commands so far.</summary>
    public int Depth { get; set; }

    ParseContext? Outer { get; }

    /// <summary>Makes <paramref name="source"/> current until the returned scope is disposed.</summary>
    public static Scope Enter(SourceText source)
    {
        t_current = new ParseContext(source, t_current?.Depth ?? 0, t_current);
        return new Scope();
    }

    public readonly struct Scope : IDisposable
    {
        public void Dispose() => t_current = t_current?.Outer;
    }
}
