using DockerRecord.IR;
using DockerRecord.Passes;
using DockerRecord.Passes.Services;
using DockerRecord.UnitTests.Support;
using static DockerRecord.UnitTests.Compiler.ServicesCompile;

namespace DockerRecord.UnitTests.Compiler;

public sealed class VolumesTests
{
    static string[] Volumes(Compilation compilation) => [.. compilation.Program.OfType<VolumeInstruction>().Select(v => v.Path)];

    [Theory]
    [InlineData("/data", true)]
    [InlineData("/data/db", true)]
    [InlineData("/srv/data", true)]
    [InlineData("/opt/app/data", true)]
    [InlineData("/var/lib/myapp", true)]
    [InlineData("/var/lib/myapp/uploads", true)]
    [InlineData("/var/lib/dpkg", false)]
    [InlineData("/var/lib", false)]
    [InlineData("/srv/site", false)]
    [InlineData("/opt/app", false)]
    [InlineData("/", false)]
    public void Folders_for_data(string path, bool forData) => Assert.Equal(forData, DataDirectories.IsForData(path));

    [Fact]
    public void Created_data_folders_become_volumes_outermost_first_with_a_suggestion_each()
    {
        // each mkdir with the changes a recording has (without any, drop-no-effect drops the line)
        var result = Compile(new TraceBuilder()
            .Command("mkdir -p /data/db /data/logs && mkdir /var/lib/shop", r => r with { Changes = Added("/data", "/data/db", "/data/logs", "/var/lib/shop") })
            .Command("cd /opt/app", r => r with { Cwd = "/opt/app" })
            .Command("mkdir -m 700 data", r => r with { Changes = Added("/opt/app/data") }));
        Assert.Equal(["/data/db", "/data/logs", "/opt/app/data", "/var/lib/shop"], Volumes(result));
        Assert.Equal(4, result.Diagnostics.Count(d => d.Code == "DR3056"));

        var nested = Compile(new TraceBuilder()
            .Command("mkdir -p /data/db", r => r with { Changes = Added("/data", "/data/db") })
            .Command("mkdir /data/x && mkdir /data", r => r with { Changes = Added("/data/x") }));
        Assert.Equal(["/data"], Volumes(nested));
    }

    [Theory]
    [InlineData("/bin/mkdir -p /data")]
    [InlineData("nice -n 5 mkdir /data")]
    [InlineData("env A=1 'mkdir' /data")]
    [InlineData("m\\kdir /data")]
    public void A_mkdir_behind_a_wrapper_a_path_or_quotes_is_found_too(string line)
    {
        Assert.Equal(["/data"], Volumes(Compile(new TraceBuilder().Command(line, r => r with { Changes = Added("/data") }))));
    }

    [Fact]
    public void No_volumes_keeps_the_suggestion_only()
    {
        var result = Compile(new TraceBuilder().Command("mkdir -p /data", r => r with { Changes = Added("/data") }), CompileOptions.Default with { Volumes = false });
        Assert.Empty(Volumes(result));
        Assert.Contains("--no-volumes", Assert.Single(result.Diagnostics, d => d.Code == "DR3056").Message);
    }

    [Fact]
    public void Service_data_folders_need_evidence_and_an_option_overrides_them()
    {
        Assert.Equal(["/var/lib/mysql"], Volumes(Compile(new TraceBuilder()
            .Command("apt-get install -y mariadb-server", r => r with { Changes = Added("/var/lib/mysql/ibdata1") })
            .Command("service mariadb start"))));
        Assert.Empty(Volumes(Compile(new TraceBuilder().Command("service mariadb start"))));
        Assert.Equal(["/srv/redis"], Volumes(Compile(new TraceBuilder()
            .Command("cd /srv", r => r with { Cwd = "/srv" })
            .Command("redis-server --daemonize yes --dir redis"))));
        Assert.Equal(["/var/lib/mysql2"], Volumes(Compile(new TraceBuilder().Command("mysqld_safe --datadir=/var/lib/mysql2 &"))));
    }
}
