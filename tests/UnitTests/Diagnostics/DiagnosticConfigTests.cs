using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.UnitTests.Diagnostics;

/// <summary>drec.json: its settings, and one-line errors with file:line:col for a bad file.</summary>
public sealed class DiagnosticConfigTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("drec-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    (DiagnosticPolicy? Policy, string? Error) Load(string json)
    {
        var path = Path.Combine(_dir, "drec.json");
        File.WriteAllText(path, json);
        var (policy, error) = DiagnosticConfig.Load(path, DiagnosticPolicy.Default);
        return (policy, error?.Replace(path, "drec.json"));
    }

    [Fact]
    public void A_file_that_is_not_readable_text_is_one_line_naming_it()
    {
        var path = Path.Combine(_dir, "drec.json");
        File.WriteAllBytes(path, [.. "{\"diagnostics\": {\"DR5007\": \""u8, 0xFF, 0xFE, .. "\"}}"u8]);
        Assert.StartsWith($"{path}: error: not valid JSON text: ", DiagnosticConfig.Load(path, DiagnosticPolicy.Default).Error);
        Assert.Equal("/dev/null: error: cannot read the configuration: it is a character device, not a regular file",
            DiagnosticConfig.Load("/dev/null", DiagnosticPolicy.Default).Error);
        Assert.Equal("drec: error: the configuration file's name is empty", DiagnosticConfig.Load("", DiagnosticPolicy.Default).Error);
        // the file's own text is escaped, so the error stays one line
        Assert.DoesNotContain('\n', Load("{\"diagnostics\": {\"DR5007\": \"no\\nne\"}}").Error!);
        // a byte order mark is skipped
        Assert.Null(Load("\uFEFF{\"diagnostics\": {\"DR5007\": \"none\"}}").Error);
    }

    [Fact]
    public void Reads_severities_and_warnings_as_errors()
    {
        var (policy, error) = Load("""
            {
              // comments and trailing commas are fine
              "$schema": "https://example.com/drec.schema.json",
              "diagnostics": { "DR5007": "none", "DR5012": "warning", "DR5003": "error", },
              "warningsAsErrors": ["DR5004"],
            }
            """);
        Assert.Null(error);
        Assert.Null(policy!.Severities["DR5007"]);
        Assert.Equal(DiagnosticSeverity.Warning, policy.Severities["DR5012"]);
        Assert.Equal(DiagnosticSeverity.Error, policy.Severities["DR5003"]);
        Assert.Equal(["DR5004"], policy.WarningsAsErrors);
        Assert.False(policy.AllWarningsAsErrors);
        Assert.True(Load("""{ "warningsAsErrors": true }""").Policy!.AllWarningsAsErrors);
    }

    [Theory]
    [InlineData("{\n  \"diagnostics\": { \"DR5003\": \"warn\" }\n}", "drec.json:2:30: error: 'warn' is not a severity (error, warning, info, hidden, none)")]
    [InlineData("{\n  \"diagnostics\": { \"DR9999\": \"none\" }\n}", "drec.json:2:20: error: there is no diagnostic DR9999")]
    [InlineData("{ \"diagnostics\": { \"DR1001\": \"none\" } }", "drec.json:1:20: error: DR1001 is an error (the output would be wrong), so it cannot be suppressed or changed")]
    [InlineData("{\n  \"nowarn\": []\n}", "drec.json:2:3: error: unknown setting 'nowarn' (known: diagnostics, warningsAsErrors)")]
    [InlineData("{ \"warningsAsErrors\": \"yes\" }", "drec.json:1:23: error: expected true, false or an array of codes")]
    [InlineData("[]", "drec.json:1:1: error: expected an object")]
    public void A_bad_file_is_one_line_with_its_position(string json, string expected)
    {
        var (policy, error) = Load(json);
        Assert.Null(policy);
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Invalid_JSON_names_its_position()
    {
        var (policy, error) = Load("{\n  \"diagnostics\": { \"DR5003\" \"none\" }\n}");
        Assert.Null(policy);
        Assert.StartsWith("drec.json:2:", error);
        Assert.Contains(": error: not valid JSON: ", error);
        Assert.DoesNotContain("\n", error);
    }
}
