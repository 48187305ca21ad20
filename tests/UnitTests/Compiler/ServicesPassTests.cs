using DockerRecord.IR;
using DockerRecord.Passes;
using DockerRecord.Passes.Services;
using DockerRecord.UnitTests.Support;
using static DockerRecord.UnitTests.Compiler.ServicesCompile;

namespace DockerRecord.UnitTests.Compiler;

public sealed class ServicesPassTests
{
    [Fact]
    public void Init_start_becomes_the_foreground_cmd_and_leaves_the_rest_of_its_line()
    {
        var result = Compile(new TraceBuilder()
            .Command("apt-get install -y nginx && service nginx start", r => r with { Ports = [Tcp(80, "nginx")] }));
        Assert.Equal(["nginx", "-g", "daemon off;"], result.Cmd());
        Assert.Equal(["apt-get update\napt-get install -y nginx" + AptListsCleanup], result.Runs());
        Assert.Equal("CMD", result.Keywords()[^1]);
    }

    [Theory]
    [InlineData("/etc/init.d/nginx start")]
    [InlineData("invoke-rc.d nginx start")]
    [InlineData("service nginx restart")]
    [InlineData("sudo service nginx start")]
    [InlineData("nginx")]
    public void Every_start_form_is_recognized(string start)
    {
        var result = Compile(new TraceBuilder().Command(start));
        Assert.Equal(["nginx", "-g", "daemon off;"], result.Cmd());
        Assert.Empty(result.Runs());
    }

    [Fact]
    public void Systemctl_that_failed_started_nothing_but_still_leaves_the_runs()
    {
        var result = Compile(new TraceBuilder().Command("systemctl start nginx", r => r with { Status = 1 }));
        Assert.Empty(result.Cmd());
        Assert.Empty(result.Runs());
    }

    [Theory]
    [InlineData("service nginx stop")]
    [InlineData("nginx -s stop")]
    [InlineData("pkill nginx")]
    [InlineData("killall nginx")]
    public void A_stopped_service_is_no_cmd_and_explain_says_why(string stop)
    {
        var result = Compile(new TraceBuilder().Command("service nginx start").Command(stop));
        Assert.Empty(result.Cmd());
        Assert.Empty(result.Runs());
        Assert.Contains(result.Explanations, e => e.Reason.StartsWith("no CMD", StringComparison.Ordinal));
    }

    [Fact]
    public void Status_and_reload_commands_leave_the_runs()
    {
        // the services pass alone: in a whole compile drop-no-effect drops the read-only `nginx -t` too
        var result = Through(new TraceBuilder()
            .Command("service nginx start").Command("service nginx status").Command("nginx -s reload").Command("nginx -t"),
            new ServicesPass());
        Assert.Equal(["nginx -t"], result.Runs());
    }

    [Fact]
    public void Daemonize_flags_are_replaced_by_foreground_ones()
    {
        Assert.Equal(["redis-server", "/etc/redis/redis.conf", "--port", "6380", "--daemonize", "no"],
            Compile(new TraceBuilder().Command("redis-server /etc/redis/redis.conf --daemonize yes --port 6380")).Cmd());
        Assert.Equal(["memcached", "-u", "memcache", "-m", "64"], Compile(new TraceBuilder().Command("memcached -d -u memcache -m 64")).Cmd());
        Assert.Equal(["php-fpm8.2", "-F"], Compile(new TraceBuilder().Command("php-fpm8.2")).Cmd());
        Assert.Equal(["/usr/sbin/sshd", "-D"], Compile(new TraceBuilder().Command("/usr/sbin/sshd")).Cmd());
        Assert.Equal(["nginx", "-g", "daemon off; worker_processes 2;"], Compile(new TraceBuilder().Command("nginx -g 'worker_processes 2;'")).Cmd());
    }

    [Fact]
    public void Information_flags_are_not_starts()
    {
        var result = Compile(new TraceBuilder().Command("redis-server --version").Command("nginx -V"));
        Assert.Empty(result.Cmd());
        // the services pass leaves them (the whole compiler then drops them as read-only)
        Assert.Equal(["redis-server --version", "nginx -V"],
            Through(new TraceBuilder().Command("redis-server --version").Command("nginx -V"), new ServicesPass()).Runs());
    }

