using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;

namespace DockerRecord.Passes.Services;

// drec's knowledge of services and servers, as data in one place. docs/services.md documents every row and why it
// says what it says (Debian bookworm's init scripts and default configuration files are the reference).
//
// Placeholders: `{version}` in a name matches a version number (`php8.2-fpm`, `python3`) and, in a foreground
// command, is replaced by the version found (from the name typed, or for PostgreSQL from the trace); `{cluster}` is a
// PostgreSQL cluster name (`main` unless `pg_ctlcluster` named another).

/// <summary>A directory a service needs at run time that its init script creates (under <c>/run</c>).</summary>
public sealed record RuntimeDirectory(string Path, string Owner, string Mode);

/// <summary>
/// A service its init script knows: how <c>service NAME start</c> would run it in the foreground, as which user,
/// and what it needs and keeps.
/// </summary>
/// <param name="Key">The service's identity in drec (one per row).</param>
/// <param name="Names">Names for <c>service</c>, <c>/etc/init.d</c>, <c>systemctl</c> and <c>invoke-rc.d</c>.</param>
/// <param name="Processes">Process names (<c>/proc/PID/comm</c>) that own its listening sockets.</param>
/// <param name="Foreground">The exec-form command that runs it in the foreground, as the init script would.</param>
/// <param name="User">The user the init script runs the daemon as; null when it starts as root.</param>
/// <param name="NeedsRoot">It cannot start as another user (privileged port, privilege separation, setuid).</param>
public sealed record ServiceDefinition(
    string Key,
    ImmutableArray<string> Names,
    ImmutableArray<string> Processes,
    ImmutableArray<string> Foreground,
    string? User,
    bool NeedsRoot,
    ImmutableArray<RuntimeDirectory> RuntimeDirectories,
    ImmutableArray<string> DataDirectories);

/// <summary>How a program typed by hand becomes its foreground CMD.</summary>
public enum ForegroundStyle
{
    /// <summary>The same program and arguments, minus the daemonize flags, plus the foreground arguments.</summary>
    SameArguments,
    /// <summary>A wrapper or control program (<c>apachectl start</c>, <c>mysqld_safe</c>): the service's own form.</summary>
    ServiceForm,
}

/// <summary>
/// A server or daemon program typed by hand. Matched by the program's file name (and, for interpreters, a module or
/// subcommand).
/// </summary>
/// <param name="Name">File name of the program (<c>{version}</c> allowed).</param>
/// <param name="Service">The <see cref="ServiceDefinition.Key"/> it belongs to, or null for an application server.</param>
/// <param name="Module">For an interpreter: the <c>-m MODULE</c> it must run (<c>http.server</c>).</param>
/// <param name="Subcommand">The first non-option argument it must have (<c>flask run</c>, <c>npm start</c>).</param>
/// <param name="NeedsArgument">It serves only with a script or app argument (<c>node server.js</c>, not <c>node</c>).</param>
/// <param name="Daemonizes">It can put itself in the background: typed without <c>&amp;</c>, a success means it did.</param>
/// <param name="DaemonizeFlags">Flags removed from the CMD, with how many values follow each.</param>
/// <param name="ForegroundArguments">Appended to the CMD unless one of <see cref="ForegroundFlags"/> is already there.</param>
/// <param name="InfoFlags">Flags that make it print something and exit instead of serving.</param>
/// <param name="ChdirOption">Option that sets the directory it serves from, added when it ran elsewhere than the final WORKDIR.</param>
/// <param name="DataDirectoryOptions">Options whose value is a data directory (VOLUME suggestions).</param>
public sealed record ServerProgram(
    string Name,
    string? Service,
    ForegroundStyle Style,
    string? Module = null,
    string? Subcommand = null,
    bool NeedsArgument = false,
    bool Daemonizes = false,
    ImmutableArray<(string Flag, int Values)> DaemonizeFlags = default,
    ImmutableArray<string> ForegroundArguments = default,
    ImmutableArray<string> ForegroundFlags = default,
    ImmutableArray<string> InfoFlags = default,
    string? ChdirOption = null,
    ImmutableArray<string> DataDirectoryOptions = default);

