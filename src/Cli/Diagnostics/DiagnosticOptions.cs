using System.Collections.Immutable;
using System.CommandLine;
using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.Cli.Diagnostics;

/// <summary>
/// The command-line options that make a <see cref="DiagnosticPolicy"/>, shared by every command that reports:
/// <c>--nowarn</c>, <c>--warnaserror[=codes]</c>, <c>--verbose</c> and <c>--config</c> (default: drec.json in the
/// working folder, when there is one).
/// </summary>
sealed class DiagnosticOptions
{
    public Option<string[]> NoWarn { get; } = new("--nowarn")
    {
        Description = "Do not report these codes (DRnnnn[,DRnnnn…]; warnings and below).",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> WarnAsError { get; } = new(WarnAsErrorName)
    {
        Description = "Treat warnings as errors (exit code 1); --warnaserror=DRnnnn[,…] only those codes.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    const string WarnAsErrorName = "--warnaserror";
    const string AllCodes = "*";

    /// <summary>
    /// <c>--warnaserror</c> alone becomes <c>--warnaserror=*</c> (all warnings) before parsing, so it never takes the next word (the
    /// trace folder) as its value: codes are given only as <c>--warnaserror=DR5003,DR5004</c>.
    /// </summary>
    public static string[] Normalize(string[] args) =>
        [.. args.TakeWhile(a => a != "--").Select(a => a == WarnAsErrorName ? WarnAsErrorName + "=" + AllCodes : a), .. args.SkipWhile(a => a != "--")];

    public Option<bool> Verbose { get; } = new("--verbose") { Description = "Also show hidden diagnostics." };

    public Option<string?> Config { get; } = new("--config")
    {
        Description = $"Diagnostics configuration file (default: {DiagnosticConfig.FileName} in the working folder, when present).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(NoWarn);
        command.Options.Add(WarnAsError);
        command.Options.Add(Verbose);
        command.Options.Add(Config);
    }

    /// <summary>The policy the options and the config file ask for, or null after writing one error line per problem.</summary>
    public DiagnosticPolicy? CreatePolicy(ParseResult parseResult, TextWriter error)
    {
        var policy = DiagnosticPolicy.Default with { Verbose = parseResult.GetValue(Verbose) };
        var configPath = parseResult.GetValue(Config) ?? (File.Exists(DiagnosticConfig.FileName) ? DiagnosticConfig.FileName : null);
        if (configPath is not null)
        {
            (var loaded, var problem) = DiagnosticConfig.Load(configPath, policy);
            if (loaded is null)
            {
                error.WriteLine(problem);
                return null;
            }
            policy = loaded;
        }

        var ok = true;
        var noWarn = Codes(parseResult.GetValue(NoWarn) ?? [], "--nowarn", error, ref ok);
        var warnAsError = parseResult.GetResult(WarnAsError) is null ? null : parseResult.GetValue(WarnAsError) ?? AllCodes;
        var asErrors = Codes(warnAsError is null or AllCodes ? [] : [warnAsError], WarnAsErrorName, error, ref ok);
        if (!ok) return null;
        return policy with
        {
            NoWarn = policy.NoWarn.Union(noWarn),
            AllWarningsAsErrors = policy.AllWarningsAsErrors || warnAsError is AllCodes,
            WarningsAsErrors = policy.WarningsAsErrors.Union(asErrors),
        };
    }

    static ImmutableArray<string> Codes(string[] values, string option, TextWriter error, ref bool ok)
    {
        var codes = ImmutableArray.CreateBuilder<string>();
        foreach (var code in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var normalized = code.ToUpperInvariant();
            if (DiagnosticPolicy.Problem(normalized) is { } problem)
            {
                error.WriteLine($"drec: error: {option}: {problem}");
                ok = false;
            }
            else codes.Add(normalized);
        }
        return codes.ToImmutable();
    }
}
