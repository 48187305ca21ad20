using System.Collections.Frozen;

namespace DockerRecord.Passes.Ordering;

/// <summary>What a file argument of a known command does to the file it names.</summary>
enum ArgumentRole
{
    /// <summary>Every path argument is read (<c>cat</c>, <c>grep</c>, <c>ls</c>…).</summary>
    ReadAll,
    /// <summary>Every path argument is written (<c>touch</c>, <c>mkdir</c>, <c>rm</c>, <c>tee</c>…).</summary>
    WriteAll,
    /// <summary>The last argument is written, the others read (<c>cp</c>, <c>ln</c>, <c>install</c>).</summary>
    WriteLast,
    /// <summary>The first argument (mode, owner) is not a path; the others are written (<c>chmod</c>, <c>chown</c>).</summary>
    WriteAfterFirst,
}

/// <summary>
/// The command knowledge the ordering passes rely on, in one place. Everything here errs on the safe side: a
/// command the tables do not know is assumed to read the paths it names and to use installed packages, and its
/// writes come from the recorded file changes.
/// </summary>
static class OrderingKnowledge
{
    /// <summary>Commands that run the rest of their arguments as another command (after their own options).</summary>
    public static readonly FrozenSet<string> Wrappers = FrozenSet.ToFrozenSet(
        ["sudo", "env", "nohup", "nice", "ionice", "command", "exec", "time", "stdbuf", "chroot"], StringComparer.Ordinal);

    /// <summary>
    /// Shell builtins and coreutils: programs a package install cannot have provided, so a command made only of
    /// them does not depend on earlier installs.
    /// </summary>
    public static readonly FrozenSet<string> BuiltinsAndCoreutils = FrozenSet.ToFrozenSet(
    [
        // bash builtins
        ".", ":", "[", "alias", "bg", "cd", "declare", "echo", "eval", "exit", "export", "false", "fg", "hash", "jobs",
        "kill", "let", "local", "popd", "printf", "pushd", "pwd", "read", "readonly", "return", "set", "shift", "source",
        "test", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait",
        // coreutils
        "basename", "cat", "chgrp", "chmod", "chown", "cp", "cut", "date", "dd", "df", "dirname", "du", "head", "id",
        "install", "ln", "ls", "mkdir", "mktemp", "mv", "nproc", "readlink", "realpath", "rm", "rmdir", "seq", "sleep",
        "sort", "stat", "tail", "tee", "touch", "tr", "truncate", "uname", "uniq", "unlink", "wc", "whoami", "yes",
    ], StringComparer.Ordinal);

    /// <summary>File arguments of the commands whose effect on the paths they name is known.</summary>
    public static readonly FrozenDictionary<string, ArgumentRole> FileCommands = new Dictionary<string, ArgumentRole>(StringComparer.Ordinal)
    {
        ["cat"] = ArgumentRole.ReadAll, ["less"] = ArgumentRole.ReadAll, ["more"] = ArgumentRole.ReadAll,
        ["head"] = ArgumentRole.ReadAll, ["tail"] = ArgumentRole.ReadAll, ["grep"] = ArgumentRole.ReadAll,
        ["ls"] = ArgumentRole.ReadAll, ["stat"] = ArgumentRole.ReadAll, ["wc"] = ArgumentRole.ReadAll,
        ["diff"] = ArgumentRole.ReadAll, ["sort"] = ArgumentRole.ReadAll, ["source"] = ArgumentRole.ReadAll,
        ["."] = ArgumentRole.ReadAll,
        ["touch"] = ArgumentRole.WriteAll, ["mkdir"] = ArgumentRole.WriteAll, ["rm"] = ArgumentRole.WriteAll,
        ["rmdir"] = ArgumentRole.WriteAll, ["unlink"] = ArgumentRole.WriteAll, ["truncate"] = ArgumentRole.WriteAll,
        ["tee"] = ArgumentRole.WriteAll, ["mv"] = ArgumentRole.WriteAll, ["shred"] = ArgumentRole.WriteAll,
        ["cp"] = ArgumentRole.WriteLast, ["ln"] = ArgumentRole.WriteLast, ["install"] = ArgumentRole.WriteLast,
        ["rsync"] = ArgumentRole.WriteLast,
        ["chmod"] = ArgumentRole.WriteAfterFirst, ["chown"] = ArgumentRole.WriteAfterFirst, ["chgrp"] = ArgumentRole.WriteAfterFirst,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Package managers and the subcommands that install, remove or refresh packages.</summary>
    public static readonly FrozenDictionary<string, FrozenSet<string>> PackageOperations = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal)
    {
        ["apt-get"] = Set("install", "update", "upgrade", "dist-upgrade", "remove", "purge", "autoremove", "build-dep"),
        ["apt"] = Set("install", "update", "upgrade", "full-upgrade", "remove", "purge", "autoremove"),
        ["aptitude"] = Set("install", "update", "upgrade", "remove", "purge"),
        ["dpkg"] = Set("-i", "--install", "-r", "--remove", "-P", "--purge", "--configure"),
        ["pip"] = Set("install", "uninstall"), ["pip3"] = Set("install", "uninstall"),
        ["npm"] = Set("install", "i", "ci", "uninstall"), ["yarn"] = Set("add", "install", "global"),
        ["gem"] = Set("install", "uninstall"), ["apk"] = Set("add", "del", "update", "upgrade"),
        ["yum"] = Set("install", "update", "remove"), ["dnf"] = Set("install", "update", "remove"),
        ["add-apt-repository"] = Set(""), ["apt-key"] = Set("add", "adv"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Programs that read the apt lists (<c>/var/lib/apt/lists</c>): the lists stay while one is still to run.</summary>
    public static readonly FrozenSet<string> AptListReaders = Set("apt-get", "apt", "apt-cache", "aptitude", "add-apt-repository", "apt-file");

    /// <summary>The apt front ends whose runs leave lists behind that a cleanup step removes.</summary>
    public static readonly FrozenSet<string> AptFrontEnds = Set("apt-get", "apt", "aptitude");

    /// <summary>Folders the package managers read their configuration from (repository setup writes there).</summary>
    public static readonly string[] PackageConfigurationPaths = ["/etc/apt", "/usr/share/keyrings", "/etc/pip.conf", "/root/.npmrc"];

    /// <summary>Commands that create a user or a group: the last name argument.</summary>
    public static readonly FrozenSet<string> UserCreators = Set("useradd", "adduser", "groupadd", "addgroup");

    /// <summary>
    /// Builtins that change the shell itself for the commands after them in the same shell (options, traps, umask,
    /// exit): a step running one ends its RUN group, so grouping never changes what the next step runs under.
    /// </summary>
    public static readonly FrozenSet<string> ShellStateCommands = Set("exit", "exec", "set", "shopt", "umask", "trap", "ulimit", "alias",
        "unalias", "logout", "return", "source", ".", "enable", "hash");

    /// <summary>Where system configuration lives; a command writing there is a system step (after packages).</summary>
    public static readonly string[] SystemPaths = ["/etc", "/usr", "/var", "/lib", "/lib64", "/bin", "/sbin", "/root", "/boot"];

    /// <summary>Application folders; they win over <see cref="SystemPaths"/> (<c>/var/www</c> is under <c>/var</c>).</summary>
    public static readonly string[] ApplicationPaths = ["/opt", "/srv", "/home", "/app", "/var/www", "/usr/src", "/usr/local/src"];

    static FrozenSet<string> Set(params string[] items) => items.ToFrozenSet(StringComparer.Ordinal);
}
