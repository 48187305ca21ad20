using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler.BaselineSources;

static class OrderingBaselines
{
    /// <summary>Application files written first, then packages and configuration: packages move up, dependencies hold.</summary>
    [BaselineTrace("reorder-packages-first")]
    static TraceBuilder ReorderPackagesFirst() => new TraceBuilder()
        .Command("mkdir -p /opt/app", r => r with { Changes = new FileChanges(["/opt/app"], ["/opt"], []) })
        .Command("cd /opt/app", r => r with { Cwd = "/opt/app" })
        .Command("echo 'print(1)' > main.py", r => r with { Changes = new FileChanges(["/opt/app/main.py"], ["/opt/app"], []) })
        .Command("apt-get update", r => r with { Changes = new FileChanges(["/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease"], ["/var/lib/apt/lists"], []) })
        .Command("apt-get install -y python3", r => r with { Changes = new FileChanges(["/usr/bin/python3"], ["/var/lib/dpkg/status"], []) })
        .Command("python3 main.py > out.txt", r => r with { Changes = new FileChanges(["/opt/app/out.txt"], ["/opt/app"], []) })
        .Command("echo 'export APP=1' > /etc/profile.d/app.sh", r => r with { Changes = new FileChanges(["/etc/profile.d/app.sh"], ["/etc/profile.d"], []) })
        .Command("apt-get install -y curl", r => r with { Changes = new FileChanges(["/usr/bin/curl"], ["/var/lib/dpkg/status"], []) });

    /// <summary>apt-get update and installs typed apart become one layer with the lists cleanup; the rest groups by context.</summary>
    [BaselineTrace("group-apt")]
    static TraceBuilder GroupApt() => new TraceBuilder()
        .Command("apt-get update", r => r with { Changes = new FileChanges(["/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease"], ["/var/lib/apt/lists"], []) })
        .Command("apt-get install -y nginx", r => r with { Changes = new FileChanges(["/usr/sbin/nginx", "/etc/nginx"], ["/var/lib/dpkg/status"], []) })
        .Command("apt-get install -y curl", r => r with { Changes = new FileChanges(["/usr/bin/curl"], ["/var/lib/dpkg/status"], []) })
        .Command("useradd -m web", r => r with { Changes = new FileChanges(["/home/web"], ["/etc/passwd", "/etc/group", "/etc/shadow"], []) })
        .Command("echo 'server_tokens off;' > /etc/nginx/conf.d/tokens.conf", r => r with { Changes = new FileChanges(["/etc/nginx/conf.d/tokens.conf"], ["/etc/nginx/conf.d"], []) })
        .Command("mkdir -p /var/www/site", r => r with { Changes = new FileChanges(["/var/www/site"], ["/var/www"], []) })
        .Command("echo hello > /var/www/site/index.html", r => r with { Changes = new FileChanges(["/var/www/site/index.html"], ["/var/www/site"], []) })
        .Command("chown -R web:web /var/www/site", r => r with { Changes = new FileChanges([], ["/var/www/site", "/var/www/site/index.html"], []) });
}
