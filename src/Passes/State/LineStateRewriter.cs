using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Parsing;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes.Filtering;

namespace DockerRecord.Passes.State;

/// <summary>The per-session state the state pass carries from line to line.</summary>
public sealed class SessionState(int number, string initialDirectory)
{
    public int Number { get; } = number;
    public string OldPwd { get; set; } = initialDirectory;
    public Stack<string> DirectoryStack { get; } = new();
    public ShellVariables Variables { get; } = new();
}

/// <summary>
/// Follows one recorded command line unit by unit (<see cref="CommandUnits"/>), with the directory, user and exported
/// variables each unit runs with: <c>cd</c>, <c>export</c>, <c>unset</c> and nested-shell lines leave the text and
/// become the context of the units after them; <c>sudo</c>, <c>su -c</c> and <c>runuser</c> are taken off and give
/// their unit a user; read-only units go. Consecutive units with the same context form a segment: one RUN each.
/// </summary>
public sealed class LineStateRewriter
{
    readonly CompilationContext _context;
    readonly RunStep _step;
    readonly CommandRecord _record;
    readonly SessionState _session;
    readonly Func<string, string, string> _home;
    readonly Directories.Tracker _directories;
    RunContext _current;
    readonly RunContext _start;
    int _lastDirectoryChange;
    int _index;
    int _commandUnits;

    LineStateRewriter(CompilationContext context, RunStep step, RunContext start, SessionState session, Func<string, string, string> home)
    {
        _context = context;
        _step = step;
        _record = context.Command(step.Source);
        _session = session;
        _home = home;
        _current = start;
        _start = start;
        _directories = new Directories.Tracker(start.Workdir, session.OldPwd);
        Notes = context.Options.Explain ? [] : null;
        if (session.DirectoryStack.Count > 0)
            foreach (var dir in session.DirectoryStack.Reverse()) _directories.Stack.Push(dir);
    }

    /// <summary>Runs of units that share a context, in order; empty when nothing of the line stays.</summary>
    public List<(RunContext Context, List<Stmt> Stmts)> Segments { get; } = [];

    /// <summary>What happened, in the words of <c>--explain</c>; null without it (the notes print statements).</summary>
    public List<string>? Notes { get; }

    /// <summary>Names exported or unset by the line (the pass explains later whether each becomes ENV).</summary>
    public List<string> Exported => _exported ??= [];

    List<string>? _exported; // made at the first export: most lines export nothing

    public bool Changed { get; private set; }

    /// <summary>
    /// True when <see cref="Rewrite"/> would leave the line as it is: one simple command with nothing nested in it
    /// (no substitution could hold a <c>cd</c> or <c>sudo</c>), none of the commands this pass takes apart. Most
    /// lines are such, and need no rewriter.
    /// </summary>
    public static bool LeavesAlone(RunStep step) =>
        step.Stmts is [{ Background: false, Command: SimpleCommand { Args.IsEmpty: false } simple }]
        && SyntaxNodes.Statements(step.Stmts).Length == 1
        && !ChangesState(simple);

    /// <summary>The commands <see cref="Unit"/> handles itself, or that <see cref="Generic"/> takes off (<c>sudo</c>).</summary>
    static bool ChangesState(SimpleCommand simple) =>
        Directories.IsDirectoryChange(simple) || SyntaxNodes.CommandName(simple) is "export" or "unset" or "sudo"
        || NestedShells.StartsShell(simple) || NestedShells.EndsShell(simple) || UserSwitch.Parse(simple) is not null;

    public static LineStateRewriter Rewrite(CompilationContext context, RunStep step, RunContext start, SessionState session, Func<string, string, string> home)
    {
        var rewriter = new LineStateRewriter(context, step, start, session, home);
        rewriter.Run();
        return rewriter;
    }

