using System.Collections.Frozen;
using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Passes.Filtering;

namespace DockerRecord.Passes.Safety;

/// <summary>
/// The knowledge table of programs that wait for a person at a terminal: editors, pagers, full-screen monitors,
/// and shells and REPLs given nothing to run (no script, no <c>-c</c>/<c>-e</c>, nothing on standard input).
/// <c>docker build</c> has no terminal, so such a step would hang or fail; it is never emitted. An editor's saves are
/// not lost: the files pass copies the captured content.
/// </summary>
public static class InteractivePrograms
{
    /// <summary>A rule gets the arguments after the name; true when the program would wait for a person.</summary>
    delegate bool Rule(ImmutableArray<string?> args);

    static readonly Rule Always = _ => true;

    static readonly FrozenDictionary<string, Rule> Table = new Dictionary<string, Rule>
    {
        // editors
        ["vi"] = Always, ["vim"] = Always, ["nvim"] = Always, ["view"] = Always, ["ex"] = Always, ["rvim"] = Always,
        ["vim.tiny"] = Always, ["vim.basic"] = Always, ["vim.nox"] = Always, ["vimtutor"] = Always, ["nano"] = Always,
        ["rnano"] = Always, ["pico"] = Always, ["emacs"] = Always, ["emacs-nox"] = Always, ["joe"] = Always, ["jed"] = Always,
        ["mcedit"] = Always, ["micro"] = Always, ["ne"] = Always, ["vipw"] = Always, ["visudo"] = Always, ["crontab"] = args => args.Contains("-e"),
        // pagers, monitors, full-screen tools
        ["less"] = Always, ["more"] = Always, ["most"] = Always, ["man"] = Always, ["info"] = Always, ["watch"] = Always,
        ["top"] = args => !args.Any(a => a is not null && a.StartsWith('-') && a.Contains('b')), ["htop"] = Always, ["atop"] = Always,
        ["iotop"] = Always, ["mc"] = Always, ["ncdu"] = Always, ["nmtui"] = Always, ["tmux"] = Always, ["screen"] = Always,
        ["alsamixer"] = Always,
        // REPLs: interactive without a script or an expression to run
        ["python"] = Repl(["-c", "-m"], ["-W", "-X"], 1), ["python2"] = Repl(["-c", "-m"], ["-W", "-X"], 1),
        ["python3"] = Repl(["-c", "-m"], ["-W", "-X"], 1), ["ipython"] = Repl(["-c", "-m"], [], 1), ["ipython3"] = Repl(["-c", "-m"], [], 1),
        ["node"] = Repl(["-e", "--eval", "-p", "--print"], ["-r", "--require"], 1), ["nodejs"] = Repl(["-e", "--eval", "-p", "--print"], ["-r", "--require"], 1),
        ["irb"] = Repl([], [], 1), ["lua"] = Repl(["-e"], [], 1), ["R"] = Repl(["-e", "-f", "--file"], [], int.MaxValue),
        ["php"] = args => args.Contains("-a"), ["bc"] = Repl([], [], int.MaxValue), ["ghci"] = Repl(["-e"], [], int.MaxValue),
        ["mysql"] = Repl(["-e", "--execute"], ["-u", "-h", "-P", "-D", "-S", "--user", "--host", "--port", "--database", "--socket"], int.MaxValue),
        ["mariadb"] = Repl(["-e", "--execute"], ["-u", "-h", "-P", "-D", "-S", "--user", "--host", "--port", "--database", "--socket"], int.MaxValue),
        ["psql"] = Repl(["-c", "--command", "-f", "--file", "-l", "--list"], ["-U", "-h", "-p", "-d", "--username", "--host", "--port", "--dbname"], int.MaxValue),
        ["sqlite3"] = Repl(["-cmd"], [], 2),
        ["redis-cli"] = Repl([], ["-h", "-p", "-a", "-n", "-u", "--user", "--pass"], 1),
        ["mongo"] = Repl(["--eval"], ["--host", "--port", "-u", "-p"], 2), ["mongosh"] = Repl(["--eval", "-f", "--file"], ["--host", "--port", "-u", "-p"], 2),
        ["ssh"] = Repl([], ["-p", "-i", "-l", "-o", "-F", "-J", "-L", "-R", "-D", "-b", "-c", "-e", "-m", "-O", "-S", "-W", "-w", "-E", "-B"], 2),
        ["telnet"] = Always, ["ftp"] = Always, ["sftp"] = args => !args.Contains("-b"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// True when <paramref name="command"/> would wait for a person. <paramref name="stdinFed"/>: its standard input
    /// comes from a pipe, a file or a here-document (then a REPL runs that input and ends).
    /// </summary>
    public static bool IsInteractive(SimpleCommand command, bool stdinFed)
    {
        if (SyntaxNodes.CommandName(command) is not { } name || !Table.TryGetValue(name, out var rule)) return false;
        var args = SyntaxNodes.StaticArgs(command)[1..];
        if (args is ["--version" or "-V" or "--help" or "-version"]) return false;
        var isEditorOrScreen = ReferenceEquals(rule, Always) && name is not ("telnet" or "ftp");
        return (isEditorOrScreen || !stdinFed) && rule(args);
    }

    /// <summary>True when the statement's redirections give the command its standard input.</summary>
    public static bool HasInputRedirect(Stmt stmt) =>
        stmt.Redirects.Any(r => r.Fd is null or 0 && r.Op is RedirectOp.Input or RedirectOp.HereDoc or RedirectOp.HereDocStripTabs or RedirectOp.HereString or RedirectOp.ReadWrite);

    /// <summary>The names in the table, for documentation and tests.</summary>
    public static IEnumerable<string> Names => Table.Keys.Order(StringComparer.Ordinal);

    /// <summary>
    /// A REPL: interactive unless one of <paramref name="runFlags"/> gives it something to run, or it has
    /// <paramref name="operandsToRun"/> operands (a script; <c>sqlite3 db 'SQL'</c>). <paramref name="valueFlags"/> take
    /// the next word as their value, which is no operand.
    /// </summary>
    static Rule Repl(string[] runFlags, string[] valueFlags, int operandsToRun) => args =>
    {
        var operands = 0;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is not { } arg) return false; // a word drec cannot see: assume it runs something
            if (runFlags.Any(f => arg == f || arg.StartsWith(f + "=") || (f.Length == 2 && !f.StartsWith("--") && arg.StartsWith(f) && arg.Length > 2 && !arg.StartsWith("--")))) return false;
            if (valueFlags.Contains(arg)) { i++; continue; }
            if (!arg.StartsWith('-') || arg == "-") operands++;
        }
        return operands < operandsToRun;
    };
}
