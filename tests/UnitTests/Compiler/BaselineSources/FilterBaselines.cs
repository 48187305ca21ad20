using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler.BaselineSources;

/// <summary>Baselines of the filtering, state and build-safety passes.</summary>
static class FilterBaselines
{
    static FileChanges Added(params string[] paths) => new(paths, [], []);

    /// <summary>
    /// A session full of inspection, typos, failures and one real change among them. debian:bookworm has no nginx,
    /// python3 or procps: those commands fail as they would there.
    /// </summary>
    [BaselineTrace("typos-and-inspection")]
    static TraceBuilder TyposAndInspection() => new TraceBuilder()
        .Command("ls -la /etc")
        .Command("cat /etc/os-release")
        .Command("apt-gte update", r => r with { Status = 127 })
        .Command("echo \"unclosed", r => r with { Ran = false, Status = 2 })
        .Command("ps aux | grep nginx", r => r with { Status = 1 })
        .Command("df -h; free -m", r => r with { Status = 127 })
        .Command("history | tail -20")
        .Command("find / -name '*.conf' 2>/dev/null | head")
        .Command("perl -v | head -5")
        .Command("mkdir -p /srv/data && echo ok > /srv/data/flag", r => r with { Changes = new FileChanges(["/srv", "/srv/data", "/srv/data/flag"], [], []) })
        .Command("cat /srv/data/flag > /srv/data/copy", r => r with { Changes = Added("/srv/data/copy") })
        .Command("cat /srv/data/flag /srv/data/flags > /srv/data/partial", r => r with { Status = 1, Changes = Added("/srv/data/partial") })
        .Command("sleep 100", r => r with { Interrupted = true, Status = 130 })
        .Command("nginx -t", r => r with { Status = 127 })
        .Command("whoami && id && pwd")
        .Command("python3 --version", r => r with { Status = 127 })
        .Command("cat > /srv/data/notes <<'EOF'\nhello\nEOF", r => r with { Changes = Added("/srv/data/notes") })
        .Command("grep hello /srv/data/notes", r => r with { Status = 0 })
        .Command("grep -q nothing /srv/data/notes", r => r with { Status = 1 })
        .Command("service nginx status", r => r with { Status = 1 })
        .Command("true", r => r with { CwdBefore = "/srv/data", Cwd = "/srv/data" })
        .Command("clear");

    /// <summary>
    /// cd, export, shell variables, sudo and nested su shells, around a source release built with configure and make
    /// (served by tests/EngineTests/BaselineServer in the engine test).
    /// </summary>
    [BaselineTrace("cd-export-su")]
    static TraceBuilder CdExportSu() => new TraceBuilder()
        .Command("apt-get update && apt-get install -y wget make sudo", r => r with { Changes = new FileChanges(["/usr/bin/wget", "/usr/bin/make", "/usr/bin/sudo"], ["/var/lib/dpkg/status"], []) })
        .Command("cd /opt", r => r with { Cwd = "/opt" })
        .Command("V=1.2.3")
        .Command("wget -q http://files.example.com:8931/app-$V.tgz && tar xzf app-$V.tgz", r => r with { Changes = Added("/opt/app-1.2.3.tgz", "/opt/app-1.2.3") })
        .Command("cd app-$V && ./configure && make", r => r with { Cwd = "/opt/app-1.2.3", Changes = Added("/opt/app-1.2.3/Makefile", "/opt/app-1.2.3/app") })
        .Command("export APP_HOME=/opt/app-1.2.3 BUILD_TMP=/tmp/b", r => r with { EnvSet = new Dictionary<string, string> { ["APP_HOME"] = "/opt/app-1.2.3", ["BUILD_TMP"] = "/tmp/b" } })
        .Command("export TERM=xterm-256color", r => r with { EnvSet = new Dictionary<string, string> { ["TERM"] = "xterm-256color" } })
        .Command("sudo make install && cd .. && ls", r => r with { Cwd = "/opt", Changes = Added("/usr/local/bin/app") })
        .Command("cd - && (cd src && make check) && cd ~", r => r with { Cwd = "/root", Changes = Added("/opt/app-1.2.3/src/check.log") })
        .Command("useradd -m app", r => r with { Changes = new FileChanges(["/home/app"], ["/etc/passwd", "/etc/shadow", "/etc/group"], []) })
        .Command("sudo -u app mkdir /home/app/www", r => r with { Changes = Added("/home/app/www") })
        .Command("su app -c 'cd ~/www && echo hi > index.html'", r => r with { Changes = Added("/home/app/www/index.html") })
        .As("app", 1000, "/home/app")
        .Command("echo $APP_HOME > ~/app-home", r => r with { Flags = ["nested_shell"], Changes = Added("/home/app/app-home") })
        .Command("exit", r => r with { Flags = ["nested_shell"] })
        .As("root", 0, "/root")
        .Command("su - app", r => r with { CwdBefore = "/root", Cwd = "/root" })
        .Command("unset BUILD_TMP", r => r with { EnvUnset = ["BUILD_TMP"] })
        .Command("cd \"$(mktemp -d)\" && mkdir sub && cd sub && touch x && cd /srv", r => r with { Cwd = "/srv", Changes = Added("/tmp/tmp.abc/sub", "/tmp/tmp.abc/sub/x") });

