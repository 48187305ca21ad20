using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler.BaselineSources;

/// <summary>`drec compile --pin --pin-base` (options.json beside the trace): versions and digest from the recorded state.</summary>
static class PinBaselines
{
    static FileChanges Dpkg(params string[] added) => new([.. added], ["/var/lib/dpkg/status"], []);

    [BaselineTrace("pin")]
    static TraceBuilder Pin() => new TraceBuilder("debian:bookworm")
        .ImageDigests("debian@sha256:b6507e340c43553136f5078284c8c68d86ec8262b1724dde73c325e8d3dcdeba")
        .Installed("apt=2.6.1", "libc6:amd64=2.36-9+deb12u4")
        .Command("apt update", r => r with { Changes = new FileChanges([], ["/var/lib/apt/lists"], []) })
        .Command("apt install curl libssl3", r => r with { Changes = Dpkg("/usr/bin/curl", "/var/lib/dpkg/info/curl.list") })
        .Installed("curl=7.88.1-10+deb12u5", "libssl3:amd64=3.0.11-1~deb12u2")
        .Command("apt-get install -y --no-install-recommends less=590-2.1~deb12u2 not-a-real-name", r => r with { Changes = Dpkg("/usr/bin/less") })
        .Installed("less=590-2.1~deb12u2")
        .Command("curl --version > /etc/curl-version", r => r with { Changes = new FileChanges(["/etc/curl-version"], [], []) });
}
