using System.Collections.Immutable;
using Superpower.Model;

namespace DockerRecord.Frontend.Syntax;

/// <summary>The redirection operators of bash.</summary>
public enum RedirectOp
{
    /// <summary><c>&lt;</c></summary>
    Input,
    /// <summary><c>&gt;</c></summary>
    Output,
    /// <summary><c>&gt;&gt;</c></summary>
    Append,
    /// <summary><c>&gt;|</c></summary>
    Clobber,
    /// <summary><c>&lt;&gt;</c></summary>
    ReadWrite,
    /// <summary><c>&lt;&amp;</c></summary>
    DuplicateInput,
    /// <summary><c>&gt;&amp;</c></summary>
    DuplicateOutput,
    /// <summary><c>&amp;&gt;</c></summary>
    OutputAndError,
    /// <summary><c>&amp;&gt;&gt;</c></summary>
    AppendOutputAndError,
    /// <summary><c>&lt;&lt;</c></summary>
    HereDoc,
    /// <summary><c>&lt;&lt;-</c> (leading tabs stripped)</summary>
    HereDocStripTabs,
    /// <summary><c>&lt;&lt;&lt;</c></summary>
    HereString,
}

/// <summary>
/// A redirection: an optional file descriptor (<c>2&gt;</c>) or descriptor variable (<c>{fd}&gt;</c>), the operator,
/// and its word. For a here-document the word is the delimiter and <see cref="HereDoc"/> holds the body.
/// </summary>
public sealed record Redirect(
    int? Fd,
    string? FdVariable,
    RedirectOp Op,
    Word Target,
    HereDoc? HereDoc,
    TextSpan Span) : SyntaxNode(Span);

/// <summary>
/// The body of a here-document. With a quoted delimiter (<c>&lt;&lt;'EOF'</c>) the body is one literal; otherwise
/// <c>$</c> and backquote expansions inside it are parsed, as in double quotes. The span covers the body and the
/// closing delimiter line.
/// </summary>
public sealed record HereDoc(
    string Delimiter,
    bool QuotedDelimiter,
    ImmutableArray<WordPart> Body,
    bool Terminated,
    TextSpan Span) : SyntaxNode(Span);
