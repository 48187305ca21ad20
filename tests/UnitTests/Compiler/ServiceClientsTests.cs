using DockerRecord.IR;
using DockerRecord.Passes;
using DockerRecord.Passes.Services;
using DockerRecord.UnitTests.Support;
using static DockerRecord.UnitTests.Compiler.ServicesCompile;

namespace DockerRecord.UnitTests.Compiler;

/// <summary>Kept RUN steps that talk to a service running in the session start and stop it around them (DR3057).</summary>
public sealed class ServiceClientsTests
{
    const string MariadbReady = "timeout 30 bash -c 'until mysqladmin ping >/dev/null 2>&1; do sleep 0.5; done'";
    const string RedisReady = "timeout 30 bash -c 'until redis-cli ping >/dev/null 2>&1; do sleep 0.5; done'";

    static TraceBuilder MariadbInstalled() => new TraceBuilder()
        .Command("apt-get update && apt-get install -y mariadb-server", r => r with { Changes = Added("/usr/sbin/mariadbd", "/var/lib/mysql") });

    [Fact]
    public void A_client_after_an_init_start_gets_the_service_started_and_stopped_in_its_run()
    {
        var result = Compile(MariadbInstalled()
            .Command("service mariadb start", r => r with { Ports = [Tcp(3306, "mariadbd", "127.0.0.1")] })
            .Command("mysql -e 'CREATE DATABASE app'", r => r with { Changes = Added("/var/lib/mysql/app") }));
        Assert.Equal(["mariadbd", "--user=mysql"], result.Cmd());
        Assert.Contains($"service mariadb start && {MariadbReady} && mysql -e 'CREATE DATABASE app' && service mariadb stop", result.Runs());
        Assert.Contains("DR3057", result.Codes());
        Assert.Contains(result.Explanations, e => e.Reason.Contains("talks to mariadb", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_and_client_on_one_line_keep_the_install_before_the_start()
    {
        var result = Through(new TraceBuilder()
            .Command("apt-get install -y redis-server && service redis-server start && redis-cli set k v", r => r with
            {
                Changes = Added("/usr/bin/redis-server", "/run/redis"),
                Ports = [Tcp(6379, "redis-server", "127.0.0.1")],
            }),
            new ServicesPass());
        Assert.Equal([$"apt-get install -y redis-server && mkdir -p /run/redis && chown redis:redis /run/redis && service redis-server start && {RedisReady} && redis-cli set k v && service redis-server stop"],
            result.Runs());
    }

    [Fact]
    public void Start_client_and_stop_on_one_line_still_wraps_the_client()
    {
        var result = Through(new TraceBuilder()
            .Command("service mariadb start && mysql -e 'CREATE DATABASE app' && service mariadb stop"), new ServicesPass());
        Assert.Equal([$"service mariadb start && {MariadbReady} && mysql -e 'CREATE DATABASE app' && service mariadb stop"], result.Runs());
        Assert.Empty(result.Cmd());
    }

    [Fact]
    public void Consecutive_clients_share_one_start_and_stop()
    {
        var result = Through(new TraceBuilder()
            .Command("service mariadb start")
            .Command("mysql -e 'CREATE DATABASE app'")
            .Command("mysql -e \"CREATE USER 'app'@'localhost'\"")
            .Command("mysql app < /tmp/schema.sql"),
            new ServicesPass());
        var run = Assert.Single(result.Runs());
        Assert.StartsWith("service mariadb start && ", run, StringComparison.Ordinal);
        Assert.EndsWith("mysql app </tmp/schema.sql && service mariadb stop", run, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(run, "service mariadb start"));
    }

    [Fact]
    public void A_client_before_the_start_or_after_the_stop_is_left_alone()
    {
        var result = Through(new TraceBuilder()
            .Command("mysql -e 'SELECT 1'")
            .Command("service mariadb start")
            .Command("service mariadb stop")
            .Command("mysql -e 'CREATE DATABASE app'"),
            new ServicesPass());
        Assert.Equal(["mysql -e 'SELECT 1'", "mysql -e 'CREATE DATABASE app'"], result.Runs());
        Assert.DoesNotContain("DR3057", result.Codes());
    }

    [Theory]
    [InlineData("su postgres -c \"psql -c 'CREATE USER app'\"")]
    [InlineData("sudo -u postgres createdb app")]
    [InlineData("su - postgres -c 'createuser app'")]
    [InlineData("runuser -u postgres -- createdb app")]
    [InlineData("echo 'CREATE DATABASE app;' | su postgres -c psql")]
    public void Clients_under_su_sudo_and_in_pipelines_are_found(string line)
    {
        var result = Through(new TraceBuilder()
            .Command("service postgresql start")
            .Command(line),
            new ServicesPass());
        var run = Assert.Single(result.Runs());
        Assert.StartsWith("service postgresql start && timeout 30 bash -c 'until pg_isready -q", run, StringComparison.Ordinal);
        Assert.EndsWith(" && service postgresql stop", run, StringComparison.Ordinal);
    }

    [Fact]
    public void A_daemon_typed_by_hand_is_started_as_typed_and_shut_down_by_its_client()
    {
        var result = Through(new TraceBuilder()
            .Command("redis-server --daemonize yes --port 6380")
            .Command("redis-cli -p 6380 set k v"),
            new ServicesPass());
        Assert.Equal(["redis-server --daemonize yes --port 6380 && timeout 30 bash -c 'until redis-cli -p 6380 ping >/dev/null 2>&1; do sleep 0.5; done' && redis-cli -p 6380 set k v && redis-cli -p 6380 shutdown"],
            result.Runs());
    }

    [Fact]
    public void A_server_sent_to_the_background_is_daemonized_for_the_build()
    {
        var result = Through(new TraceBuilder()
            .Command("redis-server --dir /data &")
            .Command("redis-cli set k v"),
            new ServicesPass());
        Assert.Equal([$"redis-server --dir /data --daemonize yes && {RedisReady} && redis-cli set k v && redis-cli shutdown"], result.Runs());
    }

    [Fact]
    public void Another_host_and_information_flags_are_not_clients_of_the_local_service()
    {
        var result = Through(new TraceBuilder()
            .Command("service mariadb start")
            .Command("mysql -h db.example.com -e 'CREATE DATABASE app'")
            .Command("mysql --version"),
            new ServicesPass());
        Assert.Equal(["mysql -h db.example.com -e 'CREATE DATABASE app'", "mysql --version"], result.Runs());
    }

    [Fact]
    public void A_client_that_changes_server_state_is_kept_though_no_file_changed_and_a_read_only_one_is_dropped()
    {
        var result = Compile(new TraceBuilder()
            .Command("apt-get update && apt-get install -y redis-server", r => r with { Changes = Added("/usr/bin/redis-server") })
            .Command("service redis-server start", r => r with { Ports = [Tcp(6379, "redis-server", "127.0.0.1")] })
            .Command("redis-cli set greeting hello")
            .Command("redis-cli get greeting"));
        Assert.Contains($"service redis-server start && {RedisReady} && redis-cli set greeting hello && service redis-server stop", result.Runs());
        Assert.DoesNotContain(result.Runs(), r => r.Contains("redis-cli get", StringComparison.Ordinal));
    }

    [Fact]
    public void A_non_root_run_cannot_use_the_init_script_and_is_reported()
    {
        var result = Through(new TraceBuilder()
            .Command("service mariadb start")
            .As("app", 1000)
            .Command("mysql -e 'CREATE DATABASE app'"),
            new DockerRecord.Passes.State.StatePass(), new ServicesPass());
        Assert.Contains("DR3058", result.Codes());
        Assert.Equal(["mysql -e 'CREATE DATABASE app'"], result.Runs());
    }

    [Fact]
    public void The_whole_compiler_keeps_the_run_after_the_install_and_in_one_piece()
    {
        var result = Compile(MariadbInstalled()
            .Command("mkdir -p /opt/app && echo hi > /opt/app/index.html", r => r with { Changes = Added("/opt/app", "/opt/app/index.html") })
            .Command("service mariadb start", r => r with { Changes = Added("/run/mysqld"), Ports = [Tcp(3306, "mariadbd", "127.0.0.1")] })
            .Command("mysql -e 'CREATE DATABASE app'", r => r with { Changes = Added("/var/lib/mysql/app") })
            .Command("mysql -e 'CREATE TABLE app.t (id INT)'", r => r with { Changes = Added("/var/lib/mysql/app/t.frm") }));
        var runs = result.Runs();
        var install = Array.FindIndex(runs, r => r.Contains("apt-get install", StringComparison.Ordinal));
        var client = Array.FindIndex(runs, r => r.Contains("CREATE DATABASE", StringComparison.Ordinal));
        Assert.True(install >= 0 && client > install, string.Join("\n", runs));
        Assert.Contains($"service mariadb start && {MariadbReady} && mysql -e 'CREATE DATABASE app' ;; mysql -e 'CREATE TABLE app.t (id INT)' && service mariadb stop", runs[client]);
    }

    [Fact]
    public void Systemctl_becomes_service_in_the_build_and_an_or_list_keeps_its_meaning()
    {
        var result = Through(new TraceBuilder()
            .Command("systemctl start mariadb.service", r => r with { Ports = [Tcp(3306, "mariadbd", "127.0.0.1")] })
            .Command("mysql -e 'CREATE DATABASE app' || true"),
            new ServicesPass());
        Assert.Equal([$"service mariadb start && {MariadbReady}\nmysql -e 'CREATE DATABASE app' || true\nservice mariadb stop"],
            result.Runs());
    }

    static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
