using System.Collections.Frozen;
using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Filtering;

/// <summary>
/// The knowledge table of read-only and inspection commands: programs that only look (list, print, query, test) and
/// leave no lasting change in the image. Each entry says when the program is read-only: always, or only without the
/// options that make it write (<c>find -delete</c>, <c>curl -o</c>, <c>sort -o</c>…), or only for some subcommands
/// (<c>git status</c>, <c>systemctl status</c>). A line is read-only when every simple command in it (substitutions
/// included) is, and nothing in it redirects output into a file (<c>/dev/null</c> aside): see <see cref="IsReadOnly"/>.
/// Words drec cannot see statically (<c>$OPT</c>) make every rule but "always" say no.
/// </summary>
public static class ReadOnlyCommands
{
    /// <summary>A rule gets the words after the command name (null for a word with an expansion).</summary>
    delegate bool Rule(ImmutableArray<string?> args);

    static readonly Rule Always = _ => true;

    static readonly FrozenDictionary<string, Rule> Table = new Dictionary<string, Rule>
    {
        // files and text
        ["ls"] = Always, ["dir"] = Always, ["vdir"] = Always, ["tree"] = Always, ["stat"] = Always, ["file"] = Always,
        ["cat"] = Always, ["tac"] = Always, ["less"] = Always, ["more"] = Always, ["most"] = Always, ["head"] = Always,
        ["tail"] = Always, ["zcat"] = Always, ["zless"] = Always, ["zmore"] = Always, ["bat"] = Always, ["batcat"] = Always,
        ["grep"] = Always, ["egrep"] = Always, ["fgrep"] = Always, ["zgrep"] = Always, ["rg"] = Always, ["ag"] = Always,
        ["wc"] = Always, ["cut"] = Always, ["tr"] = Always, ["nl"] = Always, ["column"] = Always, ["fold"] = Always,
        ["diff"] = Always, ["cmp"] = Always, ["comm"] = Always, ["od"] = Always, ["hexdump"] = Always, ["strings"] = Always,
        ["md5sum"] = Always, ["sha1sum"] = Always, ["sha256sum"] = Always, ["sha512sum"] = Always, ["cksum"] = Always,
        ["realpath"] = Always, ["readlink"] = Always, ["basename"] = Always, ["dirname"] = Always, ["jq"] = Always,
        ["sort"] = Without("-o", "--output"),
        ["uniq"] = args => Operands(args).Count() <= 1,
        ["find"] = Without("-exec", "-execdir", "-ok", "-okdir", "-delete", "-fprint", "-fprint0", "-fprintf", "-fls"),
        ["locate"] = Always, ["whereis"] = Always, ["which"] = Always, ["type"] = Always, ["du"] = Always, ["df"] = Always,
        // printing; `printf -v` sets a variable
        ["echo"] = Always, ["printf"] = Without("-v"), ["true"] = Always, [":"] = Always, ["test"] = Always, ["["] = Always,
        ["sleep"] = Always, ["seq"] = Always, ["expr"] = Always, ["cal"] = Always, ["yes"] = Always,
        // the shell and the session
        ["pwd"] = Always, ["history"] = Always, ["clear"] = Always, ["reset"] = Always, ["tty"] = Always, ["jobs"] = Always,
        ["help"] = Always, ["man"] = Always, ["info"] = Always, ["apropos"] = Always, ["whatis"] = Always,
        ["env"] = NoOperands, ["printenv"] = Always, ["set"] = NoOperands, ["export"] = Only("-p"),
        ["alias"] = NoOperands, ["declare"] = Only("-p"), ["typeset"] = Only("-p"),
        // users and the system
        ["whoami"] = Always, ["id"] = Always, ["groups"] = Always, ["who"] = Always, ["w"] = Always, ["last"] = Always,
        ["users"] = Always, ["getent"] = Always, ["uname"] = Always, ["arch"] = Always, ["nproc"] = Always,
        ["uptime"] = Always, ["lsb_release"] = Always, ["hostnamectl"] = Only("status"), ["locale"] = NoOperands,
        ["hostname"] = args => NoOperands(args) && !args.Any(a => a is "-F" or "--file" or "-b" or "--boot"),
        ["date"] = args => args.All(a => a is not null && a is not ("-s" or "--set") && !a.StartsWith("--set=") && (a.StartsWith('-') || a.StartsWith('+'))),
        ["lscpu"] = Always, ["lsblk"] = Always, ["lsmod"] = Always, ["lspci"] = Always, ["lsusb"] = Always, ["lsof"] = Always,
        ["free"] = Always, ["vmstat"] = Always, ["iostat"] = Always, ["mpstat"] = Always, ["dmesg"] = Without("-c", "-C", "--clear", "--read-clear"),
        ["ps"] = Always, ["pstree"] = Always, ["pgrep"] = Always, ["pidof"] = Always, ["top"] = Always, ["htop"] = Always,
        ["atop"] = Always, ["watch"] = Always, ["journalctl"] = Without("--vacuum-size", "--vacuum-time", "--vacuum-files", "--rotate", "--flush"),
        // network
        ["netstat"] = Always, ["ss"] = Always, ["ping"] = Always, ["ping6"] = Always, ["traceroute"] = Always,
        ["tracepath"] = Always, ["mtr"] = Always, ["dig"] = Always, ["nslookup"] = Always, ["host"] = Always,
        ["ifconfig"] = args => Operands(args).Count() <= 1, ["route"] = NoOperands, ["arp"] = NoOperands,
        ["ip"] = IpShow,
        ["curl"] = CurlWithoutOutputFile,
        ["wget"] = WgetToStandardOutput,
        // packages
        ["apt-cache"] = Always, ["dpkg-query"] = Always, ["apt-file"] = Only("search", "find", "list", "show"),
        ["apt"] = Subcommand("list", "search", "show", "policy", "depends", "rdepends", "showsrc", "changelog"),
        ["apt-get"] = args => args.Any(a => a is "-s" or "--simulate" or "--dry-run" or "--just-print" or "--no-act" or "--recon"),
        ["dpkg"] = FirstIs("-l", "-L", "-s", "-S", "-p", "-c", "-I", "--list", "--listfiles", "--status", "--search", "--print-avail",
            "--contents", "--info", "--print-architecture", "--print-foreign-architectures", "--get-selections", "--audit", "-C", "--compare-versions"),
        ["rpm"] = args => args.Any(a => a is not null && (a == "-q" || (a.StartsWith("-q") && !a.StartsWith("--")))),
        ["pip"] = Subcommand("list", "show", "freeze", "check", "search", "index", "debug"),
        ["pip3"] = Subcommand("list", "show", "freeze", "check", "search", "index", "debug"),
        ["npm"] = Subcommand("ls", "list", "la", "ll", "view", "info", "show", "outdated", "search", "explain", "why", "doctor"),
        ["gem"] = Subcommand("list", "search", "query", "info", "contents", "environment"),
        // services: queries only (starting and stopping is the services pass's business)
        ["systemctl"] = Subcommand("status", "is-active", "is-enabled", "is-failed", "list-units", "list-unit-files",
            "list-timers", "list-sockets", "list-dependencies", "show", "cat", "help"),
        ["service"] = args => args is ["--status-all"] || (args.Length == 2 && args[1] is "status"),
        ["git"] = Subcommand("status", "log", "diff", "show", "blame", "shortlog", "describe", "rev-parse", "ls-files",
            "ls-remote", "ls-tree", "grep", "reflog", "whatchanged", "cat-file", "help"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Commands that run the command after their options (<c>sudo ls</c>, <c>timeout 5 ping x</c>).</summary>
    static readonly FrozenDictionary<string, int> Wrappers = new Dictionary<string, int>
    {
        // name → operands the wrapper takes itself before the command
        ["command"] = 0, ["builtin"] = 0, ["time"] = 0, ["nice"] = 0, ["stdbuf"] = 0, ["ionice"] = 0, ["sudo"] = 0,
        ["timeout"] = 1,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// True when every simple command of the statements is read-only by the table and no output goes to a file.
    /// Function definitions, assignments without a command and arithmetic commands set shell state, so they are not.
    /// </summary>
    public static bool IsReadOnly(ImmutableArray<Stmt> stmts)
    {
        if (stmts.IsEmpty) return false;
        if (SyntaxNodes.AllFlat(stmts))
        {
            // plain simple commands (most lines): only their names, arguments and redirections can write
            foreach (var stmt in stmts)
            {
                foreach (var redirect in stmt.Redirects)
                    if (SyntaxNodes.WritesFile(redirect)) return false;
                if (!IsReadOnly((SimpleCommand)stmt.Command)) return false;
            }
            return true;
        }
        foreach (var node in SyntaxNodes.Descendants(stmts))
        {
            switch (node)
            {
                case Redirect redirect when SyntaxNodes.WritesFile(redirect):
                case FunctionDecl or ArithmeticCommand or CoprocClause:
                case ParamExpansion { Op: ParamOp.AssignDefault }:
                case SimpleCommand simple when !IsReadOnly(simple):
                    return false;
            }
        }
        return true;
    }

    /// <summary>True when this one command is read-only by the table (its redirections are the caller's business).</summary>
    public static bool IsReadOnly(SimpleCommand command)
    {
        if (command.Args.IsEmpty) return false; // `A=1`: sets a variable
        var name = SyntaxNodes.CommandName(command);
        if (name is null) return false;
        // most commands are in neither table: only `x --version` and the like can make them read-only, and the
        // arguments need not be evaluated one by one
        if (!Table.ContainsKey(name) && !Wrappers.ContainsKey(name))
            return command.Args.Length == 2 && OnlyPrints(SyntaxNodes.StaticValue(command.Args[1]));
        return IsReadOnly(name, SyntaxNodes.StaticArgs(command)[1..]);
    }

    /// <summary>The table's verdict for a program and its arguments.</summary>
    public static bool IsReadOnly(string name, ImmutableArray<string?> args)
    {
        if (args is [var only] && OnlyPrints(only)) return true;
        if (Wrappers.TryGetValue(name, out var ownOperands)) return WrappedIsReadOnly(name, args, ownOperands);
        return Table.TryGetValue(name, out var rule) && rule(args);
    }

    /// <summary>`x --version` and `x --help` only print, whatever x is.</summary>
    static bool OnlyPrints(string? soleArgument) => soleArgument is "--version" or "-version" or "--help" or "-V";

    /// <summary>The names in the table, for documentation and tests.</summary>
    public static IEnumerable<string> Names => Table.Keys.Concat(Wrappers.Keys).Order(StringComparer.Ordinal);

    static bool WrappedIsReadOnly(string wrapper, ImmutableArray<string?> args, int ownOperands)
    {
        var i = 0;
        while (i < args.Length && args[i] is { } option && option.StartsWith('-') && option != "--")
        {
            // options of sudo and timeout that take a value
            if (wrapper == "sudo" && option is "-u" or "-g" or "-h" or "-p" or "-C" or "-U") i++;
            if (wrapper == "timeout" && option is "-s" or "-k" or "--signal" or "--kill-after") i++;
            if (wrapper == "nice" && option is "-n") i++;
            if (wrapper == "command" && option is "-v" or "-V") return true;
            i++;
        }
        if (i < args.Length && args[i] == "--") i++;
        i += ownOperands;
        if (i >= args.Length || args[i] is not { } inner) return false;
        return IsReadOnly(inner.StartsWith('/') ? inner[(inner.LastIndexOf('/') + 1)..] : inner, args[(i + 1)..]);
    }

    static IEnumerable<string?> Operands(ImmutableArray<string?> args) => args.Where(a => a is null || !a.StartsWith('-'));

    static bool NoOperands(ImmutableArray<string?> args) => !Operands(args).Any();

    /// <summary>Read-only unless one of these options is given (as a word, or as <c>--opt=value</c>).</summary>
    static Rule Without(params string[] options) => args => args.All(a =>
        a is not null && !options.Any(o => a == o || (o.StartsWith("--") && a.StartsWith(o + "="))));

    /// <summary>Read-only when every argument is one of these words.</summary>
    static Rule Only(params string[] words) => args => args.All(a => a is not null && words.Contains(a));

    /// <summary>Read-only when the first argument is one of these (an action such as <c>dpkg -L</c>).</summary>
    static Rule FirstIs(params string[] actions) => args => args.All(a => a is not null) && args.Length > 0 && actions.Contains(args[0]);

    /// <summary>Read-only when the first operand (after options) is one of these subcommands.</summary>
    static Rule Subcommand(params string[] subcommands) => args =>
        args.All(a => a is not null) && args.FirstOrDefault(a => !a!.StartsWith('-')) is { } sub && subcommands.Contains(sub);

    /// <summary><c>ip [options] object [show|list|get]</c>: showing, not changing, addresses, routes and links.</summary>
    static bool IpShow(ImmutableArray<string?> args)
    {
        if (args.Any(a => a is null)) return false;
        var operands = args.Where(a => !a!.StartsWith('-')).ToList();
        return operands.Count <= 1 || operands[1] is "show" or "list" or "ls" or "lst" or "get";
    }

    /// <summary><c>curl</c> without an option that writes a file (<c>-o</c>, <c>-O</c>, <c>-D</c>, <c>-c</c> and their long forms).</summary>
    static bool CurlWithoutOutputFile(ImmutableArray<string?> args)
    {
        string[] longOptions = ["--output", "--remote-name", "--remote-name-all", "--dump-header", "--cookie-jar", "--output-dir", "--create-dirs", "--etag-save", "--trace", "--trace-ascii", "--libcurl", "--stderr"];
        foreach (var arg in args)
        {
            if (arg is null) return false;
            if (arg.StartsWith("--"))
            {
                if (longOptions.Any(o => arg == o || arg.StartsWith(o + "="))) return false;
            }
            else if (arg.StartsWith('-') && arg.AsSpan(1).IndexOfAny("oODc") >= 0) return false;
        }
        return true;
    }

    /// <summary><c>wget</c> only when its document goes to standard output or nowhere (<c>-O -</c>, <c>-qO-</c>, <c>--spider</c>).</summary>
    static bool WgetToStandardOutput(ImmutableArray<string?> args)
    {
        if (args.Any(a => a is null)) return false;
        if (args.Contains("--spider")) return true;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i]!;
            string? target = null;
            if (arg.StartsWith("--output-document=")) target = arg["--output-document=".Length..];
            else if (arg == "--output-document" || arg == "-O") target = i + 1 < args.Length ? args[i + 1] : null;
            else if (arg.StartsWith('-') && !arg.StartsWith("--") && arg.IndexOf('O') is var at and > 0)
                target = at + 1 < arg.Length ? arg[(at + 1)..] : i + 1 < args.Length ? args[i + 1] : null;
            if (target is not null) return target is "-" or "/dev/null";
        }
        return false;
    }
}
