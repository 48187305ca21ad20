using DockerRecord.Cli.Verify;

namespace DockerRecord.UnitTests.Verify;

public sealed class FileSystemComparisonTests
{
    static FileState File(string hash, int mode = 0b110_100_100, int uid = 0) => new(FileKind.File, mode, uid, uid, 1, hash, null);

    static readonly FileState Folder = new(FileKind.Directory, 0b111_101_101, 0, 0, 0, null, null);

    static TarFileEntry Entry(string path, FileState state) => new(path, state);

    static readonly ImageLayer Base = new(
        [Entry("/etc", Folder), Entry("/etc/motd", File("motd")), Entry("/etc/passwd", File("p0")), Entry("/opt", Folder),
         Entry("/opt/old", Folder), Entry("/opt/old/a", File("a"))],
        [], []);

    [Fact]
    public void Whiteouts_and_opaque_folders_remove_lower_paths()
    {
        var layer = new ImageLayer([Entry("/opt/new", File("n"))], ["/opt/old"], []);
        var view = FileSystemView.Of([Base, layer]);
        Assert.Null(view["/opt/old"]);
        Assert.Null(view["/opt/old/a"]);
        Assert.NotNull(view["/opt/new"]);

        var opaque = new ImageLayer([Entry("/opt", Folder)], [], ["/opt"]);
        var hidden = FileSystemView.Of([Base, opaque]);
        Assert.NotNull(hidden["/opt"]);
        Assert.Null(hidden["/opt/old/a"]);
        Assert.NotNull(hidden["/etc/motd"]);
    }

    [Fact]
    public void Each_change_of_the_container_is_exact_different_or_missed_and_the_builds_own_are_extra()
    {
        var recorded = new Dictionary<string, FileState>
        {
            ["/etc"] = Folder,                       // holds changed files, not a change itself
            ["/etc/passwd"] = File("p1"),            // reproduced
            ["/etc/app.conf"] = File("c1", 0b110_000_000), // built with another mode
            ["/srv/data"] = File("d"),               // missed
            ["/var/log/x.log"] = File("log"),        // noise
        };
        var changed = recorded.Keys.Append("/etc/motd").ToList(); // deleted in the container
        var built = new ImageLayer(
            [Entry("/etc", Folder), Entry("/etc/passwd", File("p1")), Entry("/etc/app.conf", File("c1")), Entry("/usr/extra", File("e"))],
            ["/etc/motd"], []);
        var comparison = FileSystemComparison.Compare(changed, recorded.GetValueOrDefault,
            FileSystemView.Of([Base]), FileSystemView.Of([Base, built]), built.TouchedPaths, NoiseFilter.Create([]));

        Assert.Equal(
            [("/etc/app.conf", PathVerdict.Different), ("/etc/motd", PathVerdict.Exact), ("/etc/passwd", PathVerdict.Exact),
             ("/srv/data", PathVerdict.Missed), ("/usr/extra", PathVerdict.Extra)],
            comparison.Paths.Select(p => (p.Path, p.Verdict)));
        Assert.Equal(4, comparison.RecordedCount);
        Assert.Equal(0.5, comparison.Score);
        Assert.Equal(0.75, comparison.ByPathScore);
        Assert.Equal(1, comparison.NoisePaths);
        Assert.Equal("mode 0600 → 0644", comparison.Paths[0].Detail);
        Assert.Equal("added file", comparison.Paths[3].Detail);
    }

    [Fact]
    public void Folders_made_only_to_hold_noise_are_noise_but_a_folder_with_real_work_below_is_not()
    {
        // nano makes /root/.local/share/nano for its history; /root/.local and /root/.local/share exist only for it
        var recorded = new Dictionary<string, FileState>
        {
            ["/root/.local"] = Folder,
            ["/root/.local/share"] = Folder,
            ["/root/.local/share/nano"] = Folder,
            ["/root/.local/share/nano/filepos_history"] = File("h"),
            ["/srv"] = Folder,
            ["/srv/app"] = Folder,
            ["/srv/app/tmp"] = Folder,
            ["/srv/app/tmp/x.swp"] = File("s"),
            ["/srv/app/main.c"] = File("m"),
        };
        var comparison = FileSystemComparison.Compare(recorded.Keys.ToList(), recorded.GetValueOrDefault,
            FileSystemView.Of([Base]), FileSystemView.Of([Base]), [], NoiseFilter.Create([".local/share/nano", "*.swp"]));

        Assert.Equal(["/srv", "/srv/app", "/srv/app/main.c"], comparison.Paths.Select(p => p.Path));
        Assert.All(comparison.Paths, p => Assert.Equal(PathVerdict.Missed, p.Verdict));
    }

    [Fact]
    public void No_change_at_all_scores_1()
    {
        var view = FileSystemView.Of([Base]);
        var comparison = FileSystemComparison.Compare([], _ => null, view, view, [], NoiseFilter.Create([]));
        Assert.Equal(1.0, comparison.Score);
    }
}
