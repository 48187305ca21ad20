using DockerRecord.Cli.Verify;

namespace DockerRecord.UnitTests.Verify;

public sealed class DockerIgnoreTests
{
    [Theory]
    [InlineData("*\n!rootfs/etc/app.conf\n", "rootfs/etc/app.conf", false)]
    [InlineData("*\n!rootfs/etc/app.conf\n", "rootfs/etc/other", true)]
    [InlineData("*\n!rootfs/etc/app.conf\n", "Dockerfile", true)]
    [InlineData("node_modules\n", "node_modules/a/b.js", true)]
    [InlineData("**/*.log\n", "a/b/c.log", true)]
    [InlineData("**/*.log\n", "c.log", true)]
    [InlineData("/build/*.o\n", "build/x.o", true)]
    [InlineData("build/?.o\n", "build/xy.o", false)]
    [InlineData("# comment\n\n*.tmp\n!keep.tmp\n", "keep.tmp", false)]
    [InlineData("", "anything", false)]
    public void Patterns_follow_the_docker_client(string rules, string path, bool excluded) =>
        Assert.Equal(excluded, DockerIgnore.Parse(rules).IsExcluded(path));

    [Fact]
    public void The_context_holds_the_Dockerfile_and_the_files_brought_back_with_their_folders()
    {
        var folder = Directory.CreateTempSubdirectory("drec-ignore-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "rootfs/etc"));
            Directory.CreateDirectory(Path.Combine(folder, "other"));
            File.WriteAllText(Path.Combine(folder, "Dockerfile"), "FROM x\n");
            File.WriteAllText(Path.Combine(folder, ".dockerignore"), "*\n!rootfs/etc/app.conf\n");
            File.WriteAllText(Path.Combine(folder, "rootfs/etc/app.conf"), "x");
            File.WriteAllText(Path.Combine(folder, "rootfs/etc/secret"), "x");
            File.WriteAllText(Path.Combine(folder, "other/file"), "x");
            var entries = BuildContextArchive.Entries(folder, DockerIgnore.Load(folder), "Dockerfile");
            Assert.Equal([".dockerignore", "Dockerfile", "rootfs", "rootfs/etc", "rootfs/etc/app.conf"], entries);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
