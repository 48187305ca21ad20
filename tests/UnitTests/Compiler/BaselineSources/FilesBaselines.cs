using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler.BaselineSources;

static class FilesBaselines
{
    [BaselineTrace("editor-copy")]
    static TraceBuilder EditorCopy() => new TraceBuilder()
        .Command("apt-get update", r => r with { Changes = new FileChanges(["/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease"], [], []) })
        .Command("apt-get install -y nginx nano vim-tiny", r => r with { Changes = new FileChanges(["/etc/nginx/nginx.conf", "/bin/nano", "/usr/bin/vim.tiny"], [], []) })
        .Command("nano /etc/nginx/sites-available/default", r => r with { Changes = new FileChanges([], ["/etc/nginx/sites-available/default"], []) })
        .Capture("/etc/nginx/sites-available/default", "server {\n    listen 8080;\n    root /srv/www;\n}\n")
        .Command("mkdir -p /srv/www && cd /srv/www", r => r with { Cwd = "/srv/www", Changes = new FileChanges(["/srv/www"], [], []) })
        .Command("vi index.html", r => r with { Changes = new FileChanges(["/srv/www/index.html"], [], []) })
        .Capture("/srv/www/index.html", "<h1>hello</h1>\n", uid: 33, gid: 33)
        .Command("vi run.sh && chmod +x run.sh", r => r with { Changes = new FileChanges(["/srv/www/run.sh"], [], []) })
        .Capture("/srv/www/run.sh", "#!/bin/sh\nexec nginx -g 'daemon off;'\n", mode: 0x1ED /* 0755 */)
        .Command("nano notes.txt", r => r with { Changes = new FileChanges(["/srv/www/notes.txt"], [], []) })
        .Capture("/srv/www/notes.txt", "remember\n")
        .Command("rm notes.txt", r => r with { Changes = new FileChanges([], [], ["/srv/www/notes.txt"]) })
        .Link("/usr/local/bin/serve", "/srv/www/run.sh")
        .Folder("/srv/data", mode: 0x1C0 /* 0700 */, uid: 33, gid: 33)
        .Capture("/etc/motd", "welcome\n", reason: "final");

    [BaselineTrace("heredoc-config")]
    static TraceBuilder HereDocConfig() => new TraceBuilder()
        .Command("mkdir -p /etc/app", r => r with { Changes = new FileChanges(["/etc/app"], [], []) })
        .Command("cat > /etc/app/app.conf <<'EOF'\nport = 8080\npath = $HOME/data\nEOF", r => r with { Changes = new FileChanges(["/etc/app/app.conf"], [], []) })
        .Command("cd /etc/app", r => r with { Cwd = "/etc/app" })
        .Command("cat <<EOF > env.conf\nhome=$HOME\nhost=\"$(hostname)\"\nEOF", r => r with { Changes = new FileChanges(["/etc/app/env.conf"], [], []) })
        .Command("tee -a app.conf <<EOF\nlog = stdout\nEOF", r => r with { Changes = new FileChanges([], ["/etc/app/app.conf"], []) })
        .Command("tee /etc/app/plain.txt <<EOF\nno expansion here\nEOF", r => r with { Changes = new FileChanges(["/etc/app/plain.txt"], [], []) })
        .Command("bash <<'EOF'\necho one > /etc/app/one\nEOF", r => r with { Changes = new FileChanges(["/etc/app/one"], [], []) })
        .Command("grep -c port <<< \"port = 1\" > /etc/app/count", r => r with { Changes = new FileChanges(["/etc/app/count"], [], []) });

    /// <summary>
    /// Secrets typed in many forms: an exported password, a password in a URL, a bearer token, a key's pass phrase,
    /// chpasswd, a captured .env file. The downloads come from tests/EngineTests/BaselineServer in the engine test.
    /// </summary>
    [BaselineTrace("secrets")]
    static TraceBuilder Secrets() => new TraceBuilder()
        .Command("export DB_PASSWORD=Sup3rS3cret", r => r with { EnvSet = new Dictionary<string, string> { ["DB_PASSWORD"] = "Sup3rS3cret" } })
        .Command("apt-get update && apt-get install -y curl nano", r => r with { Changes = new FileChanges(["/usr/bin/curl", "/usr/bin/openssl", "/bin/nano"], ["/var/lib/dpkg/status"], []) })
        .Command("echo 'root:Chpw-12345' | chpasswd", r => r with { Changes = new FileChanges([], ["/etc/shadow"], []) })
        .Command("curl -fsSL http://deploy:Gitpw-98765@git.example.com:8931/team/app.tgz | tar xz -C /opt", r => r with { Changes = new FileChanges(["/opt/app", "/opt/app/setup.sh", "/opt/app/README"], [], []) })
        .Command("curl -H 'Authorization: Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789' -o /opt/app/release.json http://api.example.com:8931/releases/latest.json", r => r with { Changes = new FileChanges(["/opt/app/release.json"], [], []) })
        .Command("openssl genrsa -aes256 -passout pass:Keypw-24680 -out /opt/app/key.pem 2048", r => r with { Changes = new FileChanges(["/opt/app/key.pem"], [], []) })
        .Command("nano /opt/app/.env", r => r with { Changes = new FileChanges(["/opt/app/.env"], [], []) })
        .Capture("/opt/app/.env", "DATABASE_PASSWORD=Sup3rS3cret\nPORT=80\n")
        .Command("cd /opt/app", r => r with { Cwd = "/opt/app" })
        .Command("./setup.sh --db-pass \"$DB_PASSWORD\"", r => r with { Changes = new FileChanges(["/opt/app/setup.done"], [], []) });
}
