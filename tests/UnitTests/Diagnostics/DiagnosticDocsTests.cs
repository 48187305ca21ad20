using System.Text.RegularExpressions;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Diagnostics;

/// <summary>Every diagnostic code is documented in docs/diagnostics.md, and every documented code exists.</summary>
public sealed partial class DiagnosticDocsTests
{
    [Fact]
    public void Codes_and_docs_match()
    {
        var docs = File.ReadAllText(Path.Combine(Repository.Root, "docs", "diagnostics.md"));
        var documented = DocumentedCode().Matches(docs).Select(m => m.Groups[1].Value).ToHashSet();
        var defined = DiagnosticBuilder.Titles.Keys.ToHashSet();
        Assert.Empty(defined.Except(documented));
        Assert.Empty(documented.Except(defined));
    }

    [GeneratedRegex(@"^## (DR\d{4})\s*$", RegexOptions.Multiline)]
    private static partial Regex DocumentedCode();
}
