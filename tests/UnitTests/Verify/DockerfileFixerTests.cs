using DockerRecord.Cli.Verify;

namespace DockerRecord.UnitTests.Verify;

public sealed class DockerfileFixerTests
{
    static PathComparison Missed(string path, FileState? recorded, FileState? built = null) =>
        new(path, built is null ? PathVerdict.Missed : PathVerdict.Different, recorded, built, null);

    [Fact]
    public void Files_become_COPYs_and_folders_links_and_deletions_one_RUN_as_root_before_the_run_time_settings()
    {
        var comparison = new FileSystemComparison(
        [
            Missed("/srv/data", new FileState(FileKind.Directory, 0b111_101_000, 1000, 1000, 0, null, null)),
            Missed("/srv/data/state", new FileState(FileKind.File, 0b110_100_000, 1000, 1000, 3, "h", null)),
            Missed("/etc/my app.conf", new FileState(FileKind.File, 0b110_100_100, 0, 0, 3, "h", null)),
            Missed("/etc/link", new FileState(FileKind.Symlink, 0b111_111_111, 0, 0, 0, null, "/srv/data")),
            Missed("/etc/motd", null),
            Missed("/opt/was-folder", new FileState(FileKind.File, 0b110_100_100, 0, 0, 1, "x", null), new FileState(FileKind.Directory, 0b111_101_101, 0, 0, 0, null, null)),
            new("/etc/fine", PathVerdict.Exact, null, null, null),
        ], 0);
        var plan = DockerfileFixer.Plan(comparison);
        Assert.Equal(6, plan.Actions.Count);
        Assert.Equal(["/etc/my app.conf", "/opt/was-folder", "/srv/data/state"], plan.CapturedFiles.Order(StringComparer.Ordinal));

        var dockerfile = DockerfileFixer.Apply("""
            FROM debian:bookworm
            RUN useradd app
            USER app
            RUN make
            EXPOSE 80
            CMD ["app"]
            """, plan);

        Assert.Equal("""
            FROM debian:bookworm
            RUN useradd app
            USER app
            RUN make

            USER root
            # added by drec verify --fix: 6 path(s) the build did not reproduce
            RUN rm -rf -- /etc/motd /opt/was-folder \
                && install -d -m 0750 -o 1000 -g 1000 /srv/data \
                && ln -sfn /srv/data /etc/link
            COPY --chown=1000:1000 --chmod=0640 rootfs/srv/data/state /srv/data/state
            COPY --chown=0:0 --chmod=0644 ["rootfs/etc/my app.conf", "/etc/my app.conf"]
            COPY --chown=0:0 --chmod=0644 rootfs/opt/was-folder /opt/was-folder
            USER app

            EXPOSE 80
            CMD ["app"]

            """, dockerfile);
    }

    [Fact]
    public void Special_files_are_reported_not_added()
    {
        var plan = DockerfileFixer.Plan(new FileSystemComparison(
            [Missed("/srv/fifo", new FileState(FileKind.Other, 0b110_100_100, 0, 0, 0, null, null))], 0));
        Assert.True(plan.IsEmpty);
        Assert.Equal("DR6003", Assert.Single(plan.Diagnostics).Code);
    }
}
