namespace DockerRecord.Frontend.Parsing;

/// <summary>The constructs the lexer can be inside; an entry of its mode stack.</summary>
enum LexMode
{
    DoubleQuote,
    Backquote,
    CommandSubstitution,
    ProcessSubstitution,
    ParameterExpansion,
    ArithmeticExpansion,
    ArithmeticBrackets,
    ArithmeticCommand,
    TestCommand,
    ArrayValue,
    ExtGlob,
}

static class LexModes
{
    /// <summary>How a construct opens and closes, for "is not closed" messages.</summary>
    public static (string Opener, string Closer) Delimiters(LexMode mode) => mode switch
    {
        LexMode.DoubleQuote => ("\"", "\""),
        LexMode.Backquote => ("backquote", "closing backquote"),
        LexMode.CommandSubstitution => ("$(", ")"),
        LexMode.ProcessSubstitution => ("<(", ")"),
        LexMode.ParameterExpansion => ("${", "}"),
        LexMode.ArithmeticExpansion => ("$((", "))"),
        LexMode.ArithmeticBrackets => ("$[", "]"),
        LexMode.ArithmeticCommand => ("((", "))"),
        LexMode.TestCommand => ("[[", "]]"),
        LexMode.ArrayValue => ("(", ")"),
        LexMode.ExtGlob => ("(", ")"),
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };
}