/// <summary>
/// The programs that talk to a service (<c>mysql</c>, <c>redis-cli</c>, <c>psql</c>), and what a build step that runs
/// them needs to have the service up: a RUN has no server running, so it starts the service, waits until it answers,
/// and stops it again (docs/services.md, "Clients in the build").
/// </summary>
/// <param name="Service">The <see cref="ServiceDefinition.Key"/> they talk to.</param>
/// <param name="Programs">File names of the client programs.</param>
/// <param name="HostOptions">Options that name the server's host: a client given another host talks to another server.</param>
/// <param name="InitScript">The init script the build starts it with (<c>service NAME start</c>); null when the package has none.</param>
/// <param name="Ready">A command that succeeds once the service answers; run in a retry loop after the start.</param>
/// <param name="Shutdown">Stops a server typed by hand as a daemon (its init script did not start it).</param>
/// <param name="DaemonArguments">Make the server program put itself in the background (for one typed with <c>&amp;</c>).</param>
/// <param name="PortOption">The clients' option for the port, given the server's <c>--port</c> when it was typed with one.</param>
/// <param name="ShutdownOptions">Options of the server's command line that <see cref="Shutdown"/> needs too (where its files are).</param>
public sealed record ServiceClients(
    string Service,
    ImmutableArray<string> Programs,
    ImmutableArray<string> HostOptions,
    string? InitScript,
    string? Ready,
    string? Shutdown,
    ImmutableArray<string> DaemonArguments = default,
    string? PortOption = null,
    ImmutableArray<string> ShutdownOptions = default);

/// <summary>The knowledge table: services, the programs typed to start them, and where data lives.</summary>
public static class ServiceCatalog
{
    static readonly ImmutableArray<string> CommonInfoFlags = ["-h", "--help", "-v", "-V", "--version"];

    public static ImmutableArray<ServiceDefinition> Services { get; } =
    [
        new("nginx", ["nginx"], ["nginx"], ["nginx", "-g", "daemon off;"], null, NeedsRoot: true, [], []),
        new("apache2", ["apache2", "apache", "httpd"], ["apache2", "httpd"], ["apache2ctl", "-D", "FOREGROUND"], null, NeedsRoot: true, [], []),
        new("redis", ["redis-server", "redis"], ["redis-server"], ["redis-server", "/etc/redis/redis.conf", "--daemonize", "no"], "redis", NeedsRoot: false,
            [new("/run/redis", "redis:redis", "755")], ["/var/lib/redis"]),
        new("postgresql", ["postgresql", "postgres"], ["postgres"],
            ["/usr/lib/postgresql/{version}/bin/postgres", "-D", "/var/lib/postgresql/{version}/{cluster}",
             "-c", "config_file=/etc/postgresql/{version}/{cluster}/postgresql.conf"], "postgres", NeedsRoot: false,
            [new("/run/postgresql", "postgres:postgres", "2775")], ["/var/lib/postgresql"]),
        // Debian's 50-server.cnf leaves `user = mysql` commented out (systemd sets the user); mysqld_safe passes it
        new("mariadb", ["mariadb", "mysql", "mysqld"], ["mariadbd", "mysqld"], ["mariadbd", "--user=mysql"], null, NeedsRoot: true,
            [new("/run/mysqld", "mysql:root", "755")], ["/var/lib/mysql"]),
        new("ssh", ["ssh", "sshd", "openssh-server"], ["sshd"], ["/usr/sbin/sshd", "-D"], null, NeedsRoot: true,
            [new("/run/sshd", "root:root", "755")], []),
        new("php-fpm", ["php{version}-fpm", "php-fpm"], ["php-fpm{version}"], ["php-fpm{version}", "-F"], null, NeedsRoot: true,
            [new("/run/php", "www-data:www-data", "755")], []),
        // Debian's /etc/memcached.conf also says `-l 127.0.0.1`, which a container must not keep
        new("memcached", ["memcached"], ["memcached"], ["memcached", "-u", "memcache"], null, NeedsRoot: false, [], []),
        new("cron", ["cron", "crond"], ["cron"], ["cron", "-f"], null, NeedsRoot: true, [], []),
        new("mongodb", ["mongod", "mongodb"], ["mongod"], ["mongod", "--config", "/etc/mongod.conf"], "mongodb", NeedsRoot: false, [], ["/var/lib/mongodb"]),
    ];

