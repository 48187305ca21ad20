namespace DockerRecord.Frontend.Diagnostics;

/// <summary>
/// What drec knows about a diagnostic code besides one occurrence of it (as Roslyn's DiagnosticDescriptor): its title,
/// a one-sentence summary, the severity it has unless a policy changes it, its stage, and where it is documented.
/// <see cref="Hadolint"/> names the hadolint rule it corresponds to, when there is one.
/// </summary>
public sealed record DiagnosticDescriptor(
    string Id,
    string Title,
    string Summary,
    DiagnosticSeverity DefaultSeverity,
    string? Hadolint = null)
{
    /// <summary>The documentation page; each code's section is its lower-case anchor (GitHub's heading anchors).</summary>
    public const string HelpBaseUri = "https://github.com/drec/drec/blob/main/docs/diagnostics.md";

    public DiagnosticCategory Category => DiagnosticCategories.Of(Id);

    public string HelpUri => $"{HelpBaseUri}#{Id.ToLowerInvariant()}";

    /// <summary>Errors mean the output would be wrong: no policy may hide or lower them.</summary>
    public bool IsConfigurable => DefaultSeverity != DiagnosticSeverity.Error;
}
