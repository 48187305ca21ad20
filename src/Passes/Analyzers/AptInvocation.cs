using System.Collections.Immutable;
using DockerRecord.Frontend.Syntax;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// An <c>apt-get</c> or <c>apt</c> command line taken apart (after <c>sudo</c>): the subcommand, the options (with the
/// values of <c>-o</c>, <c>-c</c>, <c>-t</c> joined as <c>-o=value</c>) and the package arguments. Words that are not
/// plain literals (<c>"$PKG"</c>) count as packages with their source text.
/// </summary>
sealed record AptInvocation(string Tool, string? Subcommand, ImmutableArray<string> Options, ImmutableArray<string> Packages, SimpleCommand Command)
{
    static readonly string[] s_optionsWithValue = ["-o", "-c", "-t", "--option", "--config-file", "--target-release", "--default-release"];

    public static AptInvocation? Parse(SimpleCommand command)
    {
        if (ShellWalk.EffectiveName(command) is not ("apt-get" or "apt") || ShellWalk.Effective(command) is not ({ } name and ("apt-get" or "apt"), var args)) return null;
        string? subcommand = null;
        var options = ImmutableArray.CreateBuilder<string>();
        var packages = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var text = args[i].LiteralValue ?? args[i].Text;
            if (text.StartsWith('-'))
            {
                if (s_optionsWithValue.Contains(text) && i + 1 < args.Length)
                    text += "=" + (args[++i].LiteralValue ?? args[i].Text);
                options.Add(text);
            }
            else if (subcommand is null) subcommand = text;
            else packages.Add(text);
        }
        return new AptInvocation(name, subcommand, options.ToImmutable(), packages.ToImmutable(), command);
    }

    public bool IsInstall => Subcommand == "install";

    /// <summary>Answers yes by itself: <c>-y</c>, <c>--yes</c>, <c>--assume-yes</c>, <c>-qq</c> (implies -y), or -y among bundled letters.</summary>
    public bool AssumesYes => Options.Any(o =>
        o is "--yes" or "--assume-yes" or "-qq" or "-q=2" or "--quiet=2" or "-o=APT::Get::Assume-Yes=true"
        || (o is ['-', not '-', ..] && !o.Contains('=') && o.Contains('y')));

    public bool SkipsRecommends => Options.Any(o =>
        o is "--no-install-recommends" || o.Contains("Install-Recommends=false", StringComparison.OrdinalIgnoreCase)
        || o.Contains("Install-Recommends=0", StringComparison.Ordinal));

    /// <summary>hadolint's reading of a pin: <c>name=version</c>, <c>name/release</c>, or a <c>.deb</c> file.</summary>
    public static bool IsPinned(string package) =>
        package.Contains('=') || package.Contains('/') || package.EndsWith(".deb", StringComparison.Ordinal);
}
