using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Backend;

/// <summary>
/// The commands of a RUN as the backend joins them: top-level statements, an <c>&amp;&amp;</c>/<c>||</c> list read as
/// its members, each without its terminator, as S-expressions (layout left out). Two scripts with the same shape run
/// the same commands in the same order; the joining operators are the backend's choice (<c>&amp;&amp;</c>: a RUN stops
/// at the first failure, as the recorded commands all succeeded).
/// </summary>
public static class RunCommandShape
{
    public static IEnumerable<string> Commands(IEnumerable<Stmt> stmts) =>
        stmts.SelectMany(Members).Select(s => SyntaxPrinter.ToSExpression(s with { Terminator = StmtTerminator.None }));

    static IEnumerable<Stmt> Members(Stmt stmt) =>
        stmt is { Command: AndOrList list, Redirects.IsEmpty: true, Negated: false } ? list.Stmts.SelectMany(Members) : [stmt];
}
