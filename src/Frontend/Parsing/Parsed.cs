namespace DockerRecord.Frontend.Parsing;

/// <summary>
/// What one rule of <see cref="ShellGrammar"/> gives: a value and the index of the first token it did not use, or a
/// failure at a token with what was expected there. It carries the same facts as Superpower's
/// <c>TokenListParserResult</c> (the grammar was written with Superpower's combinators, and its error messages and
/// their places come from how those combine failures), without the token list: the grammar reads the lexer's
/// buffer by index.
/// </summary>
/// <remarks>
/// <see cref="Backtrack"/> is Superpower's flag of a failure inside <c>Try()</c>: an alternative or a repetition after
/// it is tried even though tokens were consumed. It travels with the failure until a rule replaces it, as in
/// Superpower, so the rules that pass it on are written to keep it.
/// </remarks>
readonly struct Parsed<T>
{
    Parsed(bool hasValue, T value, int remainder, string[]? expectations, bool backtrack)
    {
        HasValue = hasValue;
        Value = value;
        Remainder = remainder;
        Expectations = expectations;
        Backtrack = backtrack;
    }

    public bool HasValue { get; }

    /// <summary>The value; only meaningful when <see cref="HasValue"/>.</summary>
    public T Value { get; }

    /// <summary>After a value, the next token to read; after a failure, the token where it failed.</summary>
    public int Remainder { get; }

    /// <summary>What was expected at a failure (<c>`fi`</c>, <c>word</c>…), in Superpower's order, or null.</summary>
    public string[]? Expectations { get; }

    public bool Backtrack { get; }

    public static Parsed<T> Ok(T value, int remainder) => new(true, value, remainder, null, false);

    public static Parsed<T> Fail(int at, string[]? expectations, bool backtrack = false) => new(false, default!, at, expectations, backtrack);

    /// <summary>This failure as a failure of another rule (Superpower's <c>CastEmpty</c>).</summary>
    public Parsed<TOther> Cast<TOther>() => Parsed<TOther>.Fail(Remainder, Expectations, Backtrack);

    /// <summary>This failure marked as backtracking (Superpower's <c>Try()</c>).</summary>
    public Parsed<TOther> CastBacktracking<TOther>() => Parsed<TOther>.Fail(Remainder, Expectations, backtrack: true);

    /// <summary>Whether a failure that began at <paramref name="start"/> consumed tokens (Superpower's <c>IsPartial</c>).</summary>
    public bool IsPartial(int start) => Remainder != start;

    /// <summary>
    /// Whether <c>Or</c>, <c>Optional</c> or <c>Many</c> stops at this result instead of trying the next alternative:
    /// a value, or a failure that consumed tokens outside a <c>Try()</c>.
    /// </summary>
    public bool Commits(int start) => HasValue || (!Backtrack && Remainder != start);

    /// <summary>
    /// Two failed alternatives as one (Superpower's <c>CombineEmpty</c>): at the same token, both expectation lists in
    /// order; otherwise the second failure.
    /// </summary>
    public static Parsed<T> Combine(Parsed<T> first, Parsed<T> second)
    {
        if (first.Remainder != second.Remainder) return second;
        var expectations = first.Expectations is null ? second.Expectations
            : second.Expectations is null ? first.Expectations
            : [.. first.Expectations, .. second.Expectations];
        return Fail(second.Remainder, expectations, second.Backtrack);
    }
}
