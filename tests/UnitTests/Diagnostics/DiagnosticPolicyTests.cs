using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using Superpower.Model;

namespace DockerRecord.UnitTests.Diagnostics;

/// <summary>The policy: config severities, --nowarn, --warnaserror, hidden under --verbose; errors untouched.</summary>
public sealed class DiagnosticPolicyTests
{
    static Diagnostic D(string code, DiagnosticSeverity severity) => new(code, severity, "m", TextSpan.None) { Location = new TraceLocation(1, 1) };

    static readonly Diagnostic s_warning = D("DR5003", DiagnosticSeverity.Warning);
    static readonly Diagnostic s_info = D("DR5007", DiagnosticSeverity.Info);
    static readonly Diagnostic s_hidden = D("DR5012", DiagnosticSeverity.Hidden);
    static readonly Diagnostic s_error = D("DR3002", DiagnosticSeverity.Error);
    static readonly Diagnostic[] s_all = [s_warning, s_info, s_hidden, s_error];

    [Fact]
    public void The_default_hides_hidden_diagnostics_and_keeps_the_rest_in_order()
    {
        Assert.Equal([s_warning, s_info, s_error], DiagnosticPolicy.Default.Apply(s_all).ToArray());
        Assert.Equal(s_all, (DiagnosticPolicy.Default with { Verbose = true }).Apply(s_all).ToArray());
    }

    [Fact]
    public void Nowarn_suppresses_and_warnaserror_raises_only_warnings()
    {
        var policy = DiagnosticPolicy.Default with { NoWarn = ["DR5007"], AllWarningsAsErrors = true };
        var applied = policy.Apply(s_all);
        Assert.Equal(["DR5003", "DR3002"], applied.Select(d => d.Code));
        Assert.All(applied, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
    }

    [Fact]
    public void Warnaserror_with_codes_raises_those_only()
    {
        var other = D("DR5004", DiagnosticSeverity.Warning);
        var applied = (DiagnosticPolicy.Default with { WarningsAsErrors = ["DR5004"] }).Apply([s_warning, other]);
        Assert.Equal([DiagnosticSeverity.Warning, DiagnosticSeverity.Error], applied.Select(d => d.Severity));
    }

    [Fact]
    public void Config_severities_apply_first_and_none_suppresses()
    {
        var policy = DiagnosticPolicy.Default with
        {
            Severities = ImmutableDictionary<string, DiagnosticSeverity?>.Empty.Add("DR5012", DiagnosticSeverity.Warning).Add("DR5007", null),
            WarningsAsErrors = ["DR5012"],
        };
        var applied = policy.Apply(s_all);
        Assert.Equal(["DR5003", "DR5012", "DR3002"], applied.Select(d => d.Code));
        Assert.Equal(DiagnosticSeverity.Error, applied[1].Severity);
    }

    [Fact]
    public void Errors_are_never_changed_and_cannot_be_named()
    {
        var policy = DiagnosticPolicy.Default with
        {
            NoWarn = ["DR3002"],
            Severities = ImmutableDictionary<string, DiagnosticSeverity?>.Empty.Add("DR3002", null),
        };
        Assert.Same(s_error, policy.Apply(s_error));
        Assert.Contains("cannot be suppressed", DiagnosticPolicy.Problem("DR3002"));
        Assert.Equal("there is no diagnostic DR9999", DiagnosticPolicy.Problem("DR9999"));
        Assert.Null(DiagnosticPolicy.Problem("DR5003"));
    }

    [Fact]
    public void An_unchanged_diagnostic_is_the_same_object()
    {
        Assert.Same(s_warning, DiagnosticPolicy.Default.Apply(s_warning));
    }
}
