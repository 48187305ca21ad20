using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Trace;
using DockerRecord.Passes;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

/// <summary><c>--pin</c> and <c>--pin-base</c>: package versions and the base image's digest from the recorded state.</summary>
public sealed class PinTests
{
    static readonly CompileOptions s_pin = new() { PinPackages = true };
    static readonly CompileOptions s_pinBase = new() { PinBaseImage = true };

    const string Digest = "sha256:4b1e1e4f0b6c2a3d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5";

    static FileChanges Dpkg(params string[] added) => new([.. added], ["/var/lib/dpkg/status"], []);

    static TraceBuilder CurlSession() => new TraceBuilder()
        .Installed("apt=2.6.1", "libc6:amd64=2.36-9+deb12u4")
        .Command("apt-get update", r => r with { Changes = new FileChanges([], ["/var/lib/apt/lists"], []) })
        .Command("apt-get install -y curl libssl3 ca-certificates", r => r with { Changes = Dpkg("/usr/bin/curl") })
        .Installed("curl=7.88.1-10+deb12u5", "libssl3:amd64=3.0.11-1~deb12u2", "ca-certificates=20230311");

    static Func<CommandRecord, CommandRecord> Changed() => r => r with { Changes = Dpkg("/usr/bin/x") };

    static List<Diagnostic> Reported(CompiledTrace compiled, string code) => [.. compiled.Compilation.Diagnostics.Where(d => d.Code == code)];

    [Fact]
    public void Pin_writes_the_version_the_container_had_after_the_install()
    {
        var compiled = CompiledTrace.Of(CurlSession(), s_pin);
        Assert.Contains("apt-get install -y curl=7.88.1-10+deb12u5 libssl3=3.0.11-1~deb12u2 ca-certificates=20230311", compiled.Dockerfile);
        Assert.Empty(Reported(compiled, "DR3042"));
        Assert.Empty(Reported(compiled, "DR5007"));
        var explanation = Assert.Single(compiled.Compilation.Explanations, e => e.Command == new TraceLocation(1, 2) && e.Pass == "build-safety");
        Assert.Contains("(--pin): curl=7.88.1-10+deb12u5 libssl3=3.0.11-1~deb12u2 ca-certificates=20230311", explanation.Reason);
    }

    [Fact]
    public void Without_pin_nothing_changes_and_DR5007_suggests_the_installed_versions()
    {
        var compiled = CompiledTrace.Of(CurlSession());
        Assert.Contains("apt-get install -y curl libssl3 ca-certificates", compiled.Dockerfile);
        var info = Assert.Single(Reported(compiled, "DR5007"));
        Assert.Equal(DiagnosticSeverity.Info, info.Severity);
        Assert.Contains("the container had `curl=7.88.1-10+deb12u5 libssl3=3.0.11-1~deb12u2 ca-certificates=20230311`", info.Message);
        Assert.Contains("`drec compile --pin` writes them", info.Message);
    }

    [Fact]
    public void DR5007_without_recorded_versions_says_the_trace_has_none()
    {
        var compiled = CompiledTrace.Of(new TraceBuilder().Command("apt-get update").Command("apt-get install -y curl", Changed()));
        var info = Assert.Single(Reported(compiled, "DR5007"));
        Assert.Contains("the trace holds no installed version of it for `drec compile --pin`", info.Message);
    }

    [Fact]
    public void A_package_with_no_known_version_stays_and_is_reported()
    {
        var trace = CurlSession().Command("apt-get install -y curl jq", r => r with { Changes = Dpkg("/usr/bin/jq") });
        var compiled = CompiledTrace.Of(trace, s_pin);
        Assert.Contains("apt-get install -y curl=7.88.1-10+deb12u5 jq", compiled.Dockerfile);
        var warning = Assert.Single(Reported(compiled, "DR3042"));
        Assert.Equal(new TraceLocation(1, 3), warning.Location);
        Assert.Contains("no installed version of `jq` is known (no recorded snapshot of the installed packages lists it); it stays unpinned", warning.Message);
        // the analyzer still sees the unpinned one
        Assert.Contains("(jq)", Assert.Single(Reported(compiled, "DR5007")).Message);
    }

    [Fact]
    public void Pin_on_a_trace_without_snapshots_says_why()
    {
        var compiled = CompiledTrace.Of(new TraceBuilder().Command("apt-get update").Command("apt-get install -y curl", Changed()), s_pin);
        Assert.Contains("apt-get install -y curl", compiled.Dockerfile);
        Assert.Contains("the trace records no installed packages", Assert.Single(Reported(compiled, "DR3042")).Message);
    }

    [Fact]
    public void The_snapshot_after_the_command_wins_over_a_later_upgrade()
    {
        var trace = CurlSession()
            .Command("apt-get install -y --only-upgrade curl", r => r with { Changes = Dpkg() })
            .Installed("curl=7.88.1-10+deb12u6");
        var compiled = CompiledTrace.Of(trace, s_pin);
        Assert.Contains("apt-get install -y curl=7.88.1-10+deb12u5 libssl3", compiled.Dockerfile);
        Assert.Contains("apt-get install -y --only-upgrade curl=7.88.1-10+deb12u6", compiled.Dockerfile);
    }

    [Fact]
    public void A_later_snapshot_serves_when_the_command_had_none_of_its_own()
    {
        // the recorder's last snapshot, taken when the session ended
        var trace = new TraceBuilder()
            .Command("apt-get update")
            .Command("apt-get install -y file", Changed())
            .Command("touch /x", r => r with { Changes = new FileChanges(["/x"], [], []) })
            .Installed("file=1:5.44-3");
        Assert.Contains("apt-get install -y file=1:5.44-3", CompiledTrace.Of(trace, s_pin).Dockerfile);
    }