    void Run()
    {
        var units = CommandUnits.Split(_step.Stmts);
        _lastDirectoryChange = LastTopLevelDirectoryChange(units);
        _commandUnits = units.Count(u => u.Kind == UnitKind.Command);
        var saved = new Stack<(RunContext, string)>();
        for (_index = 0; _index < units.Count; _index++)
        {
            var unit = units[_index];
            if (unit.Kind == UnitKind.EnterSubshell) { saved.Push((_current, _directories.Cwd)); continue; }
            if (unit.Kind == UnitKind.LeaveSubshell) { (_current, _directories.Cwd) = saved.Pop(); continue; }
            Unit(unit.Stmt, _current, depth: saved.Count);
        }
        _session.OldPwd = _directories.OldPwd;
        _session.DirectoryStack.Clear();
        if (_directories.Stack.Count > 0)
            foreach (var dir in _directories.Stack.Reverse()) _session.DirectoryStack.Push(dir);
        DropAssignmentOnlySegments();
        // nothing to rewrite: the line stays exactly as parsed (units were only a way to look at it)
        if (!Changed) Segments.Clear();
        if (!Changed && !_step.Stmts.IsEmpty) Segments.Add((_start, [.. _step.Stmts]));
    }

    /// <summary>Handles one unit run as <paramref name="as"/> (the line's context, or a user from sudo/su).</summary>
    void Unit(Stmt stmt, RunContext @as, int depth)
    {
        if (stmt.Command is not SimpleCommand simple || stmt.Background)
        {
            Emit(Generic(stmt, ref @as), @as);
            return;
        }
        var name = SyntaxNodes.CommandName(simple);
        if (simple.Args.IsEmpty)
        {
            foreach (var assignment in simple.Assignments) _session.Variables.Set(assignment, _step.Source);
            Emit(stmt, @as);
            return;
        }
        if (Directories.IsDirectoryChange(simple) && simple.Assignments.IsEmpty)
        {
            ChangeDirectory(simple, depth);
            return;
        }
        if (name is "export" or "unset" && simple.Assignments.IsEmpty)
        {
            Export(simple, name);
            return;
        }
        if (NestedShells.StartsShell(simple) && !(NestedShells.IsInteractiveShell(simple) && NestedShells.ReadsScriptFromInput(stmt)))
        {
            Notes?.Add($"`{Text(stmt)}` opens an interactive shell; the commands typed in it are recorded on their own, with their user");
            Drop();
            return;
        }
        if (NestedShells.EndsShell(simple))
        {
            Notes?.Add($"`{Text(stmt)}` leaves the shell");
            Drop();
            return;
        }
        if (UserSwitch.Parse(simple) is { } change)
        {
            SwitchUser(stmt, simple, change, @as, depth);
            return;
        }
        // a read-only line on its own was judged by drop-no-effect (kept, e.g., for an editor save)
        if (_commandUnits > 1 && ReadOnlyCommands.IsReadOnly([stmt]))
        {
            Notes?.Add($"`{Text(stmt)}` is read-only");
            Drop();
            return;
        }
        Emit(Generic(stmt, ref @as), @as);
    }

    void ChangeDirectory(SimpleCommand cd, int depth)
    {
        Changed = true;
        var before = _directories.Cwd;
        var known = Directories.Apply(cd, _directories, Variable, user => _home(user, _current.User));
        // a folder named by a variable of the session whose value holds a line break cannot be a WORKDIR: the
        // Dockerfile would read the rest as an instruction of its own (the recorded folders are checked when read)
        if (known && TraceNames.HasControlCharacter(_directories.Cwd))
        {
            known = false;
            _directories.Cwd = before;
        }
        var last = depth == 0 && _index == _lastDirectoryChange;
        if (last && _record.Cwd is { } recorded) _directories.Cwd = recorded;
        else if (!known)
        {
            var assumed = _record.Cwd ?? _directories.Cwd;
            _context.Report(DiagnosticBuilder.DirectoryNotKnown(_step.Source, Text(cd), assumed));
            _directories.Cwd = assumed;
        }
        _current = _current with { Workdir = _directories.Cwd };
        Notes?.Add($"`{Text(cd)}` became WORKDIR {_directories.Cwd}");
    }