    public static ImmutableArray<ServerProgram> Programs { get; } =
    [
        new("nginx", "nginx", ForegroundStyle.SameArguments, Daemonizes: true,
            ForegroundArguments: ["-g", "daemon off;"], InfoFlags: ["-t", "-T", "-s", "-?", .. CommonInfoFlags]),
        new("apache2ctl", "apache2", ForegroundStyle.ServiceForm, ForegroundFlags: ["FOREGROUND"]),
        new("apachectl", "apache2", ForegroundStyle.ServiceForm, ForegroundFlags: ["FOREGROUND"]),
        new("redis-server", "redis", ForegroundStyle.SameArguments, Daemonizes: true,
            DaemonizeFlags: [("--daemonize", 1)], ForegroundArguments: ["--daemonize", "no"],
            InfoFlags: ["--test-memory", "--check-system", .. CommonInfoFlags], DataDirectoryOptions: ["--dir"]),
        new("mysqld_safe", "mariadb", ForegroundStyle.ServiceForm, Daemonizes: false, DataDirectoryOptions: ["--datadir"]),
        new("mariadbd", "mariadb", ForegroundStyle.SameArguments, InfoFlags: ["--print-defaults", .. CommonInfoFlags], DataDirectoryOptions: ["--datadir"]),
        new("mysqld", "mariadb", ForegroundStyle.SameArguments, InfoFlags: ["--print-defaults", .. CommonInfoFlags], DataDirectoryOptions: ["--datadir"]),
        new("postgres", "postgresql", ForegroundStyle.SameArguments, InfoFlags: ["-C", "--describe-config", .. CommonInfoFlags], DataDirectoryOptions: ["-D"]),
        new("sshd", "ssh", ForegroundStyle.SameArguments, Daemonizes: true, ForegroundArguments: ["-D"], ForegroundFlags: ["-D"], InfoFlags: ["-t", "-T", "-V"]),
        new("php-fpm{version}", "php-fpm", ForegroundStyle.SameArguments, Daemonizes: true,
            DaemonizeFlags: [("-D", 0), ("--daemonize", 0)], ForegroundArguments: ["-F"], ForegroundFlags: ["-F", "--nodaemonize"],
            InfoFlags: ["-t", "--test", "-i", "--info", "-m", "--modules", .. CommonInfoFlags]),
        new("memcached", "memcached", ForegroundStyle.SameArguments, Daemonizes: true, DaemonizeFlags: [("-d", 0), ("--daemon", 0)],
            InfoFlags: ["-i", "--license", .. CommonInfoFlags]),
        new("cron", "cron", ForegroundStyle.SameArguments, Daemonizes: true, ForegroundArguments: ["-f"], ForegroundFlags: ["-f"], InfoFlags: ["-h"]),
        new("mongod", "mongodb", ForegroundStyle.SameArguments, Daemonizes: true, DaemonizeFlags: [("--fork", 0)],
            InfoFlags: CommonInfoFlags, DataDirectoryOptions: ["--dbpath"]),
        new("gunicorn", null, ForegroundStyle.SameArguments, NeedsArgument: true, Daemonizes: true,
            DaemonizeFlags: [("-D", 0), ("--daemon", 0)], InfoFlags: ["--check-config", "--print-config", .. CommonInfoFlags], ChdirOption: "--chdir"),
        new("python{version}", null, ForegroundStyle.SameArguments, Module: "http.server", ChdirOption: "--directory"),
        new("uvicorn", null, ForegroundStyle.SameArguments, NeedsArgument: true, InfoFlags: CommonInfoFlags, ChdirOption: "--app-dir"),
        new("flask", null, ForegroundStyle.SameArguments, Subcommand: "run"),
        new("node", null, ForegroundStyle.SameArguments, NeedsArgument: true, InfoFlags: ["-e", "-p", "-c", .. CommonInfoFlags]),
        new("npm", null, ForegroundStyle.SameArguments, Subcommand: "start"),
        new("php{version}", null, ForegroundStyle.SameArguments, Subcommand: "-S"),
    ];