    [Fact]
    public void Gunicorn_daemon_in_another_directory_gets_chdir()
    {
        var result = Compile(new TraceBuilder()
            .Command("cd /srv/app", r => r with { Cwd = "/srv/app" })
            .Command("gunicorn --daemon -b 0.0.0.0:8000 app:app")
            .Command("cd /", r => r with { Cwd = "/" }));
        Assert.Equal(["gunicorn", "-b", "0.0.0.0:8000", "app:app", "--chdir", "/srv/app"], result.Cmd());
        Assert.DoesNotContain("DR3053", result.Codes());
    }

    [Fact]
    public void Background_node_in_another_directory_gets_absolute_paths_and_a_warning()
    {
        var result = Compile(new TraceBuilder().Command("cd /opt/app && PORT=3000 nohup node server.js > log 2>&1 &"));
        Assert.Equal(["env", "PORT=3000", "node", "/opt/app/server.js"], result.Cmd());
        Assert.Contains("DR3053", result.Codes());
        Assert.Empty(result.Runs());
    }

    [Fact]
    public void Background_list_keeps_its_build_commands_in_the_foreground()
    {
        var result = Compile(new TraceBuilder().Command("npm install && node server.js &"));
        Assert.Equal(["npm install"], result.Runs());
        Assert.Equal(["node", "server.js"], result.Cmd());
    }

    [Fact]
    public void A_server_interrupted_with_ctrl_c_or_by_timeout_is_the_cmd()
    {
        Assert.Equal(["python3", "-m", "http.server", "8000"],
            Compile(new TraceBuilder().Command("python3 -m http.server 8000", r => r with { Interrupted = true, Status = 130 })).Cmd());
        Assert.Equal(["flask", "run", "--host", "0.0.0.0"],
            Compile(new TraceBuilder().Command("timeout 5 flask run --host 0.0.0.0", r => r with { Status = 124 })).Cmd());
    }

    [Fact]
    public void An_interrupted_command_that_is_no_server_is_not_the_cmd()
    {
        var result = Compile(new TraceBuilder().Command("tail -f /var/log/syslog", r => r with { Interrupted = true, Status = 130 }));
        Assert.Empty(result.Cmd());
    }

    [Fact]
    public void A_ctrl_c_server_gives_way_to_a_service_started_after_it_without_a_warning()
    {
        var result = Compile(new TraceBuilder()
            .Command("python3 -m http.server", r => r with { Interrupted = true, Status = 130 })
            .Command("service nginx start"));
        Assert.Equal(["nginx", "-g", "daemon off;"], result.Cmd());
        Assert.DoesNotContain("DR3050", result.Codes());
    }

    [Fact]
    public void Several_running_services_give_the_last_one_and_a_warning()
    {
        var result = Compile(new TraceBuilder().Command("service redis-server start").Command("service nginx start"));
        Assert.Equal(["nginx", "-g", "daemon off;"], result.Cmd());
        var warning = Assert.Single(result.Diagnostics, d => d.Code == "DR3050");
        Assert.Contains("redis", warning.Message);
    }

    [Fact]
    public void Unknown_background_program_is_a_service_only_with_port_evidence()
    {
        // a background job that changed files stays a RUN (a bare `sleep 100 &` changes nothing and is dropped)
        var without = Compile(new TraceBuilder().Command("./build.sh &", r => r with { Changes = Added("/opt/out") }));
        Assert.Empty(without.Cmd());
        Assert.Equal(["./build.sh &"], without.Runs());

        var with = Compile(new TraceBuilder()
            .Command("./myserver --port 9000 &")
            .Command("curl localhost:9000", r => r with { Ports = [Tcp(9000, "myserver")] }));
        Assert.Equal(["./myserver", "--port", "9000"], with.Cmd());
    }

    [Fact]
    public void Kill_of_a_job_or_of_a_pid_whose_port_went_away_stops_it()
    {
        Assert.Empty(Compile(new TraceBuilder().Command("node server.js &").Command("kill %1")).Cmd());
        Assert.Empty(Compile(new TraceBuilder().Command("node server.js &").Command("kill $!")).Cmd());
        Assert.Empty(Compile(new TraceBuilder()
            .Command("node server.js &", r => r with { Ports = [Tcp(3000, "node")] })
            .Command("kill 4242")).Cmd());
        Assert.NotEmpty(Compile(new TraceBuilder()
            .Command("node server.js &", r => r with { Ports = [Tcp(3000, "node")] })
            .Command("kill 4242", r => r with { Ports = [Tcp(3000, "node")] })).Cmd());
        Assert.Empty(Compile(new TraceBuilder().Command("python3 -m http.server &").Command("pkill -f http.server")).Cmd());
    }