    void Export(SimpleCommand command, string name)
    {
        Changed = true;
        var args = command.Args.Skip(1).Select(SyntaxNodes.StaticValue).ToList();
        var remove = name == "unset" || args.Contains("-n");
        var names = new List<string>();
        for (var i = 1; i < command.Args.Length; i++)
        {
            var value = SyntaxNodes.StaticValue(command.Args[i]) ?? LeadingName(command.Args[i]);
            if (value is null || value.StartsWith('-')) continue;
            names.Add(value.Split('=')[0]);
        }
        var env = _current.Env;
        foreach (var variable in names)
        {
            if (remove)
            {
                env = env.Remove(variable);
                if (name == "unset") _session.Variables.Unset(variable);
            }
            else if (_record.EnvSet.TryGetValue(variable, out var recorded)) env = env.SetItem(variable, recorded);
            Exported.Add(variable);
        }
        _current = _current with { Env = env };
        Notes?.Add($"`{name} {string.Join(" ", names)}` left the RUN");
    }

    void SwitchUser(Stmt stmt, SimpleCommand simple, UserSwitch change, RunContext @as, int depth)
    {
        Changed = true;
        if (!change.Understood)
        {
            _context.Report(DiagnosticBuilder.UserSwitchNotUnderstood(_step.Source, Text(stmt)));
            Emit(stmt, @as with { User = "root" });
            return;
        }
        if (change.DoesNothing)
        {
            Notes?.Add($"`{Text(stmt)}` runs nothing");
            Drop();
            return;
        }
        var user = change.User ?? "root";
        var target = @as with { User = user, Workdir = change.Login ? _home(user, user) : @as.Workdir };
        if (change.Script is { } script)
        {
            if (SyntaxNodes.StaticValue(script) is not { } text || ShellParser.Parse(text).File is not { } parsed)
            {
                _context.Report(DiagnosticBuilder.UserSwitchNotUnderstood(_step.Source, Text(stmt)));
                Emit(stmt, @as with { User = "root" });
                return;
            }
            Notes?.Add($"`{change.Program} … -c` runs as user {user}");
            // the script runs in the user's own shell: its cd and exports end with it
            var saved = (_current, _directories.Cwd);
            _current = target;
            _directories.Cwd = target.Workdir;
            foreach (var unit in CommandUnits.Split(parsed.Stmts))
                if (unit.Kind == UnitKind.Command) Unit(unit.Stmt, _current, depth + 1);
            (_current, _directories.Cwd) = saved;
            return;
        }
        // sudo: `sudo A=1 cmd` passes A in cmd's environment, which an assignment prefix does too
        var (assignments, words) = SplitAssignments(change.Command);
        var inner = stmt with { Command = new SimpleCommand([.. simple.Assignments, .. assignments], words, simple.Span) };
        Notes?.Add($"`{change.Program}` taken off; runs as user {user}");
        Unit(inner, target, depth);
    }

    /// <summary>A unit drec does not take apart: <c>sudo</c> inside it goes, and it runs as the user sudo named.</summary>
    Stmt Generic(Stmt stmt, ref RunContext @as)
    {
        string? user = null;
        var stripped = SyntaxRewriter.MapCommands(stmt, simple =>
        {
            if (SyntaxNodes.CommandName(simple) != "sudo" || UserSwitch.Parse(simple) is not { Understood: true, Command.IsEmpty: false } change) return simple;
            user ??= change.User;
            var (assignments, words) = SplitAssignments(change.Command);
            return new SimpleCommand([.. simple.Assignments, .. assignments], words, simple.Span);
        });
        if (user is not null)
        {
            Changed = true;
            @as = @as with { User = user };
            Notes?.Add($"`sudo` taken off inside `{Text(stmt)}`; it runs as user {user}");
        }
        var cd = SyntaxNodes.SimpleCommands([stripped]).FirstOrDefault(c => Directories.IsDirectoryChange(c.Command));
        if (cd.Command is not null) _context.Report(DiagnosticBuilder.CdStaysInRun(_step.Source, Construct(stripped.Command)));
        return stripped;
    }

