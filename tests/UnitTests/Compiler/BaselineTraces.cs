using System.Reflection;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

/// <summary>
/// Marks a static method returning a <see cref="TraceBuilder"/> as the source of the baseline folder
/// tests/Baselines/NAME. Sources live in Compiler/BaselineSources, a file per area; a real recording needs no source,
/// its folder is copied into tests/Baselines as it is.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BaselineTraceAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>The baseline traces written from code; with DREC_UPDATE_BASELINES=1 each is rewritten before the comparison.</summary>
public static class BaselineTraces
{
    public static IReadOnlyDictionary<string, Func<TraceBuilder>> Defined { get; } = typeof(BaselineTraces).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
        .Select(m => (Method: m, Attribute: m.GetCustomAttribute<BaselineTraceAttribute>()))
        .Where(p => p.Attribute is not null)
        .ToDictionary(p => p.Attribute!.Name, p => (Func<TraceBuilder>)(() => (TraceBuilder)p.Method.Invoke(null, null)!));

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
