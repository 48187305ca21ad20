using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler.BaselineSources;

static class ServicesBaselines
{
    static FileChanges Added(params string[] paths) => new(paths, [], []);

    static ListeningPort Tcp(int port, string process, string address = "0.0.0.0") => new("tcp", address, port, process);

    [BaselineTrace("nginx-service")]
    static TraceBuilder NginxService() => new TraceBuilder()
        .Command("apt-get update")
        .Command("apt install -y nginx curl nano && service nginx start", r => r with
        {
            Changes = Added("/etc/nginx", "/etc/nginx/nginx.conf", "/usr/sbin/nginx", "/var/www/html/index.nginx-debian.html", "/bin/nano"),
            Ports = [Tcp(80, "nginx"), Tcp(80, "nginx", "::")],
        })
        .Command("nano /etc/nginx/sites-available/default", r => r with { Ports = [Tcp(80, "nginx"), Tcp(80, "nginx", "::")] })
        .Capture("/etc/nginx/sites-available/default", "server { listen 80 default_server; root /var/www/html; }\n")
        .Command("nginx -t", r => r with { Ports = [Tcp(80, "nginx"), Tcp(80, "nginx", "::")] })
        .Command("service nginx reload", r => r with { Ports = [Tcp(80, "nginx"), Tcp(80, "nginx", "::")] })
        .Command("curl localhost", r => r with { Ports = [Tcp(80, "nginx"), Tcp(80, "nginx", "::")] })
        .Command("service nginx status", r => r with { Ports = [Tcp(80, "nginx"), Tcp(80, "nginx", "::")] });

    [BaselineTrace("python-http-server-ctrl-c")]
    static TraceBuilder PythonHttpServerCtrlC() => new TraceBuilder()
        .Command("apt-get update && apt-get install -y python3", r => r with { Changes = Added("/usr/bin/python3", "/usr/lib/python3.11") })
        .Command("mkdir -p /srv/site && cd /srv/site", r => r with { Cwd = "/srv/site", Changes = Added("/srv/site") })
        .Command("echo '<h1>hello</h1>' > index.html", r => r with { Changes = Added("/srv/site/index.html") })
        .Command("python3 -m http.server 8000", r => r with { Interrupted = true, Status = 130 })
        .Command("cd /", r => r with { Cwd = "/" });

    [BaselineTrace("redis-daemonize-with-data-dir")]
    static TraceBuilder RedisDaemonizeWithDataDir() => new TraceBuilder()
        .Command("apt-get update && apt-get install -y redis-server", r => r with
        {
            Changes = Added("/etc/redis/redis.conf", "/usr/bin/redis-server", "/var/lib/redis"),
        })
        .Command("mkdir -p /data", r => r with { Changes = Added("/data") })
        .Command("redis-server /etc/redis/redis.conf --daemonize yes --dir /data --bind 0.0.0.0", r => r with
        {
            Changes = Added("/run/redis", "/run/redis/redis-server.pid"),
            Ports = [Tcp(6379, "redis-server")],
        })
        // the server keeps the key in memory (no file changes): the build starts the server around the command, and
        // its shutdown saves /data/dump.rdb; the `get` only asks, and is dropped
        .Command("redis-cli set greeting hello", r => r with { Ports = [Tcp(6379, "redis-server")] })
        .Command("redis-cli get greeting", r => r with { Ports = [Tcp(6379, "redis-server")] });

    // clients of a service started by its init script: the build starts redis around them, in one RUN, and stops it
    [BaselineTrace("redis-client-in-build")]
    static TraceBuilder RedisClientInBuild() => new TraceBuilder()
        .Command("apt-get update && apt-get install -y redis-server", r => r with
        {
            Changes = Added("/etc/redis/redis.conf", "/usr/bin/redis-server", "/usr/bin/redis-cli", "/var/lib/redis"),
        })
        .Command("service redis-server start && redis-cli set greeting hello", r => r with
        {
            Changes = Added("/run/redis", "/run/redis/redis-server.pid"),
            Ports = [Tcp(6379, "redis-server", "127.0.0.1")],
        })
        .Command("redis-cli get greeting", r => r with { Ports = [Tcp(6379, "redis-server", "127.0.0.1")] })
        .Command("echo 'RPUSH visits home' | redis-cli", r => r with { Ports = [Tcp(6379, "redis-server", "127.0.0.1")] })
        .Command("redis-cli save", r => r with { Changes = Added("/var/lib/redis/dump.rdb"), Ports = [Tcp(6379, "redis-server", "127.0.0.1")] });

    [BaselineTrace("two-services")]
    static TraceBuilder TwoServices() => new TraceBuilder()
        .Command("apt-get update", r => r with { Changes = Added("/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease") })
        .Command("apt-get install -y mariadb-server nginx python3 curl", r => r with
        {
            Changes = Added("/usr/sbin/mariadbd", "/var/lib/mysql", "/var/lib/mysql/ibdata1", "/usr/sbin/nginx", "/usr/bin/python3", "/usr/bin/curl"),
        })
        .Command("service mariadb start", r => r with
        {
            Changes = Added("/run/mysqld", "/run/mysqld/mysqld.pid", "/var/lib/mysql/aria_log_control"),
            Ports = [Tcp(3306, "mariadbd", "127.0.0.1")],
        })
        // it talks to mariadb, which is not the CMD: its RUN starts and stops mariadb for the build
        .Command("mysql -e 'CREATE DATABASE app'", r => r with
        {
            Changes = Added("/var/lib/mysql/app", "/var/lib/mysql/app/db.opt"),
            Ports = [Tcp(3306, "mariadbd", "127.0.0.1")],
        })
        .Command("nginx", r => r with { Ports = [Tcp(80, "nginx"), Tcp(3306, "mariadbd", "127.0.0.1")] })
        .Command("nginx -s stop", r => r with { Ports = [Tcp(3306, "mariadbd", "127.0.0.1")] })
        .Command("cat > /opt/server.py <<'EOF'\nfrom http.server import HTTPServer, SimpleHTTPRequestHandler\nHTTPServer(('', 3000), SimpleHTTPRequestHandler).serve_forever()\nEOF",
            r => r with { Changes = Added("/opt/server.py"), Ports = [Tcp(3306, "mariadbd", "127.0.0.1")] })
        .Command("cd /opt && nohup python3 server.py > /tmp/server.log 2>&1 &", r => r with { Ports = [Tcp(3306, "mariadbd", "127.0.0.1")] })
        .Command("curl localhost:3000", r => r with { Ports = [Tcp(3000, "python3"), Tcp(3306, "mariadbd", "127.0.0.1")] });
}
