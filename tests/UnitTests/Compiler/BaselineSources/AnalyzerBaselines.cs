using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler.BaselineSources;

/// <summary>
/// Sessions whose output the analyzers report on (docs/diagnostics.md, DR5001–DR5099). Their downloads come from
/// tests/EngineTests/BaselineServer in the engine test that builds every baseline (BaselineBuildTests).
/// </summary>
static class AnalyzerBaselines
{
    [BaselineTrace("analyzer-findings")]
    static TraceBuilder AnalyzerFindings() => new TraceBuilder("debian:latest")
        .Command("apt update", r => r with { Changes = new FileChanges([], ["/var/lib/apt/lists"], []) })
        .Command("apt-get dist-upgrade -y", r => r with { Changes = new FileChanges([], ["/usr/bin/perl"], []) })
        .Command("apt-get install nginx curl", r => r with { Changes = new FileChanges(["/usr/sbin/nginx", "/usr/bin/curl"], [], []) })
        .Command("curl -fsSL http://files.example.com:8931/setup.sh | bash", r => r with { Changes = new FileChanges(["/opt/tool", "/opt/tool/bin/tool"], [], []) })
        .Command("cd /etc/nginx && date > build-date", r => r with { Cwd = "/etc/nginx", Changes = new FileChanges(["/etc/nginx/build-date"], [], []) })
        .Command("nginx &", r => r with { Ports = [new ListeningPort("tcp", "0.0.0.0", 80, "nginx")] });
}
