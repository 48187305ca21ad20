using System.Collections.Frozen;
using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Passes.Filtering;

namespace DockerRecord.Passes.Safety;

/// <summary>
/// Debian's package tools made safe for a build: <c>apt</c> (meant for people: its output is not a stable interface
/// and it warns so in scripts) becomes <c>apt-get</c>, and every apt-get action that asks "Do you want to
/// continue?" gets <c>-y</c>, since a build has nobody to answer.
/// </summary>
public static class AptCommands
{
    /// <summary>apt actions and their apt-get names; apt's other actions (list, search, show…) are queries.</summary>
    static readonly FrozenDictionary<string, string> AptToAptGet = new Dictionary<string, string>
    {
        ["update"] = "update", ["install"] = "install", ["reinstall"] = "install", ["remove"] = "remove", ["purge"] = "purge",
        ["upgrade"] = "upgrade", ["full-upgrade"] = "dist-upgrade", ["dist-upgrade"] = "dist-upgrade",
        ["autoremove"] = "autoremove", ["autopurge"] = "autopurge", ["build-dep"] = "build-dep", ["clean"] = "clean",
        ["autoclean"] = "autoclean", ["source"] = "source",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>apt-get actions that ask for confirmation.</summary>
    static readonly FrozenSet<string> Confirming = FrozenSet.ToFrozenSet(
        ["install", "remove", "purge", "upgrade", "dist-upgrade", "full-upgrade", "autoremove", "autopurge", "build-dep", "reinstall"], StringComparer.Ordinal);

    /// <summary>Programs that mean Debian packages are installed in the build (so DEBIAN_FRONTEND matters).</summary>
    static readonly FrozenSet<string> PackageTools = FrozenSet.ToFrozenSet(
        ["apt", "apt-get", "aptitude", "dpkg", "dpkg-reconfigure", "debconf-set-selections", "add-apt-repository"], StringComparer.Ordinal);

    public static bool IsPackageTool(SimpleCommand command) => SyntaxNodes.CommandName(command) is { } name && PackageTools.Contains(name);

    /// <summary>The command made non-interactive, or the same object when it needs nothing.</summary>
    public static SimpleCommand MakeSafe(SimpleCommand command)
    {
        var name = SyntaxNodes.CommandName(command);
        if (name is not ("apt" or "apt-get" or "aptitude")) return command;
        var args = SyntaxNodes.StaticArgs(command);
        var actionAt = ActionIndex(args);
        if (actionAt < 0 || args[actionAt] is not { } action) return command;

        var words = command.Args;
        if (name == "apt")
        {
            if (!AptToAptGet.TryGetValue(action, out var aptGetAction)) return command;
            words = words.SetItem(0, SyntaxNodes.MakeWord("apt-get", words[0].Span));
            if (aptGetAction != action) words = words.SetItem(actionAt, SyntaxNodes.MakeWord(aptGetAction, words[actionAt].Span));
            action = aptGetAction;
        }
        if (Confirming.Contains(action) && !AssumesYes(args))
            words = words.Insert(actionAt + 1, SyntaxNodes.MakeWord("-y", words[actionAt].Span));
        return words == command.Args ? command : command with { Args = words };
    }

    /// <summary>The apt-get action of a command (after <see cref="MakeSafe"/>): <c>install</c>, <c>update</c>…, or null.</summary>
    public static string? AptGetAction(SimpleCommand command)
    {
        if (SyntaxNodes.CommandName(command) is not ("apt-get" or "apt" or "aptitude")) return null;
        var args = SyntaxNodes.StaticArgs(command);
        var at = ActionIndex(args);
        return at < 0 ? null : args[at];
    }

    /// <summary>
    /// The positions of the package operands of an <c>apt-get install</c> or <c>apt install</c> (options and their values
    /// left out); words drec cannot spell out (<c>"$PKG"</c>) are not among them. Empty for any other command.
    /// </summary>
    public static IEnumerable<int> InstallOperands(SimpleCommand command)
    {
        if (SyntaxNodes.CommandName(command) is not ("apt-get" or "apt")) yield break;
        var args = SyntaxNodes.StaticArgs(command);
        var actionAt = ActionIndex(args);
        if (actionAt < 0 || args[actionAt] is not ("install" or "reinstall")) yield break;
        for (var i = actionAt + 1; i < args.Length; i++)
        {
            if (args[i] is not { } arg) continue;
            if (arg is "-o" or "-c" or "-t" or "--option" or "--config-file" or "--target-release" or "--default-release") { i++; continue; }
            if (!arg.StartsWith('-')) yield return i;
        }
    }

    /// <summary>Where the action word is: the first operand, skipping options and the values of <c>-o</c>, <c>-c</c>, <c>-t</c>.</summary>
    static int ActionIndex(ImmutableArray<string?> args)
    {
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] is not { } arg) return -1;
            if (arg is "-o" or "-c" or "-t" or "--option" or "--config-file" or "--target-release") { i++; continue; }
            if (!arg.StartsWith('-')) return i;
        }
        return -1;
    }

    static bool AssumesYes(ImmutableArray<string?> args) => args.Any(a => a is not null
        && (a is "--yes" or "--assume-yes" or "--force-yes" || a.StartsWith("--assume-yes=") || a.StartsWith("--yes=")
            || (a.StartsWith('-') && !a.StartsWith("--") && a.Contains('y'))
            || a is "APT::Get::Assume-Yes=true" or "APT::Get::Assume-Yes=1"));
}