    void Emit(Stmt stmt, RunContext context)
    {
        if (Segments.Count == 0 || !StatePass.SameContext(Segments[^1].Context, context)) Segments.Add((context, []));
        Segments[^1].Stmts.Add(stmt);
    }

    void Drop() => Changed = true;

    /// <summary>A segment made only of plain assignments is no RUN: later RUNs that read the variables set them again.</summary>
    void DropAssignmentOnlySegments()
    {
        var before = Segments.Count;
        Segments.RemoveAll(s => s.Stmts.All(stmt => stmt.Command is SimpleCommand { Args.IsEmpty: true } && stmt.Redirects.IsEmpty));
        if (Segments.Count == before) return;
        Changed = true;
        Notes?.Add("the shell variables it sets are set again by the RUNs that read them");
    }

    string? Variable(string name) =>
        _current.Env.TryGetValue(name, out var value) ? value
        : _session.Variables.LiteralValue(name)
        ?? (_context.Session(_session.Number).Info.Environment.TryGetValue(name, out var initial) ? initial : null);

    static int LastTopLevelDirectoryChange(List<CommandUnit> units)
    {
        var depth = 0;
        var last = -1;
        for (var i = 0; i < units.Count; i++)
        {
            if (units[i].Kind == UnitKind.EnterSubshell) depth++;
            else if (units[i].Kind == UnitKind.LeaveSubshell) depth--;
            else if (depth == 0 && units[i].Stmt.Command is SimpleCommand simple && Directories.IsDirectoryChange(simple)) last = i;
        }
        return last;
    }

    /// <summary>Splits <c>A=1 B=2 cmd args</c> (sudo's environment operands) into assignments and the command words.</summary>
    static (ImmutableArray<Assignment> Assignments, ImmutableArray<Word> Words) SplitAssignments(ImmutableArray<Word> words)
    {
        var assignments = ImmutableArray.CreateBuilder<Assignment>();
        var i = 0;
        for (; i < words.Length; i++)
        {
            if (words[i].Parts is not [Literal first, ..] || LeadingName(words[i]) is not { } name) break;
            var rest = first.Value[(name.Length + 1)..];
            var parts = rest.Length == 0 ? words[i].Parts.RemoveAt(0) : words[i].Parts.SetItem(0, new Literal(rest, first.Span));
            assignments.Add(new Assignment(name, null, false, parts.IsEmpty ? null : new Word(parts, words[i].Span), null, words[i].Span));
        }
        return (assignments.ToImmutable(), words[i..]);
    }

    /// <summary><c>NAME</c> of a word that starts with <c>NAME=</c>.</summary>
    static string? LeadingName(Word word)
    {
        if (word.Parts is not [Literal first, ..]) return null;
        var eq = first.Value.IndexOf('=');
        if (eq <= 0) return null;
        var name = first.Value[..eq];
        return (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? name : null;
    }

    static string Construct(Command command) => command switch
    {
        Pipeline => "a pipeline",
        AndOrList list => list.Ops.Contains(AndOrOp.Or) ? "an `||` list" : "an `&&` list",
        IfClause => "an `if`",
        WhileClause => "a loop",
        ForClause or ArithmeticForClause => "a `for` loop",
        CaseClause => "a `case`",
        BraceGroup => "a `{ }` group",
        Subshell => "a subshell with redirections",
        FunctionDecl => "a function",
        _ => "a compound command",
    };

    static string Text(Stmt stmt) => ShellPrinter.Print(stmt).TrimEnd('\n', ';', ' ');

    static string Text(SimpleCommand command) => Text(new Stmt(command, [], false, StmtTerminator.None, command.Span));
}