    /// <summary>
    /// Which programs talk to which service, and how a build step gets that service for them (docs/services.md,
    /// "Clients in the build"). <c>mysqladmin shutdown</c> and <c>redis-cli shutdown</c> are stops, not clients.
    /// </summary>
    public static ImmutableArray<ServiceClients> Clients { get; } =
    [
        new("mariadb", ["mysql", "mariadb", "mysqladmin", "mariadb-admin", "mysqldump", "mariadb-dump", "mysqlimport", "mariadb-import",
                "mysqlshow", "mariadb-show", "mysqlcheck", "mariadb-check", "mysql_upgrade", "mariadb-upgrade"],
            ["-h", "--host"], InitScript: "mariadb", Ready: "mysqladmin ping", Shutdown: "mysqladmin shutdown"),
        new("redis", ["redis-cli"], ["-h", "-u"], InitScript: "redis-server", Ready: "redis-cli ping", Shutdown: "redis-cli shutdown",
            DaemonArguments: ["--daemonize", "yes"], PortOption: "-p"),
        new("postgresql", ["psql", "createdb", "createuser", "dropdb", "dropuser", "pg_restore", "pg_dump", "pg_dumpall", "vacuumdb",
                "reindexdb", "clusterdb"],
            ["-h", "--host"], InitScript: "postgresql", Ready: "pg_isready -q", Shutdown: null),
        // MongoDB's packages ship a systemd unit and no init script; `mongod --fork` returns once it accepts connections
        new("mongodb", ["mongosh", "mongo", "mongorestore", "mongodump", "mongoimport", "mongoexport"], ["--host", "-h"],
            InitScript: null, Ready: null, Shutdown: "mongod --shutdown",
            ShutdownOptions: ["--config", "-f", "--dbpath"]),
    ];

    /// <summary>The service the client program <paramref name="fileName"/> talks to, or null.</summary>
    public static ServiceClients? ClientsOf(string fileName) => ClientsByProgram.GetValueOrDefault(fileName);

    static readonly FrozenDictionary<string, ServiceClients> ClientsByProgram =
        Clients.SelectMany(c => c.Programs.Select(p => (Program: p, Clients: c))).ToFrozenDictionary(e => e.Program, e => e.Clients, StringComparer.Ordinal);

    /// <summary>Roots under which a directory someone creates holds data (VOLUME suggestions); see docs/services.md.</summary>
    public static ImmutableArray<string> DataRoots { get; } = ["/data", "/var/lib"];

    /// <summary>Directories under /var/lib that hold the system's own state, never a volume.</summary>
    public static ImmutableHashSet<string> SystemStateDirectories { get; } =
    [
        "/var/lib/apt", "/var/lib/dpkg", "/var/lib/systemd", "/var/lib/ucf", "/var/lib/pam", "/var/lib/misc",
        "/var/lib/dbus", "/var/lib/polkit-1", "/var/lib/sgml-base", "/var/lib/xml-core", "/var/lib/python", "/var/lib/dhcp",
        "/var/lib/update-rc.d", "/var/lib/locales", "/var/lib/emacsen-common", "/var/lib/shells.state",
    ];

    /// <summary>A directory whose last name is one of these holds data wherever it is (<c>/opt/app/data</c>).</summary>
    public static ImmutableHashSet<string> DataDirectoryNames { get; } = ["data"];

    static readonly Dictionary<string, ServiceDefinition> ByKey = Services.ToDictionary(s => s.Key, StringComparer.Ordinal);

    public static ServiceDefinition Service(string key) => ByKey[key];

    /// <summary>The service an init name (<c>service NAME start</c>) stands for, with the version it names.</summary>
    public static (ServiceDefinition Service, string? Version)? FindByName(string name)
    {
        var bare = name.EndsWith(".service", StringComparison.Ordinal) ? name[..^".service".Length] : name;
        foreach (var service in Services)
            foreach (var pattern in service.Names)
                if (NamePattern.Match(pattern, bare, out var version))
                    return (service, version);
        return null;
    }

    /// <summary>The server program a typed program name stands for (its file name is compared).</summary>
    public static IReadOnlyList<(ServerProgram Program, string? Version)> FindPrograms(string fileName) =>
        s_programsByFileName.GetOrAdd(fileName, static name =>
        {
            var found = new List<(ServerProgram, string?)>();
            foreach (var program in Programs)
                if (NamePattern.Match(program.Name, name, out var version)) found.Add((program, version));
            return [.. found];
        });

    // every command of a trace is looked up, and a trace names few programs: the answer is kept per file name
    static readonly ConcurrentDictionary<string, (ServerProgram Program, string? Version)[]> s_programsByFileName = new(StringComparer.Ordinal);
}
