using DockerRecord.Cli.Verify;

namespace DockerRecord.UnitTests.Verify;

public sealed class NoiseFilterTests
{
    static readonly NoiseFilter Defaults = NoiseFilter.Create([]);

    [Theory]
    [InlineData("/var/log/nginx/access.log")]
    [InlineData("/var/log")]
    [InlineData("/tmp/x")]
    [InlineData("/run/nginx.pid")]
    [InlineData("/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease")]
    [InlineData("/var/cache/apt/pkgcache.bin")]
    [InlineData("/root/.bash_history")]
    [InlineData("/home/app/.viminfo")]
    [InlineData("/etc/nginx/.nginx.conf.swp")]
    [InlineData("/home/app/.local/share/nano/search_history")]
    [InlineData("/usr/lib/python3/dist-packages/x/__pycache__/y.cpython-311.pyc")]
    [InlineData("/srv/app/module.pyc")]
    [InlineData("/root/.cache/pip/http/x")]
    [InlineData("/var/lib/dpkg/status-old")]
    [InlineData("/etc/.pwd.lock")]
    [InlineData("/var/lib/nginx/body")]
    public void Default_noise(string path) => Assert.True(Defaults.IsNoise(path));

    [Theory]
    [InlineData("/etc/nginx/nginx.conf")]
    [InlineData("/var/lib/dpkg/status")]
    [InlineData("/srv/app/app.py")]
    [InlineData("/etc/passwd")]
    [InlineData("/tmpfile")]
    [InlineData("/var/logs/mine")]
    [InlineData("/home/app/.bashrc")]
    public void Not_noise(string path) => Assert.False(Defaults.IsNoise(path));

    [Fact]
    public void More_patterns_add_to_the_defaults_anchored_or_at_any_depth()
    {
        var filter = NoiseFilter.Create(["/srv/app/cache", "*.log", "build/**/*.o"]);
        Assert.True(filter.IsNoise("/srv/app/cache/a/b"));
        Assert.False(filter.IsNoise("/opt/srv/app/cache"));
        Assert.True(filter.IsNoise("/opt/x/debug.log"));
        Assert.True(filter.IsNoise("/src/build/a/b/c.o"));
        Assert.True(filter.IsNoise("/tmp/x"));
        Assert.False(NoiseFilter.Create(["*.log"], useDefaults: false).IsNoise("/tmp/x"));
    }
}
