using DockerRecord.Frontend.Trace;

namespace DockerRecord.UnitTests.Trace;

/// <summary>The recorder's package snapshots (packages.json) and the image's registry digests (session.json).</summary>
public sealed class PackageSnapshotTests : IDisposable
{
    readonly string _dir = Path.Combine(Directory.CreateTempSubdirectory("drec-trace-").FullName, "t.drec");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_dir)!, recursive: true);

    static SessionInfo Info(int number) => new()
    {
        Number = number, ContainerId = "abc", ContainerName = "demo", Start = DateTimeOffset.UnixEpoch, DrecVersion = "test",
        ImageDigests = ["debian@sha256:4b1e"],
    };

    [Fact]
    public void Snapshots_and_digests_round_trip_and_a_repeated_snapshot_adds_nothing()
    {
        string directory;
        using (var writer = TraceWriter.StartSession(_dir, Info))
        {
            directory = writer.SessionDirectory;
            writer.AddPackageSnapshot("dpkg", 0, new Dictionary<string, string> { ["apt"] = "2.6.1" });
            writer.Append(new CommandRecord { Seq = 1, Cmd = "apt-get install -y file" });
            writer.AddPackageSnapshot("dpkg", 1, new Dictionary<string, string> { ["file"] = "1:5.44-3", ["apt"] = "2.6.1" });
            writer.AddPackageSnapshot("dpkg", 1, new Dictionary<string, string> { ["apt"] = "2.6.1", ["file"] = "1:5.44-3" });
        }
        Assert.False(File.Exists(Path.Combine(directory, TraceLayout.PackagesFile + ".tmp")));

        var result = TraceReader.Read(_dir);
        Assert.Empty(result.Diagnostics);
        var session = Assert.Single(result.Trace!.Sessions);
        Assert.Equal(["debian@sha256:4b1e"], session.Info.ImageDigests);
        Assert.Equal([0, 1], session.Packages.Select(p => p.Seq));
        Assert.Equal("1:5.44-3", session.Packages[1].Packages["file"]);
        Assert.Equal(["apt", "file"], session.Packages[1].Packages.Keys);

        var json = File.ReadAllText(Path.Combine(directory, TraceLayout.PackagesFile));
        Assert.Contains("\"manager\": \"dpkg\"", json);
        Assert.Contains("\"file\": \"1:5.44-3\"", json);
    }

    [Fact]
    public void A_local_image_has_an_empty_digest_list_and_an_older_trace_none()
    {
        using (var writer = TraceWriter.StartSession(_dir, n => Info(n) with { ImageDigests = [] })) { }
        // a session.json written before digests were recorded, and no packages.json
        using (var writer = TraceWriter.StartSession(_dir, n => Info(n) with { ImageDigests = null })) { }
        var sessions = TraceReader.Read(_dir).Trace!.Sessions;
        Assert.Equal([], sessions[0].Info.ImageDigests);
        Assert.Contains("\"image_digests\": []", File.ReadAllText(Path.Combine(sessions[0].Directory, TraceLayout.SessionFile)));
        Assert.Null(sessions[1].Info.ImageDigests);
        Assert.DoesNotContain("image_digests", File.ReadAllText(Path.Combine(sessions[1].Directory, TraceLayout.SessionFile)));
        Assert.All(sessions, s => Assert.Empty(s.Packages));
    }

    [Fact]
    public void A_malformed_packages_file_is_an_error_naming_it()
    {
        using (var writer = TraceWriter.StartSession(_dir, Info))
            File.WriteAllText(Path.Combine(writer.SessionDirectory, TraceLayout.PackagesFile), "{\"manager\": \"dpkg\", \"snapshots\": [{\"seq\": \"x\"}]}\n");
        var result = TraceReader.Read(_dir);
        Assert.Null(result.Trace);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("DR2004", error.Code);
        Assert.EndsWith(TraceLayout.PackagesFile, error.Path);
    }
}
