using System.Collections.Frozen;
using System.Collections.Immutable;
using DockerRecord.Frontend.Parsing;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Passes.Filtering;
using DockerRecord.Passes.State;

namespace DockerRecord.Passes.Services;

/// <summary>A program of a command line that talks to a service (<c>mysql -e …</c>), and whether it only asks something.</summary>
/// <param name="Position">Where it starts in the line (a command inside <c>su -c '…'</c> counts at the <c>su</c>).</param>
sealed record ClientCall(Invocation Invocation, ServiceClients Clients, bool ReadOnly, int Position)
{
    public string Text => Invocation.Text;
}

/// <summary>
/// Finds the clients of services (<see cref="ServiceCatalog.Clients"/>) anywhere in a command line: in pipelines,
/// lists, subshells and substitutions, behind <c>sudo [-u user]</c>, in <c>su [-] user -c '…'</c>,
/// <c>runuser -u user -- …</c> and <c>bash -c '…'</c>. Not a client: an information flag (<c>mysql --version</c>),
/// another host (<c>psql -h db.example.com</c>), and the stop forms (<c>redis-cli shutdown</c>, <c>mysqladmin
/// shutdown</c>), which are service commands.
/// </summary>
static class ClientCommands
{
    const int MaxDepth = 4;

    static readonly FrozenSet<string> InfoFlags = FrozenSet.ToFrozenSet(["--version", "-V", "--help", "-?"], StringComparer.Ordinal);
    static readonly FrozenSet<string> LocalHosts = FrozenSet.ToFrozenSet(["localhost", "127.0.0.1", "::1", "0.0.0.0"], StringComparer.Ordinal);
    static readonly FrozenSet<string> Shells = FrozenSet.ToFrozenSet(["bash", "sh", "dash"], StringComparer.Ordinal);

    /// <summary>Programs that run another command: a client may be behind them.</summary>
    static readonly FrozenSet<string> Wrappers = FrozenSet.ToFrozenSet(
        ["su", "runuser", "sudo", "bash", "sh", "dash", "env", "timeout", "nice", "nohup", "setsid", "exec"], StringComparer.Ordinal);

    /// <summary>redis-cli's options that take a value (so the value is not the command).</summary>
    static readonly FrozenSet<string> RedisValueOptions = FrozenSet.ToFrozenSet(["-h", "-p", "-s", "-a", "-u", "-n", "-r", "-i", "-d", "-D", "--user", "--pass"], StringComparer.Ordinal);

    /// <summary>Redis commands that change nothing.</summary>
    static readonly FrozenSet<string> RedisReadCommands = FrozenSet.ToFrozenSet(
    [
        "get", "mget", "exists", "keys", "scan", "ping", "info", "dbsize", "ttl", "pttl", "type", "strlen", "getrange", "hget", "hmget",
        "hgetall", "hkeys", "hvals", "hlen", "hexists", "lrange", "llen", "lindex", "smembers", "scard", "sismember", "zrange",
        "zcard", "zscore", "zrank", "echo", "time", "lastsave", "monitor", "memory", "client", "role", "--stat", "--scan",
    ], StringComparer.Ordinal);

    /// <summary>SQL statements (first word) and psql meta-commands that change nothing.</summary>
    static readonly FrozenSet<string> SqlReadStatements = FrozenSet.ToFrozenSet(["select", "show", "describe", "desc", "explain", "help", "status"], StringComparer.Ordinal);

    static readonly FrozenSet<string> MysqladminReads = FrozenSet.ToFrozenSet(["ping", "status", "version", "processlist", "variables", "extended-status"], StringComparer.Ordinal);

    static readonly FrozenSet<string> DumpPrograms = FrozenSet.ToFrozenSet(
        ["mysqldump", "mariadb-dump", "mysqlshow", "mariadb-show", "pg_dump", "pg_dumpall", "mongodump", "mongoexport"], StringComparer.Ordinal);

    /// <summary>Every client call under <paramref name="stmts"/>, in source order.</summary>
    public static List<ClientCall> In(ImmutableArray<Stmt> stmts)
    {
        var calls = new List<ClientCall>();
        Collect(stmts, null, 0, calls);
        return calls;
    }

    static void Collect(ImmutableArray<Stmt> stmts, int? position, int depth, List<ClientCall> calls)
    {
        foreach (var (command, _) in SyntaxNodes.SimpleCommands(stmts))
            Collect(command, position ?? command.Span.Position.Absolute, depth, calls);
    }

