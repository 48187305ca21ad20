using System.Globalization;
using System.Net;
using DockerRecord.Frontend.Trace;

namespace DockerRecord.Cli.Recording;

/// <summary>
/// The TCP and UDP sockets listening in the container, from /proc/net inside it, with the process that owns each
/// where /proc shows it. One helper command per probe; nothing needs to be installed in the container.
/// </summary>
static class PortProbe
{
    const string Script =
        "cat /proc/net/tcp /proc/net/tcp6 2>/dev/null; echo '#udp'; cat /proc/net/udp /proc/net/udp6 2>/dev/null; " +
        "echo '#fd'; find /proc/[0-9]*/fd -lname 'socket:*' -printf '%h %l\\n' 2>/dev/null; " +
        "echo '#comm'; head -v -n1 /proc/[0-9]*/comm 2>/dev/null; true";

    public static async Task<IReadOnlyList<ListeningPort>> ProbeAsync(ContainerCommands commands, CancellationToken cancellation)
    {
        var result = await commands.ShellAsync(Script, cancellation);
        return Parse(result.Stdout);
    }

    /// <summary>Parses the probe's output (public for tests).</summary>
    public static IReadOnlyList<ListeningPort> Parse(string output)
    {
        var section = "tcp";
        var sockets = new List<(string Protocol, string Address, int Port, string Inode)>();
        var inodeToPid = new Dictionary<string, string>();
        var pidToName = new Dictionary<string, string>();
        string? commPid = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#')) { section = line[1..]; continue; }
            if (line.Length == 0) continue;
            switch (section)
            {
                case "tcp" or "udp":
                    var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (fields.Length < 10 || fields[0] == "sl") continue;
                    // TCP listens in state 0A; an unconnected UDP socket (remote port 0) is listening too
                    var listening = section == "tcp" ? fields[3] == "0A" : fields[2].EndsWith(":0000", StringComparison.Ordinal);
                    if (!listening || !TryParseEndpoint(fields[1], out var address, out var port)) continue;
                    sockets.Add((section, address, port, fields[9]));
                    break;
                case "fd":
                    // "/proc/123/fd socket:[4567]"
                    var parts = line.Split(' ', 2);
                    if (parts.Length == 2 && parts[1].StartsWith("socket:[", StringComparison.Ordinal))
                        inodeToPid.TryAdd(parts[1][8..^1], parts[0].Split('/')[2]);
                    break;
                case "comm":
                    if (line.StartsWith("==> ", StringComparison.Ordinal)) commPid = line.Split('/')[2];
                    else if (commPid is not null) pidToName[commPid] = line;
                    break;
            }
        }
        return sockets
            .Select(s => new ListeningPort(s.Protocol, s.Address, s.Port,
                inodeToPid.TryGetValue(s.Inode, out var pid) && pidToName.TryGetValue(pid, out var name) ? name : null))
            .Distinct()
            .OrderBy(p => p.Protocol, StringComparer.Ordinal).ThenBy(p => p.Port).ThenBy(p => p.Address, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>"0100007F:1F90" (IPv4, little-endian words) or a 32-hex-digit IPv6 address.</summary>
    static bool TryParseEndpoint(string text, out string address, out int port)
    {
        address = "";
        port = 0;
        var colon = text.IndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.HexNumber, null, out port)) return false;
        var hex = text[..colon];
        var bytes = Convert.FromHexString(hex);
        // /proc prints each 32-bit word in host (little-endian) order
        for (var i = 0; i < bytes.Length; i += 4) Array.Reverse(bytes, i, 4);
        address = new IPAddress(bytes).ToString();
        return true;
    }
}
