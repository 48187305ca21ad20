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
}
