using System.Collections.Immutable;

namespace DockerRecord.Frontend.Diagnostics;

/// <summary>
/// What the user asked of diagnostics, applied in one place to what any command reports (<c>drec parse</c>,
/// <c>drec compile</c>, later <c>drec verify</c>): severities from drec.json, then <c>--nowarn</c>, then
/// <c>--warnaserror</c>, then hidden diagnostics dropped unless <c>--verbose</c>. Errors are never changed: they mean
/// the output would be wrong, so no policy may hide them.
/// </summary>
public sealed record DiagnosticPolicy
{
    public static DiagnosticPolicy Default { get; } = new();

    /// <summary>Severity per code from the config file; null means <c>none</c> (not reported).</summary>
    public ImmutableDictionary<string, DiagnosticSeverity?> Severities { get; init; } = ImmutableDictionary<string, DiagnosticSeverity?>.Empty;

    public ImmutableHashSet<string> NoWarn { get; init; } = [];

    /// <summary>Every warning becomes an error.</summary>
    public bool AllWarningsAsErrors { get; init; }

    /// <summary>These codes' warnings become errors.</summary>
    public ImmutableHashSet<string> WarningsAsErrors { get; init; } = [];

    /// <summary>Show hidden diagnostics.</summary>
    public bool Verbose { get; init; }

    /// <summary>The diagnostics as the user wants them, in the same order; suppressed ones are left out.</summary>
    public ImmutableArray<Diagnostic> Apply(IEnumerable<Diagnostic> diagnostics) =>
        [.. diagnostics.Select(Apply).OfType<Diagnostic>()];

    /// <summary>The diagnostic with its severity after the policy, or null when it is not reported.</summary>
    public Diagnostic? Apply(Diagnostic diagnostic)
    {
        if (diagnostic.IsError) return diagnostic;
        var severity = Severities.TryGetValue(diagnostic.Code, out var configured) ? configured : diagnostic.Severity;
        if (severity is not { } effective || NoWarn.Contains(diagnostic.Code)) return null;
        if (effective == DiagnosticSeverity.Warning && (AllWarningsAsErrors || WarningsAsErrors.Contains(diagnostic.Code)))
            effective = DiagnosticSeverity.Error;
        if (effective == DiagnosticSeverity.Hidden && !Verbose) return null;
        return effective == diagnostic.Severity ? diagnostic : diagnostic with { Severity = effective };
    }

    /// <summary>Why <paramref name="code"/> cannot be named in a policy, or null when it can.</summary>
    public static string? Problem(string code)
    {
        if (!DiagnosticDescriptors.TryGet(code, out var descriptor))
            return $"there is no diagnostic {code}";
        return descriptor.IsConfigurable ? null : $"{code} is an error (the output would be wrong), so it cannot be suppressed or changed";
    }
}
