using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler.BaselineSources;

/// <summary>Baselines of the filtering, state and build-safety passes.</summary>
static class FilterBaselines
{
    static FileChanges Added(params string[] paths) => new(paths, [], []);

    /// <summary>A session full of inspection, typos, failures and one real change among them.</summary>
    [BaselineTrace("typos-and-inspection")]
    static TraceBuilder TyposAndInspection() => new TraceBuilder()
        .Command("ls -la /etc")
        .Command("cat /etc/os-release")
        .Command("apt-gte update", r => r with { Status = 127 })
        .Command("echo \"unclosed", r => r with { Ran = false, Status = 2 })
        .Command("ps aux | grep nginx")
        .Command("df -h; free -m")
        .Command("history | tail -20")
        .Command("find / -name '*.conf' 2>/dev/null | head")
        .Command("curl -s http://example.com | head -5")
        .Command("mkdir -p /srv/data && echo ok > /srv/data/flag", r => r with { Changes = new FileChanges(["/srv", "/srv/data", "/srv/data/flag"], [], []) })
        .Command("cat /srv/data/flag > /srv/data/copy", r => r with { Changes = Added("/srv/data/copy") })
        .Command("make -j4", r => r with { Status = 2, Changes = Added("/srv/data/partial.o") })
        .Command("sleep 100", r => r with { Interrupted = true, Status = 130 })
        .Command("nginx -t")
        .Command("whoami && id && pwd")
        .Command("python3 --version")
        .Command("cat > /srv/data/notes <<'EOF'\nhello\nEOF", r => r with { Changes = Added("/srv/data/notes") })
        .Command("grep hello /srv/data/notes", r => r with { Status = 0 })
        .Command("grep -q nothing /srv/data/notes", r => r with { Status = 1 })
        .Command("service nginx status")
        .Command("true", r => r with { CwdBefore = "/srv/data", Cwd = "/srv/data" })
        .Command("clear");

    /// <summary>cd, pushd, export, shell variables, sudo and nested su shells.</summary>
    [BaselineTrace("cd-export-su")]
    static TraceBuilder CdExportSu() => new TraceBuilder()
        .Command("cd /opt", r => r with { Cwd = "/opt" })
        .Command("V=1.2.3")
        .Command("wget -q https://example.com/app-$V.tgz && tar xzf app-$V.tgz", r => r with { Changes = Added("/opt/app-1.2.3.tgz", "/opt/app-1.2.3") })
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
        .Command("cd \"$(mktemp -d)\" && cd sub && touch x && cd /srv", r => r with { Cwd = "/srv", Changes = Added("/tmp/tmp.abc/sub/x") });

    /// <summary>apt, apt-get without -y, dpkg, yes pipelines, editors and REPLs.</summary>
    [BaselineTrace("apt-install")]
    static TraceBuilder AptInstall() => new TraceBuilder()
        .Command("apt update", r => r with { Changes = Added("/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease") })
        .Command("apt install nginx curl", r => r with { Changes = Added("/usr/sbin/nginx", "/usr/bin/curl") })
        .Command("apt-get install -qq vim", r => r with { Changes = Added("/usr/bin/vim.basic") })
        .Command("apt-get remove --purge nano", r => r with { Changes = new FileChanges([], [], ["/bin/nano"]) })
        .Command("apt search redis")
        .Command("apt-cache policy nginx")
        .Command("yes | apt-get upgrade", r => r with { Changes = new FileChanges([], ["/usr/lib/os-release"], []) })
        .Command("yes | ./install.sh", r => r with { Changes = Added("/opt/tool") })
        .Command("vim /etc/nginx/nginx.conf", r => r with { Changes = new FileChanges([], ["/etc/nginx/nginx.conf"], []) })
        .Capture("/etc/nginx/nginx.conf", "worker_processes 1;\n")
        .Command("dpkg -l | grep nginx")
        .Command("make 2>&1 | less", r => r with { Changes = Added("/opt/out") })
        .Command("python3")
        .Command("python3 -m venv /opt/venv", r => r with { Changes = Added("/opt/venv") })
        .Command("mysql -u root < /tmp/schema.sql", r => r with { Changes = new FileChanges([], ["/var/lib/mysql/ibdata1"], []) })
        .Command("apt-get -y autoremove && apt-get clean", r => r with { Changes = new FileChanges([], [], ["/usr/lib/x"]) });
}
