using DockerRecord.Cli.Recording;
using DockerRecord.Frontend.Trace;

namespace DockerRecord.UnitTests.Recording;

public sealed class PackageProbeTests
{
    [Fact]
    public void Installed_packages_are_read_and_others_left_out()
    {
        var packages = PackageProbe.Parse("#dpkg\nii \tapt\t2.6.1\nii \tlibc6:amd64\t2.36-9+deb12u4\nrc \told-tool\t1.0-1\niU \thalf\t2\nhi \theld\t3.1\n");
        Assert.NotNull(packages);
        Assert.Equal(new Dictionary<string, string> { ["apt"] = "2.6.1", ["libc6:amd64"] = "2.36-9+deb12u4", ["held"] = "3.1" }, packages);
    }

    [Fact]
    public void A_container_without_dpkg_gives_nothing()
    {
        Assert.Null(PackageProbe.Parse(""));
        Assert.Empty(PackageProbe.Parse("#dpkg\n")!);
    }

    [Fact]
    public void Only_changes_in_dpkgs_database_call_for_a_probe()
    {
        Assert.True(PackageProbe.Touches(new FileChanges([], ["/var/lib/dpkg/status"], [])));
        Assert.True(PackageProbe.Touches(new FileChanges(["/var/lib/dpkg/info/jq.list"], [], [])));
        Assert.True(PackageProbe.Touches(new FileChanges([], [], ["/var/lib/dpkg/info/nano.list"])));
        Assert.False(PackageProbe.Touches(new FileChanges(["/var/lib/dpkgx", "/usr/bin/jq"], ["/var/lib/apt/lists"], [])));
        Assert.False(PackageProbe.Touches(FileChanges.None));
    }
}
