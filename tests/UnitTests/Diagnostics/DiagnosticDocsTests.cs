using System.Text.RegularExpressions;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Diagnostics;

/// <summary>
/// Every diagnostic code has a descriptor and is documented in docs/diagnostics.md, every documented code exists, and
/// the table at the top of the page gives each code's title and default severity as the registry does.
/// </summary>
public sealed partial class DiagnosticDocsTests
{
    static readonly string s_docs = File.ReadAllText(Path.Combine(Repository.Root, "docs", "diagnostics.md"));

    [Fact]
    public void Codes_and_docs_match()
    {
        var documented = DocumentedCode().Matches(s_docs).Select(m => m.Groups[1].Value).ToHashSet();
        var defined = DiagnosticBuilder.Titles.Keys.ToHashSet();
        Assert.Empty(defined.Except(documented));
        Assert.Empty(documented.Except(defined));
    }

    [Fact]
    public void Every_code_has_a_descriptor()
    {
        Assert.Empty(DiagnosticDescriptors.Unmatched);
        Assert.Equal(DiagnosticBuilder.Titles.Keys.Order(StringComparer.Ordinal), DiagnosticDescriptors.All.Select(d => d.Id));
    }

    [Fact]
    public void The_docs_table_gives_each_title_and_default_severity()
    {
        var rows = TableRow().Matches(s_docs).ToDictionary(m => m.Groups[1].Value, m => (Title: m.Groups[2].Value.Trim(), Severity: m.Groups[3].Value.Trim()));
        foreach (var descriptor in DiagnosticDescriptors.All)
        {
            Assert.True(rows.TryGetValue(descriptor.Id, out var row), $"{descriptor.Id} has no row in the table of docs/diagnostics.md");
            Assert.Equal(descriptor.Title, row.Title.Replace("\\|", "|"));
            Assert.Equal(descriptor.DefaultSeverity.ToString().ToLowerInvariant(), row.Severity);
        }
    }

    [Fact]
    public void Descriptors_derive_category_and_help_link_from_the_code()
    {
        Assert.Equal(DiagnosticCategory.Frontend, DiagnosticDescriptors.Of("DR1001").Category);
        Assert.Equal(DiagnosticCategory.Trace, DiagnosticDescriptors.Of("DR2003").Category);
        Assert.Equal(DiagnosticCategory.Passes, DiagnosticDescriptors.Of("DR3001").Category);
        Assert.Equal(DiagnosticCategory.Analyzers, DiagnosticDescriptors.Of("DR5003").Category);
        Assert.Equal(DiagnosticCategory.Verify, DiagnosticCategories.Of("DR6001"));
        Assert.Equal("https://github.com/drec/drec/blob/main/docs/diagnostics.md#dr5003", DiagnosticDescriptors.Of("DR5003").HelpUri);
        Assert.Equal("DL3003", DiagnosticDescriptors.Of("DR5003").Hadolint);
    }

    [Fact]
    public void Every_hadolint_rule_of_the_analyzers_is_in_the_hygiene_table()
    {
        var section = s_docs[s_docs.IndexOf("## Output hygiene and hadolint", StringComparison.Ordinal)..];
        foreach (var descriptor in DiagnosticDescriptors.All.Where(d => d.Hadolint is not null))
            Assert.Contains($"| {descriptor.Hadolint} |", section);
    }

    [GeneratedRegex(@"^## (DR\d{4})\s*$", RegexOptions.Multiline)]
    private static partial Regex DocumentedCode();

    [GeneratedRegex(@"^\| \[(DR\d{4})\]\(#dr\d{4}\) \|((?:[^|\\]|\\\|)+)\|([^|]+)\|\s*$", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