    static void Collect(SimpleCommand command, int position, int depth, List<ClientCall> calls)
    {
        if (command.Args.IsEmpty || depth > MaxDepth) return;
        var name = SyntaxNodes.CommandName(command);
        // most commands are neither a client nor a wrapper: no Invocation built for them (every line is read)
        var fileName = name?[(name.LastIndexOf('/') + 1)..];
        if (fileName is null || (ServiceCatalog.ClientsOf(fileName) is null && !Wrappers.Contains(fileName))) return;
        if (name is "su" or "runuser")
        {
            if (UserSwitch.Parse(command) is not { } change) return;
            if (change.Script is { } script) CollectScript(script, position, depth, calls);
            else if (!change.Command.IsEmpty) Collect(new SimpleCommand([], change.Command, command.Span), position, depth + 1, calls);
            return;
        }
        if (name is not null && Shells.Contains(name) && command.Args.Length >= 3 && SyntaxNodes.StaticValue(command.Args[1]) is "-c" or "-lc")
        {
            CollectScript(command.Args[2], position, depth, calls);
            return;
        }
        if (Invocation.Of(command) is not { } invocation) return;
        if (invocation.FileName is "su" or "runuser" or "bash" or "sh" or "dash" && invocation.Words.Length > 1 && !ReferenceEquals(invocation.Words[0], command.Args[0]))
        {
            // `sudo su postgres -c '…'`, `sudo bash -c '…'`: the wrapper taken off, read the rest again
            Collect(new SimpleCommand([], invocation.Words, command.Span), position, depth + 1, calls);
            return;
        }
        if (Of(invocation, position) is { } call) calls.Add(call);
    }

    static void CollectScript(Word script, int position, int depth, List<ClientCall> calls)
    {
        if (SyntaxNodes.StaticValue(script) is not { } text || ShellParser.Parse(text).File is not { } file) return;
        Collect(file.Stmts, position, depth + 1, calls);
    }

    static ClientCall? Of(Invocation invocation, int position)
    {
        if (ServiceCatalog.ClientsOf(invocation.FileName) is not { } clients) return null;
        if (invocation.Values.Skip(1).Any(v => v is not null && InfoFlags.Contains(v))) return null;
        foreach (var option in clients.HostOptions)
            if (invocation.OptionValue(option) is { } host && !IsLocal(host)) return null;
        var operands = invocation.Operands.ToList();
        if (invocation.FileName is "redis-cli" or "mysqladmin" or "mariadb-admin"
            && operands.Any(o => o.Equals("shutdown", StringComparison.OrdinalIgnoreCase)))
            return null;
        return new ClientCall(invocation, clients, ReadsOnly(invocation), position);
    }

    /// <summary>A host option's value that is this machine (a socket path or URI of this machine counts too).</summary>
    static bool IsLocal(string host) =>
        LocalHosts.Contains(host) || host.StartsWith('/') || host.StartsWith("redis://localhost", StringComparison.Ordinal)
        || host.StartsWith("redis://127.0.0.1", StringComparison.Ordinal);

    /// <summary>The call only asks the server something (<c>redis-cli get k</c>, <c>mysql -e 'SELECT 1'</c>): it leaves nothing to build.</summary>
    static bool ReadsOnly(Invocation invocation)
    {
        var name = invocation.FileName;
        if (DumpPrograms.Contains(name)) return true;
        switch (name)
        {
            case "redis-cli":
                for (var i = 1; i < invocation.Values.Length; i++)
                {
                    var value = invocation.Values[i];
                    if (value is null) return false;
                    if (RedisValueOptions.Contains(value)) { i++; continue; }
                    if (value.StartsWith('-') && !RedisReadCommands.Contains(value)) continue;
                    return RedisReadCommands.Contains(value.ToLowerInvariant());
                }
                return false; // commands from standard input
            case "mysqladmin" or "mariadb-admin":
                return invocation.Operands.Any() && invocation.Operands.All(MysqladminReads.Contains);
            case "mysql" or "mariadb":
                return (invocation.OptionValue("-e") ?? invocation.OptionValue("--execute")) is { } sql && ReadsOnlySql(sql);
            case "psql":
                if (invocation.Has("-l") || invocation.Has("--list")) return true;
                return (invocation.OptionValue("-c") ?? invocation.OptionValue("--command")) is { } query && ReadsOnlySql(query);
            default:
                return false;
        }
    }

    static bool ReadsOnlySql(string sql)
    {
        var statements = sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return statements.Length > 0 && statements.All(s =>
            (s.StartsWith('\\') && s is not ['\\', 'i' or 'c' or 'o' or 'w' or '!', ..])
            || SqlReadStatements.Contains(s.Split((char[])[' ', '\t', '\n'], 2)[0].ToLowerInvariant()));
    }
}
