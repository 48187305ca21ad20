using Superpower.Display;

namespace DockerRecord.Frontend.Parsing;

/// <summary>
/// The tokens of the command level. A whole shell word, quotes and expansions included, is one <see cref="Word"/>;
/// reserved words (<c>if</c>, <c>{</c>, <c>!</c>…) are words too and are recognized only where the grammar allows
/// them. <c>((…))</c> and <c>[[…]]</c> in command position are single tokens, since their insides follow other rules.
/// </summary>
public enum ShellToken
{
    None,

    [Token(Description = "word")]
    Word,

    [Token(Description = "file descriptor")]
    IoNumber,

    [Token(Description = "file descriptor variable")]
    IoVariable,

    [Token(Description = "line break")]
    Newline,

    [Token(Description = "here-document body")]
    HereDocBody,

    [Token(Description = "arithmetic command")]
    ArithmeticCommand,

    [Token(Description = "test command")]
    TestCommand,

    [Token(Category = "operator", Example = "&&")]
    AndIf,

    [Token(Category = "operator", Example = "||")]
    OrIf,

    [Token(Category = "operator", Example = ";")]
    Semicolon,

    [Token(Category = "operator", Example = "&")]
    Ampersand,

    [Token(Category = "operator", Example = "|")]
    Pipe,

    [Token(Category = "operator", Example = "|&")]
    PipeAll,

    [Token(Category = "operator", Example = "(")]
    LParen,

    [Token(Category = "operator", Example = ")")]
    RParen,

    [Token(Category = "operator", Example = ";;")]
    DoubleSemicolon,

    [Token(Category = "operator", Example = ";&")]
    SemicolonAmpersand,

    [Token(Category = "operator", Example = ";;&")]
    DoubleSemicolonAmpersand,

    [Token(Category = "redirection", Example = "<")]
    Less,

    [Token(Category = "redirection", Example = ">")]
    Great,

    [Token(Category = "redirection", Example = ">>")]
    DoubleGreat,

    [Token(Category = "redirection", Example = ">|")]
    Clobber,

    [Token(Category = "redirection", Example = "<>")]
    LessGreat,

    [Token(Category = "redirection", Example = "<&")]
    LessAnd,

    [Token(Category = "redirection", Example = ">&")]
    GreatAnd,

    [Token(Category = "redirection", Example = "&>")]
    AndGreat,

    [Token(Category = "redirection", Example = "&>>")]
    AndDoubleGreat,

    [Token(Category = "redirection", Example = "<<")]
    DoubleLess,

    [Token(Category = "redirection", Example = "<<-")]
    DoubleLessDash,

    [Token(Category = "redirection", Example = "<<<")]
    TripleLess,
}
