using System.Diagnostics.Tracing;

namespace DockerRecord.Benchmarks;

/// <summary>
/// Samples allocations by type through the runtime's AllocationTick event (one event per ~100 KB allocated), so
/// `--compile-passes TRACE --alloc` can say what each pass allocates, without a profiler.
/// </summary>
sealed class AllocationSampler : EventListener
{
    const EventKeywords GcKeyword = (EventKeywords)0x1;
    readonly Dictionary<string, long> _bytesByType = [];
    readonly Lock _lock = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!e.EventName!.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
        var type = e.Payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
        lock (_lock) _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
    }

    /// <summary>The sampled bytes by type since the last call, largest first, and starts counting again.</summary>
    public List<(string Type, long Bytes)> Take(int count)
    {
        lock (_lock)
        {
            var top = _bytesByType.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, p.Value)).ToList();
            _bytesByType.Clear();
            return top;
        }
    }
}