    /// <summary>apt, apt-get without -y, dpkg, yes pipelines, editors and REPLs.</summary>
    [BaselineTrace("apt-install")]
    static TraceBuilder AptInstall() => new TraceBuilder()
        .Command("apt update", r => r with { Changes = Added("/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease") })
        .Command("apt install nginx nano less", r => r with { Changes = Added("/usr/sbin/nginx", "/bin/nano", "/usr/bin/less") })
        .Command("apt-get install -qq vim make python3-venv", r => r with { Changes = Added("/usr/bin/vim.basic", "/usr/bin/make", "/usr/bin/python3") })
        .Command("apt-get remove --purge nano", r => r with { Changes = new FileChanges([], [], ["/bin/nano"]) })
        .Command("apt search redis")
        .Command("apt-cache policy nginx")
        .Command("yes | apt-get upgrade", r => r with { Changes = new FileChanges([], ["/usr/lib/os-release"], []) })
        .Command("vim /opt/install.sh", r => r with { Changes = Added("/opt/install.sh") })
        .Capture("/opt/install.sh", "#!/bin/sh\nprintf 'Install the tool into /opt/tool? [y/N] '\nread answer\n[ \"$answer\" = y ] || exit 1\nmkdir -p /opt/tool && echo 'tool 1.0' > /opt/tool/VERSION\n")
        .Command("chmod +x /opt/install.sh", r => r with { Changes = new FileChanges([], ["/opt/install.sh"], []) })
        .Command("yes | /opt/install.sh", r => r with { Changes = Added("/opt/tool", "/opt/tool/VERSION") })
        .Command("vim /etc/nginx/nginx.conf", r => r with { Changes = new FileChanges([], ["/etc/nginx/nginx.conf"], []) })
        .Capture("/etc/nginx/nginx.conf", "worker_processes 1;\nevents { worker_connections 64; }\n")
        .Command("dpkg -l | grep nginx")
        .Command("vim /opt/Makefile", r => r with { Changes = Added("/opt/Makefile") })
        .Capture("/opt/Makefile", "out: tool/VERSION\n\tcp tool/VERSION out\n")
        .Command("make -C /opt 2>&1 | less", r => r with { Changes = Added("/opt/out") })
        .Command("python3")
        .Command("python3 -m venv /opt/venv", r => r with { Changes = Added("/opt/venv") })
        .Command("apt-get -y autoremove && apt-get clean", r => r with { Changes = new FileChanges([], [], ["/var/cache/apt/pkgcache.bin"]) });
}
