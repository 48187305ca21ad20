using System.Text.Json;
using DockerRecord.Passes;

namespace DockerRecord.UnitTests.Support;

/// <summary>The tests/Baselines folders, and the one switch that rewrites them: DREC_UPDATE_BASELINES=1.</summary>
public static class Baselines
{
    public static bool Updating => Environment.GetEnvironmentVariable("DREC_UPDATE_BASELINES") == "1";

    public static string Root => Path.Combine(Repository.Root, "tests", "Baselines");

    /// <summary>Every case: the folders holding a trace, and the traces defined in code.</summary>
    public static IEnumerable<string> Cases()
    {
        if (Updating) Compiler.BaselineTraces.WriteAll();
        return Directory.EnumerateDirectories(Root).Where(d => Directory.Exists(Path.Combine(d, "trace")))
            .Select(d => Path.GetFileName(d)!).Union(Compiler.BaselineTraces.Defined.Keys).Order(StringComparer.Ordinal);
    }

    public static string Folder(string name) => Path.Combine(Root, name);

    /// <summary>Compile options of a case: <c>options.json</c> beside the trace, if any (e.g. {"Annotate": true}).</summary>
    public static CompileOptions Options(string folder)
    {
        var path = Path.Combine(folder, "options.json");
        return File.Exists(path) ? JsonSerializer.Deserialize<CompileOptions>(File.ReadAllText(path))! : CompileOptions.Default;
    }

    /// <summary>Compares with the expected file, or rewrites it when updating.</summary>
    public static void AssertMatches(string expectedPath, string actual)
    {
        if (Updating)
        {
            File.WriteAllText(expectedPath, actual);
            return;
        }
        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; run the tests with DREC_UPDATE_BASELINES=1 to create it");
        var expected = File.ReadAllText(expectedPath);
        if (expected != actual)
            Assert.Fail($"{expectedPath} differs from the output (DREC_UPDATE_BASELINES=1 rewrites it):\n{FirstDifference(expected, actual)}");
    }

    static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end>";
            var right = i < a.Length ? a[i] : "<end>";
            if (left != right) return $"line {i + 1}\n  expected: {left}\n  actual:   {right}";
        }
        return "(line endings differ)";
    }
}
