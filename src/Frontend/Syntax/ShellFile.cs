using System.Collections.Immutable;
using Superpower.Model;

namespace DockerRecord.Frontend.Syntax;

/// <summary>A whole parsed input: one command line as typed, or a script.</summary>
public sealed record ShellFile(ImmutableArray<Stmt> Stmts, ImmutableArray<Comment> Comments, TextSpan Span) : SyntaxNode(Span);

/// <summary>A <c># …</c> comment (without the line break that ends it).</summary>
public sealed record Comment(TextSpan Span) : SyntaxNode(Span);
