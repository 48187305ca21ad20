using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.UnitTests.Support;
using static DockerRecord.UnitTests.Compiler.ServicesCompile;

namespace DockerRecord.UnitTests.Compiler;

public sealed class PortsTests
{
    static string[] Exposed(TraceBuilder trace) =>
        [.. Compile(trace).Program.OfType<ExposeInstruction>().Select(e => $"{e.Port}/{e.Protocol}")];

    [Fact]
    public void Every_port_seen_listening_is_exposed_once_sorted()
    {
        var trace = new TraceBuilder()
            .Command("a", r => r with { Ports = [Tcp(8080, "java")] })
            .Command("b", r => r with { Ports = [Tcp(443, "nginx"), Tcp(443, "nginx", "::"), new ListeningPort("udp", "0.0.0.0", 53, "dnsmasq")] })
            .Command("c");
        Assert.Equal(["53/udp", "443/tcp", "8080/tcp"], Exposed(trace));
    }

    [Fact]
    public void A_loopback_only_port_is_reported_and_not_exposed()
    {
        var result = Compile(new TraceBuilder()
            .Command("a", r => r with { Ports = [Tcp(6379, "redis-server", "127.0.0.1"), Tcp(6379, "redis-server", "::1"), Tcp(80, "nginx", "127.0.0.1")] })
            .Command("b", r => r with { Ports = [Tcp(80, "nginx")] }));
        Assert.Equal([80], result.Program.OfType<ExposeInstruction>().Select(e => e.Port));
        var warning = Assert.Single(result.Diagnostics, d => d.Code == "DR3055");
        Assert.Contains("6379", warning.Message);
    }

    [Fact]
    public void Dockers_embedded_resolver_is_ignored()
    {
        var result = Compile(new TraceBuilder().Command("a", r => r with { Ports = [Tcp(41234, null, "127.0.0.11")] }));
        Assert.Empty(result.Program.OfType<ExposeInstruction>());
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == "DR3055");
    }

    [Fact]
    public void Expose_and_volume_come_after_the_runs_and_before_the_cmd()
    {
        var result = Compile(new TraceBuilder()
            .Command("mkdir -p /data", r => r with { Changes = Added("/data") })
            .Command("service nginx start", r => r with { Ports = [Tcp(80, "nginx")] }));
        Assert.Equal(["FROM", "SHELL", "RUN", "EXPOSE", "VOLUME", "CMD"], result.Keywords());
    }

    [Fact]
    public void Ports_listening_before_the_session_are_not_the_persons_doing()
    {
        // with --network host the container sees the host's sockets: those open at the start are left out
        var result = Compile(new TraceBuilder()
            .PortsAtStart(Tcp(2024, null), Tcp(22, null))
            .Command("apt-get update", r => r with { Ports = [Tcp(2024, null), Tcp(22, null)] })
            .Command("nginx", r => r with { Ports = [Tcp(2024, null), Tcp(22, null), Tcp(8081, "nginx")] }));
        Assert.Equal([8081], result.Program.OfType<ExposeInstruction>().Select(e => e.Port));
    }

    [Fact]
    public void A_background_program_whose_socket_owner_is_hidden_is_still_a_service()
    {
        // root in a container cannot read /proc/PID/fd of another user's process, so the owner is unknown
        var result = Compile(new TraceBuilder()
            .Command("busybox httpd -f -p 8082 &")
            .Command("exit", r => r with { Ports = [Tcp(8082, null, "::")] }));
        Assert.Equal(["busybox", "httpd", "-f", "-p", "8082"], Assert.Single(result.Program.OfType<CmdInstruction>()).Arguments.ToArray());
        Assert.Equal([8082], result.Program.OfType<ExposeInstruction>().Select(e => e.Port));
    }
}
