using System.Text.Json;
using DockerRecord.Passes;

namespace DockerRecord.EngineTests;

/// <summary>A golden baseline's compile options (its options.json, as the baseline test reads it) as drec compile's flags.</summary>
static class BaselineFlags
{
    public static string[] Of(string folder)
    {
        var path = Path.Combine(folder, "options.json");
        if (!File.Exists(path)) return [];
        var options = JsonSerializer.Deserialize<CompileOptions>(File.ReadAllText(path))!;
        var flags = new List<string>();
        if (options.Annotate) flags.Add("--annotate");
        if (options.Syntax is { } syntax) flags.AddRange(["--syntax", syntax]);
        if (!options.Volumes) flags.Add("--no-volumes");
        if (options.PinPackages) flags.Add("--pin");
        if (options.PinBaseImage) flags.Add("--pin-base");
        var rest = options with { Annotate = false, Syntax = null, Volumes = true, PinPackages = false, PinBaseImage = false };
        if (rest != CompileOptions.Default)
            throw new InvalidOperationException($"{path}: an option without a command-line flag: {rest}");
        return [.. flags];
    }
}
