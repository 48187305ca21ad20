using System.Text.RegularExpressions;
using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.UnitTests.Diagnostics;

/// <summary>Every diagnostic code is documented in docs/diagnostics.md, and every documented code exists.</summary>
public sealed partial class DiagnosticDocsTests
{
    [Fact]
    public void Codes_and_docs_match()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));
        var documented = DocumentedCode().Matches(docs).Select(m => m.Groups[1].Value).ToHashSet();
        var defined = DiagnosticBuilder.Titles.Keys.ToHashSet();
        Assert.Empty(defined.Except(documented));
        Assert.Empty(documented.Except(defined));
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DockerRecord.sln"))) return dir.FullName;
        throw new InvalidOperationException("DockerRecord.sln not found above the test binaries");
    }

    [GeneratedRegex(@"^## (DR\d{4})\s*$", RegexOptions.Multiline)]
    private static partial Regex DocumentedCode();
}
