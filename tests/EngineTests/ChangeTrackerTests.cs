using Docker.DotNet;
using DockerRecord.Cli.Recording;

namespace DockerRecord.EngineTests;

/// <summary>Reading the overlay upper directory gives the same changes as the engine's own diff.</summary>
[Collection("engine")]
[Trait("Category", "Engine")]
public sealed class ChangeTrackerTests(EngineFixture engine)
{
    [Fact]
    public async Task The_upper_directory_and_the_engine_agree()
    {
        using var container = engine.NewContainer();
        var changes = container.Exec("sh", "-c",
            "touch /srv/added && rm /etc/issue && echo x >> /etc/motd && mkdir -p /opt/a/b && ln -s /nowhere /opt/link && " +
            "rm -rf /usr/share/doc/bash && : > /root/empty");
        Assert.True(changes.ExitCode == 0, changes.Stderr);

        using var client = new DockerClientBuilder().Build();
        var inspect = await client.Containers.InspectContainerAsync(container.Name);
        Assert.NotNull(OverlayUpperDir.TryOpen(inspect));

        var direct = await (await ChangeTracker.StartAsync(client, inspect, "/dev/shm/.drec-none", CancellationToken.None)).DiffAsync(CancellationToken.None);
        var fromEngine = (await client.Containers.InspectChangesAsync(container.Name)).ToDictionary(c => c.Path, c => c.Kind);

        Assert.Equal(fromEngine.OrderBy(p => p.Key, StringComparer.Ordinal), direct.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(Docker.DotNet.Models.FileSystemChangeKind.Delete, direct["/etc/issue"]);
        Assert.Equal(Docker.DotNet.Models.FileSystemChangeKind.Add, direct["/srv/added"]);
        Assert.Equal(Docker.DotNet.Models.FileSystemChangeKind.Modify, direct["/etc/motd"]);
    }

    [Fact]
    public async Task The_incremental_walk_sees_what_a_full_walk_and_the_engine_see()
    {
        using var container = engine.NewContainer();
        Assert.Equal(0, container.Exec("sh", "-c", "mkdir -p /opt/deep/a/b/c /opt/gone && touch /opt/deep/a/b/c/f0 /opt/gone/x").ExitCode);
        using var client = new DockerClientBuilder().Build();
        var inspect = await client.Containers.InspectContainerAsync(container.Name);
        var upper = OverlayUpperDir.TryOpen(inspect)!;
        Thread.Sleep(1100); // older than a clock tick: the next walk may trust these directories
        upper.Read();
        upper.Read();
        Assert.Equal(0, upper.LastListed); // nothing changed: nothing listed again

        async Task Step(string script, int? listed = null)
        {
            var run = container.Exec("sh", "-c", script);
            Assert.True(run.ExitCode == 0, run.Stderr);
            var incremental = upper.Read();
            if (listed is { } expected) Assert.Equal(expected, upper.LastListed);
            var full = OverlayUpperDir.TryOpen(inspect)!.Read();
            Assert.Equal(full.OrderBy(p => p.Key, StringComparer.Ordinal), incremental.OrderBy(p => p.Key, StringComparer.Ordinal));
            var fromEngine = (await client.Containers.InspectChangesAsync(container.Name)).ToDictionary(c => c.Path, c => c.Kind);
            Assert.Equal(fromEngine.OrderBy(p => p.Key, StringComparer.Ordinal), incremental.OrderBy(p => p.Key, StringComparer.Ordinal));
        }

        // a file added in a deep directory that already existed: only that directory is listed again
        await Step("touch /opt/deep/a/b/c/f1", listed: 1);
        Assert.Equal(Docker.DotNet.Models.FileSystemChangeKind.Add, upper.Read()["/opt/deep/a/b/c/f1"]);
        // deletions: an added file (gone from the diff) and an image file (a whiteout)
        await Step("rm /opt/deep/a/b/c/f0 /etc/issue.net");
        Assert.DoesNotContain("/opt/deep/a/b/c/f0", upper.Read().Keys);
        Assert.Equal(Docker.DotNet.Models.FileSystemChangeKind.Delete, upper.Read()["/etc/issue.net"]);
        // a directory of the session replaced by a file, then by a directory again, within one clock tick
        await Step("rm -rf /opt/gone && touch /opt/gone");
        await Step("rm /opt/gone && mkdir /opt/gone && touch /opt/gone/y");
        // an image directory replaced by a new one (overlayfs makes it opaque)
        await Step("rm -rf /etc/apt/apt.conf.d && mkdir /etc/apt/apt.conf.d && touch /etc/apt/apt.conf.d/new");
        // a deep directory removed with its contents; an image directory emptied
        await Step("rm -rf /opt/deep/a && rm -rf /usr/share/doc/bash/*");
        // the same changes seen by a walk that starts later (nothing racy left)
        Thread.Sleep(1100);
        await Step("touch /opt/later");
    }
}
