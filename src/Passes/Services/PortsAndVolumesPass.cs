using System.Collections.Immutable;
using System.Net;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.IR;

namespace DockerRecord.Passes.Services;

/// <summary>
/// Pass ports-volumes: EXPOSE for every TCP and UDP port the trace saw listening (the union over all records, sorted;
/// a port bound to loopback only is reported and left out), and VOLUME for the data directories of the services
/// started and the directories created for data (each reported as a suggestion; <c>--no-volumes</c> keeps the
/// instruction out). Both go at the end, after every RUN and COPY that fills them and before the CMD: what a build
/// step writes into a folder after its VOLUME is lost.
/// </summary>
public sealed class PortsAndVolumesPass : ICompilerPass
{
    public string Name => "ports-volumes";

    public string Description => "EXPOSE for every listening port seen; VOLUME for data directories of services";

    public ImageProgram Run(ImageProgram program, CompilationContext context)
    {
        var exposed = program.OfType<ExposeInstruction>().Select(e => (e.Port, e.Protocol)).ToHashSet();
        var declared = program.OfType<VolumeInstruction>().Select(v => v.Path).ToHashSet(StringComparer.Ordinal);
        var added = ImmutableArray.CreateBuilder<Instruction>();

        foreach (var port in ListeningPorts(context))
        {
            if (port.LoopbackOnly)
                context.Report(DiagnosticBuilder.LoopbackPort(port.FirstSeen, port.Port, port.Protocol, port.Addresses.First(), port.Process));
            else if (exposed.Add((port.Port, port.Protocol)))
                added.Add(new ExposeInstruction(port.Port, port.Protocol, Provenance.Of(port.FirstSeen)));
        }

        foreach (var directory in DataDirectories.Find(program, ServiceTimeline.Of(context), context))
        {
            context.Report(DiagnosticBuilder.VolumeSuggested(directory.At, directory.Path, directory.Why, context.Options.Volumes));
            if (context.Options.Volumes && declared.Add(directory.Path))
                added.Add(new VolumeInstruction(directory.Path, Provenance.Of(directory.At)));
        }

        if (added.Count == 0) return program;
        var at = InsertionPoint(program.Instructions);
        return program.WithInstructions(program.Instructions.InsertRange(at, added));
    }

    /// <summary>A port seen listening, with every address it was bound to.</summary>
    sealed record PortSighting(string Protocol, int Port, SortedSet<string> Addresses, string? Process, TraceLocation FirstSeen)
    {
        public bool LoopbackOnly => Addresses.All(IsLoopback);
    }

    static IEnumerable<PortSighting> ListeningPorts(CompilationContext context)
    {
        var ports = new Dictionary<(string Protocol, int Port), PortSighting>();
        IReadOnlyList<Frontend.Trace.ListeningPort> previous = [];
        foreach (var (at, record, session) in context.AllCommands)
        {
            var seen = context.SessionPorts(session, record);
            if (seen.SequenceEqual(previous)) continue;
            previous = seen;
            foreach (var port in seen)
            {
                if (port.Port is < 1 or > 65535 || IsEngineResolver(port)) continue;
                var key = (port.Protocol, port.Port);
                if (!ports.TryGetValue(key, out var sighting))
                    ports[key] = sighting = new PortSighting(port.Protocol, port.Port, new SortedSet<string>(StringComparer.Ordinal), port.Process, at);
                sighting.Addresses.Add(port.Address);
            }
        }
        return ports.Values.OrderBy(p => p.Port).ThenBy(p => p.Protocol, StringComparer.Ordinal);
    }

    /// <summary>Docker's embedded DNS listens on 127.0.0.11 inside the container's network, owned by no process of it.</summary>
    static bool IsEngineResolver(Frontend.Trace.ListeningPort port) => port.Address == "127.0.0.11" && port.Process is null;

    static bool IsLoopback(string address) =>
        IPAddress.TryParse(address, out var ip) && IPAddress.IsLoopback(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip);

    /// <summary>After the last RUN or COPY, before the CMD or ENTRYPOINT that follows it.</summary>
    static int InsertionPoint(ImmutableArray<Instruction> instructions)
    {
        var lastBuildStep = -1;
        for (var i = instructions.Length - 1; i >= 0 && lastBuildStep < 0; i--)
            if (instructions[i] is RunInstruction or CopyInstruction) lastBuildStep = i;
        for (var i = lastBuildStep + 1; i < instructions.Length; i++)
            if (instructions[i] is CmdInstruction or EntrypointInstruction) return i;
        return instructions.Length;
    }
}
