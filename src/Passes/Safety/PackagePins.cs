using System.Text.RegularExpressions;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Syntax;
using DockerRecord.Passes.Filtering;

namespace DockerRecord.Passes.Safety;

/// <summary>
/// <c>--pin</c>: each package an <c>apt-get install</c> names without a version becomes <c>name=version</c>, the version
/// the container had after that command (<see cref="InstalledPackages"/>), so the build installs what the session
/// got, or fails where the mirror no longer has it instead of installing something else. Packages already pinned
/// (<c>=version</c>, <c>/release</c>), <c>.deb</c> files, patterns and words drec cannot spell out are left alone; a
/// package with no known version stays as typed, reported (DR3042).
/// </summary>
public static partial class PackagePins
{
    /// <summary>The command with its packages pinned, or the same object when nothing is pinned.</summary>
    public static SimpleCommand Pin(SimpleCommand command, TraceLocation at, CompilationContext context, List<string> notes)
    {
        var operands = AptCommands.InstallOperands(command).ToList();
        if (operands.Count == 0) return command;
        var args = command.Args;
        List<string> pinned = [], unknown = [];
        foreach (var i in operands)
        {
            var package = SyntaxNodes.StaticValue(command.Args[i])!;
            if (!IsPlainName(package)) continue;
            if (InstalledPackages.VersionAfter(context.Trace, at, package) is not { } version)
            {
                // `curl-` asks apt to remove curl: nothing to pin
                if (!package.EndsWith('-')) unknown.Add(package);
                continue;
            }
            var pin = $"{package}={version}";
            args = args.SetItem(i, PlainWord().IsMatch(version) ? new Word([new Literal(pin, args[i].Span)], args[i].Span) : SyntaxNodes.MakeWord(pin, args[i].Span));
            pinned.Add(pin);
        }
        if (pinned.Count > 0)
            notes.Add($"pinned to the versions the container had after this command (--pin): {string.Join(" ", pinned)}");
        if (unknown.Count > 0)
        {
            var why = InstalledPackages.Recorded(context.Trace)
                ? "no recorded snapshot of the installed packages lists it"
                : "the trace records no installed packages: recorded by an older drec, outside containers, or in a container without dpkg";
            context.Report(DiagnosticBuilder.PackageVersionNotKnown(at, command.Span, unknown, why));
        }
        return pinned.Count == 0 ? command : command with { Args = args };
    }

    /// <summary>A package name, possibly with <c>:arch</c>, and nothing that pins it or makes it a pattern or a file.</summary>
    static bool IsPlainName(string word) => PackageName().IsMatch(word);

    [GeneratedRegex("^[a-z0-9][a-z0-9+.-]*(:[a-z0-9-]+)?$")]
    private static partial Regex PackageName();

    /// <summary>A Debian version that reads the same unquoted after <c>name=</c>: starts with a digit (no tilde expansion), no glob or shell characters.</summary>
    [GeneratedRegex("^[0-9][A-Za-z0-9.+~:-]*$")]
    private static partial Regex PlainWord();
}
