using DockerRecord.Cli;
using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Cli;

/// <summary><c>drec compile --pin --pin-base</c> on the command line.</summary>
public sealed class CompilePinCommandTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("drec-compile-pin-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Trace(params string[] digests) => new TraceBuilder("debian:bookworm")
        .ImageDigests(digests)
        .Command("apt-get update", r => r with { Changes = new FileChanges([], ["/var/lib/apt/lists"], []) })
        .Command("apt-get install -y curl", r => r with { Changes = new FileChanges(["/usr/bin/curl"], ["/var/lib/dpkg/status"], []) })
        .Installed("curl=7.88.1-10+deb12u5")
        .WriteTo(Path.Combine(_dir, "trace"));

    [Fact]
    public async Task Pin_and_pin_base_rewrite_the_install_and_from()
    {
        var output = Path.Combine(_dir, "out", "Dockerfile");
        const string digest = "sha256:b6507e340c43553136f5078284c8c68d86ec8262b1724dde73c325e8d3dcdeba";
        var (exit, explain, error) = await DrecCli.Run(["compile", Trace("debian@" + digest), "-o", output, "--pin", "--pin-base", "--explain"]);
        Assert.Equal(ExitCodes.Success, exit);
        var dockerfile = File.ReadAllText(output);
        Assert.StartsWith($"FROM debian:bookworm@{digest}\n", dockerfile);
        Assert.Contains("apt-get install -y curl=7.88.1-10+deb12u5", dockerfile);
        Assert.Contains("session-1:2: changed by build-safety: pinned to the versions the container had after this command (--pin): curl=7.88.1-10+deb12u5", explain);
        Assert.DoesNotContain("DR5007", error);
    }

    [Fact]
    public async Task Pin_base_of_an_imported_image_warns_and_writes_the_dockerfile()
    {
        var output = Path.Combine(_dir, "out", "Dockerfile");
        var (exit, _, error) = await DrecCli.Run(["compile", Trace(), "-o", output, "--pin-base"]);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.StartsWith("FROM debian:bookworm\n", File.ReadAllText(output));
        Assert.Contains("session.json: warning DR3003: --pin-base: FROM debian:bookworm stays as it is", error);
        // without --pin the install stays and DR5007 suggests the pin
        Assert.Contains("the container had `curl=7.88.1-10+deb12u5` (`drec compile --pin` writes it)", error);
    }
}