    [Fact]
    public void Apt_is_pinned_after_it_became_apt_get_and_pins_patterns_and_files_are_left_alone()
    {
        var trace = new TraceBuilder()
            .Installed("curl=7.88.1-10+deb12u5", "git=1:2.39.2-1.1", "nano=7.2-1")
            .Command("apt update")
            .Command("apt install curl git=1:2.39.2-1.1 ./local.deb 'lib*' nano- \"$EXTRA\" -t bookworm-backports", Changed());
        var compiled = CompiledTrace.Of(trace, s_pin);
        Assert.Contains("apt-get install -y curl=7.88.1-10+deb12u5 git=1:2.39.2-1.1 ./local.deb 'lib*' nano- \"$EXTRA\" -t bookworm-backports", compiled.Dockerfile);
        Assert.Empty(Reported(compiled, "DR3042"));
    }

    [Fact]
    public void Other_apt_actions_are_not_pinned()
    {
        var trace = new TraceBuilder().Installed("nano=7.2-1").Command("apt-get update").Command("apt-get remove -y nano", Changed());
        Assert.Contains("apt-get remove -y nano", CompiledTrace.Of(trace, s_pin).Dockerfile);
    }

    [Fact]
    public void A_version_that_shell_would_read_differently_is_quoted()
    {
        var trace = new TraceBuilder().Command("apt-get update").Command("apt-get install -y odd", Changed()).Installed("odd=v1*2");
        var compiled = CompiledTrace.Of(trace, s_pin);
        Assert.Contains("apt-get install -y 'odd=v1*2'", compiled.Dockerfile);
    }

    [Fact]
    public void Pin_base_writes_the_digest_of_the_from_repository()
    {
        var trace = new TraceBuilder("debian:bookworm").ImageDigests("registry.example.com/mirror/debian@sha256:1111", "debian@" + Digest).Command("touch /x");
        var compiled = CompiledTrace.Of(trace, s_pinBase);
        Assert.StartsWith($"FROM debian:bookworm@{Digest}\n", compiled.Dockerfile);
        Assert.Empty(Reported(compiled, "DR3003"));
        // without the option FROM stays
        Assert.StartsWith("FROM debian:bookworm\n", CompiledTrace.Of(trace).Dockerfile);
    }

    [Theory]
    [InlineData("docker.io/library/debian:12", "debian@" + Digest, "docker.io/library/debian:12@" + Digest)]
    [InlineData("localhost:5000/team/app:1.2", "localhost:5000/team/app@" + Digest, "localhost:5000/team/app:1.2@" + Digest)]
    [InlineData("debian", "docker.io/library/debian@" + Digest, "debian@" + Digest)]
    public void Pin_base_matches_repositories_as_docker_names_them(string image, string digest, string from)
    {
        var compiled = CompiledTrace.Of(new TraceBuilder(image).ImageDigests(digest).Command("touch /x"), s_pinBase);
        Assert.StartsWith($"FROM {from}\n", compiled.Dockerfile);
        Assert.DoesNotContain(compiled.Compilation.Diagnostics, d => d.Code is "DR3003" or "DR5005" or "DR5006");
    }

    [Fact]
    public void Pin_base_of_a_local_image_warns_and_keeps_from()
    {
        var compiled = CompiledTrace.Of(new TraceBuilder("debian:bookworm").ImageDigests().Command("touch /x"), s_pinBase);
        Assert.StartsWith("FROM debian:bookworm\n", compiled.Dockerfile);
        var warning = Assert.Single(Reported(compiled, "DR3003"));
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.EndsWith(Path.Combine("session-1", "session.json"), warning.Path);
        Assert.Equal("--pin-base: FROM debian:bookworm stays as it is: the image was built or imported locally, so no registry knows its digest", warning.Message);
    }

    [Fact]
    public void Pin_base_on_an_older_trace_or_another_repository_says_why()
    {
        var old = CompiledTrace.Of(new TraceBuilder("debian:bookworm").Command("touch /x"), s_pinBase);
        Assert.Contains("the trace does not record the image's registry digests", Assert.Single(Reported(old, "DR3003")).Message);
        var other = CompiledTrace.Of(new TraceBuilder("myapp:1").ImageDigests("registry.example.com/app@" + Digest).Command("touch /x"), s_pinBase);
        Assert.Contains("the image's registry digests are for other repositories (registry.example.com/app@sha256:", Assert.Single(Reported(other, "DR3003")).Message);
    }

    [Fact]
    public void Latest_base_image_messages_give_the_digest_and_pin_base()
    {
        var known = CompiledTrace.Of(new TraceBuilder("debian:latest").ImageDigests("debian@" + Digest).Command("touch /x"));
        var latest = Assert.Single(Reported(known, "DR5006"));
        Assert.Contains($"`drec compile --pin-base` writes the registry digest the session's image had: `FROM debian:latest@{Digest}`", latest.Message);

        var local = CompiledTrace.Of(new TraceBuilder("debian").ImageDigests().Command("touch /x"));
        var untagged = Assert.Single(Reported(local, "DR5005"));
        Assert.Contains("and --pin-base cannot pin it: the image was built or imported locally, so no registry knows its digest; pin a version tag", untagged.Message);

        // pinned by --pin-base: nothing left to report
        var pinned = CompiledTrace.Of(new TraceBuilder("debian:latest").ImageDigests("debian@" + Digest).Command("touch /x"), s_pinBase);
        Assert.DoesNotContain(pinned.Compilation.Diagnostics, d => d.Code is "DR5006" or "DR3003");
    }
}
