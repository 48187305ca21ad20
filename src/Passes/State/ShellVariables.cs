using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Passes.Filtering;

namespace DockerRecord.Passes.State;

/// <summary>
/// Plain shell variables of one session (<c>V=1.2</c>, not exported): each RUN is a new shell, so a later line that
/// reads <c>$V</c> would get nothing. drec sets the variable again at the start of each RUN that reads it
/// (<c>RUN V=1.2 &amp;&amp; wget …/$V.tgz</c>), with the assignment as typed (a <c>$(…)</c> in it runs again). An ARG was
/// the other choice; it would put the value in every later RUN's environment and in the image's history, and could not
/// hold a value computed by a command.
/// </summary>
public sealed class ShellVariables
{
    readonly Dictionary<string, (Assignment Assignment, TraceLocation Source, int Order)> _values = new(StringComparer.Ordinal);
    int _order;

    /// <summary>True when the session has set no plain variable yet (most lines then need nothing set again).</summary>
    public bool IsEmpty => _values.Count == 0;

    public void Set(Assignment assignment, TraceLocation source) => _values[assignment.Name] = (assignment, source, _order++);

    public void Unset(string name) => _values.Remove(name);

    public void Clear() => _values.Clear();

    /// <summary>The literal value of a variable, when its assignment holds no expansion (for <c>cd $DIR</c>).</summary>
    public string? LiteralValue(string name) =>
        _values.TryGetValue(name, out var entry) && entry.Assignment is { Array: null, Index: null, Append: false } a
            ? a.Value is null ? "" : SyntaxNodes.StaticValue(a.Value)
            : null;

    /// <summary>
    /// Assignments to put before <paramref name="stmts"/>: the session variables they read that are neither exported
    /// (<paramref name="environment"/>) nor assigned in <paramref name="assignedHere"/>, and those these assignments read
    /// in turn, in the order they were typed.
    /// </summary>
    public List<(Stmt Stmt, string Name, TraceLocation Source)> Needed(
        ImmutableArray<Stmt> stmts, IReadOnlyDictionary<string, string> environment, IReadOnlySet<string> assignedHere)
    {
        var needed = new Dictionary<string, (Assignment Assignment, TraceLocation Source, int Order)>(StringComparer.Ordinal);
        var pending = new Stack<string>(SyntaxNodes.ReferencedVariables(stmts));
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (needed.ContainsKey(name) || environment.ContainsKey(name) || assignedHere.Contains(name)) continue;
            if (!_values.TryGetValue(name, out var entry)) continue;
            needed[name] = entry;
            var stmt = AsStmt(entry.Assignment);
            foreach (var inner in SyntaxNodes.ReferencedVariables([stmt])) pending.Push(inner);
        }
        return [.. needed.OrderBy(n => n.Value.Order).Select(n => (AsStmt(n.Value.Assignment), n.Key, n.Value.Source))];
    }

    static Stmt AsStmt(Assignment assignment) =>
        new(new SimpleCommand([assignment], [], assignment.Span), [], false, StmtTerminator.None, assignment.Span);
}
