using System.Formats.Tar;
using System.Text;
using DockerRecord.Cli.Verify;

namespace DockerRecord.UnitTests.Verify;

public sealed class TarSnapshotTests
{
    static FileState Read(string path, string content)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "." + path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
        tar.Position = 0;
        return Assert.Single(TarSnapshot.Read(tar)).State;
    }

    [Theory]
    [InlineData("/etc/shadow")]
    [InlineData("/etc/shadow-")]
    public void The_shadow_files_compare_without_the_day_of_the_last_password_change(string path)
    {
        // useradd writes the day it runs (days since 1970): an image built a day after the container was set up
        var recorded = Read(path, "root:*:20061:0:99999:7:::\napp:!:20061:0:99999:7:::\n");
        const string Later = "root:*:20061:0:99999:7:::\napp:!:20062:0:99999:7:::\n";
        var built = Read(path, Later);
        Assert.True(recorded.SameAs(built));
        Assert.Equal(Later.Length, built.Size); // the size stays the file's own

        var otherPassword = Read(path, "root:*:20061:0:99999:7:::\napp:$y$j9T$x:20062:0:99999:7:::\n");
        Assert.False(recorded.SameAs(otherPassword));
    }

    [Fact]
    public void Other_files_compare_every_byte()
    {
        Assert.False(Read("/etc/app.conf", "a:b:1\n").SameAs(Read("/etc/app.conf", "a:b:2\n")));
    }
}
