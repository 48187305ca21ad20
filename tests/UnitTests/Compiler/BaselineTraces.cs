using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

/// <summary>
/// Baseline traces written from code (a real recording is just a folder copied into tests/Baselines). With
/// DREC_UPDATE_BASELINES=1 each is written to tests/Baselines/NAME/trace before the baselines are compared.
/// </summary>
public static class BaselineTraces
{
    public static IReadOnlyDictionary<string, Func<TraceBuilder>> Defined { get; } = new Dictionary<string, Func<TraceBuilder>>
    {
        ["basic-session"] = () => new TraceBuilder()
            .Command("ls /")
            .Command("cd /opt", r => r with { Cwd = "/opt" })
            .Command("mkdir app && cd app", r => r with { Cwd = "/opt/app", Changes = new FileChanges(["/opt/app"], [], []) })
            .Command("export GREETING=\"hello world\"", r => r with { EnvSet = new Dictionary<string, string> { ["GREETING"] = "hello world" } })
            .Command("echo \"$GREETING\" > greeting.txt", r => r with { Changes = new FileChanges(["/opt/app/greeting.txt"], [], []) })
            .Command("cat greeting.txt")
            .Command("false", r => r with { Status = 1 })
            .Command("for i in 1 2; do echo $i >> count.txt; done", r => r with { Changes = new FileChanges(["/opt/app/count.txt"], [], []) }),
    };

    /// <summary>Rewrites the trace folders of the defined baselines (only when updating).</summary>
    public static void WriteAll()
    {
        foreach (var (name, build) in Defined)
        {
            var trace = Path.Combine(Baselines.Folder(name), "trace");
            if (Directory.Exists(trace)) Directory.Delete(trace, recursive: true);
            build().WriteTo(trace);
        }
    }
}