    [Fact]
    public void Postgresql_runs_as_postgres_from_the_installed_version_with_its_socket_folder()
    {
        var result = Compile(new TraceBuilder()
            .Command("apt-get install -y postgresql && service postgresql start", r => r with
            {
                Changes = Added("/usr/lib/postgresql/15/bin/postgres", "/var/lib/postgresql/15/main", "/run/postgresql"),
            }));
        Assert.Equal(["/usr/lib/postgresql/15/bin/postgres", "-D", "/var/lib/postgresql/15/main",
            "-c", "config_file=/etc/postgresql/15/main/postgresql.conf"], result.Cmd());
        Assert.Equal("postgres", result.Program.Final.User);
        Assert.Contains("DR3052", result.Codes());
        Assert.Equal(["apt-get update\napt-get install -y postgresql && mkdir -p /run/postgresql && chown postgres:postgres /run/postgresql && chmod 2775 /run/postgresql" + AptListsCleanup],
            result.Runs());
        Assert.Equal(["/var/lib/postgresql"], result.Program.OfType<VolumeInstruction>().Select(v => v.Path));
    }

    [Fact]
    public void Postgresql_without_a_known_version_has_no_cmd()
    {
        var result = Compile(new TraceBuilder().Command("service postgresql start"));
        Assert.Empty(result.Cmd());
        Assert.Contains("DR3054", result.Codes());
    }

    [Fact]
    public void Pg_ctlcluster_names_version_and_cluster()
    {
        var result = Compile(new TraceBuilder().Command("pg_ctlcluster 16 web start"));
        Assert.Equal(["/usr/lib/postgresql/16/bin/postgres", "-D", "/var/lib/postgresql/16/web",
            "-c", "config_file=/etc/postgresql/16/web/postgresql.conf"], result.Cmd());
    }

    [Fact]
    public void Mariadb_gets_its_run_folder_where_the_init_script_made_it()
    {
        var result = Compile(new TraceBuilder()
            .Command("apt-get install -y mariadb-server", r => r with { Changes = Added("/usr/sbin/mariadbd") })
            .Command("service mariadb start", r => r with { Changes = Added("/run/mysqld", "/run/mysqld/mysqld.sock") }));
        Assert.Equal(["mariadbd", "--user=mysql"], result.Cmd());
        Assert.Equal(["apt-get update\napt-get install -y mariadb-server" + AptListsCleanup, "mkdir -p /run/mysqld && chown mysql:root /run/mysqld"], result.Runs());
    }

    [Fact]
    public void Service_needing_root_runs_as_root_when_the_last_shell_was_not()
    {
        var result = Compile(new TraceBuilder().Command("service nginx start").As("app", 1000).Command("whoami"));
        Assert.Equal("root", result.Program.Final.User);
        Assert.Contains("DR3051", result.Codes());
    }

    [Fact]
    public void Server_started_as_another_user_runs_as_that_user()
    {
        var result = Compile(new TraceBuilder().Command("sudo -u app node /srv/app/server.js &"));
        Assert.Equal("app", result.Program.Final.User);
        Assert.Equal(["node", "/srv/app/server.js"], result.Cmd());
        Assert.Contains("DR3052", result.Codes());
    }

    [Fact]
    public void Words_that_expand_run_through_bash_exec()
    {
        var result = Compile(new TraceBuilder().Command("node \"$APP\" &"));
        Assert.Equal(["/bin/bash", "-c", "exec node \"$APP\""], result.Cmd());
    }

    [Fact]
    public void The_pass_returns_the_same_program_without_services()
    {
        var trace = new TraceBuilder().Command("apt-get install -y curl").Build();
        var context = new CompilationContext(trace, CompileOptions.Default);
        var program = new DockerRecord.Passes.Lowering.LowerTracePass().Run(ImageProgram.Empty, context);
        Assert.Same(program, new ServicesPass().Run(program, context));
        Assert.Same(program, new PortsAndVolumesPass().Run(program, context));
    }
}
