using DockerRecord.Frontend.Trace;

namespace DockerRecord.UnitTests.Trace;

/// <summary>Real paths resolve every link on the way, as realpath(3) does; the managed walk gives the same answers.</summary>
public sealed class RealPathTests : IDisposable
{
    readonly string _dir = RealPath.Of(Directory.CreateTempSubdirectory("drec-realpath-").FullName)!;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Make(string relative)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
        return path;
    }

    [Fact]
    public void Links_on_the_way_and_at_the_end_are_resolved_by_both()
    {
        var file = Make("a/b/file");
        Directory.CreateSymbolicLink(Path.Combine(_dir, "to-b"), "a/b");
        Directory.CreateSymbolicLink(Path.Combine(_dir, "a", "up"), "..");
        File.CreateSymbolicLink(Path.Combine(_dir, "a", "b", "again"), "../../to-b/file");

        foreach (var path in (string[])[Path.Combine(_dir, "to-b", "file"), Path.Combine(_dir, "a", "up", "a", "b", "again"), Path.Combine(_dir, "a", "b", "..", "b", "file"), Path.Combine(_dir, "to-b", "..", "b", "file")])
        {
            Assert.Equal(file, RealPath.Of(path));
            Assert.Equal(file, RealPath.Walk(path, out _, out _));
        }
    }

    [Fact]
    public void A_dangling_link_is_missing_and_a_loop_is_not()
    {
        var dangling = Path.Combine(_dir, "dangling");
        File.CreateSymbolicLink(dangling, "nowhere");
        var loop = Path.Combine(_dir, "loop");
        File.CreateSymbolicLink(loop, "loop");

        Assert.Null(RealPath.Of(dangling, out _, out var missing));
        Assert.True(missing);
        Assert.Null(RealPath.Walk(dangling, out _, out missing));
        Assert.True(missing);
        Assert.Null(RealPath.Of(loop, out var why, out missing));
        Assert.False(missing);
        Assert.Equal("Too many levels of symbolic links", why);
        Assert.Null(RealPath.Walk(loop, out why, out missing));
        Assert.False(missing);
        Assert.Equal("Too many levels of symbolic links", why);
    }

    [Fact]
    public void Where_a_write_lands_follows_the_links_of_the_part_that_exists()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "real"));
        Directory.CreateSymbolicLink(Path.Combine(_dir, "link"), "real");
        File.CreateSymbolicLink(Path.Combine(_dir, "dangling"), "real/made-by-writing");

        Assert.Equal(Path.Combine(_dir, "real", "new", "Dockerfile"), RealPath.Where(Path.Combine(_dir, "link", "new", "..", "new", "Dockerfile")));
        Assert.Equal(Path.Combine(_dir, "real", "made-by-writing"), RealPath.Where(Path.Combine(_dir, "dangling")));
    }

    [Theory]
    [InlineData("/t/trace", "/t/trace", true)]
    [InlineData("/t/trace/session-1/x", "/t/trace", true)]
    [InlineData("/t/trace/x", "/t/trace/", true)]
    [InlineData("/t/trace2/x", "/t/trace", false)]
    [InlineData("/t", "/t/trace", false)]
    [InlineData("/anything", "/", true)]
    public void Inside_means_the_folder_itself_or_below_it(string path, string folder, bool inside) =>
        Assert.Equal(inside, RealPath.IsInside(path, folder));
}
