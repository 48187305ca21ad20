using System.Diagnostics;
using DockerRecord.Frontend.Trace;

namespace DockerRecord.EngineTests;

/// <summary><c>drec record</c> against a real engine and a real debian:bookworm container.</summary>
[Collection("engine")]
[Trait("Category", "Engine")]
public sealed class RecordTests(EngineFixture engine) : IDisposable
{
    readonly string _traces = Directory.CreateTempSubdirectory("drec-record-").FullName;

    public void Dispose() => Directory.Delete(_traces, recursive: true);

    static EngineFixture.ProcessResult Drec(string stdin, params string[] args) =>
        EngineFixture.RunDrec(args, stdin, TimeSpan.FromMinutes(3));

    const string Script = """
        cd /opt
        export GREETING='hello world' TOKEN=x
        unset TOKEN
        mkdir -p app && cd app
        cat > app.conf <<'EOF'
        port=8080
        name=$HOME
        EOF
        echo one | tr a-z A-Z && echo two
        false
        not-a-command
        echo )
        rm -rf /tmp/*
        touch /srv/later

        """;

    [Fact]
    public void A_scripted_session_is_recorded_once_per_line_with_status_cwd_env_and_changes()
    {
        using var container = engine.NewContainer();
        var trace = Path.Combine(_traces, "t.drec");
        var run = Drec(Script, "record", container.Name, "--trace", trace);
        Assert.True(run.ExitCode == 0, run.Stderr);

        var result = TraceReader.Read(trace);
        Assert.Empty(result.Diagnostics);
        var session = Assert.Single(result.Trace!.Sessions);
        Assert.Equal("debian:bookworm", session.Info.ImageReference);
        Assert.NotNull(session.Info.End);
        var commands = session.Commands;
        Assert.Equal(
            [
                "cd /opt",
                "export GREETING='hello world' TOKEN=x",
                "unset TOKEN",
                "mkdir -p app && cd app",
                "cat > app.conf <<'EOF'\nport=8080\nname=$HOME\nEOF",
                "echo one | tr a-z A-Z && echo two",
                "false",
                "not-a-command",
                "echo )",
                "rm -rf /tmp/*",
                "touch /srv/later",
            ],
            commands.Select(c => c.Cmd));
        Assert.Equal(Enumerable.Range(1, commands.Count), commands.Select(c => c.Seq));

        Assert.Equal("/opt", commands[0].Cwd);
        Assert.Equal("hello world", commands[1].EnvSet["GREETING"]);
        Assert.Equal(["TOKEN"], commands[2].EnvUnset);
        Assert.Equal("/opt/app", commands[3].Cwd);
        Assert.Contains("/opt/app/app.conf", commands[4].Changes.Added);
        Assert.Equal(1, commands[6].Status);
        Assert.Equal(127, commands[7].Status);
        Assert.False(commands[8].Ran);
        Assert.Contains("/srv/later", commands[10].Changes.Added);
        Assert.All(commands, c => Assert.Equal("root", c.User));
    }

    [Fact]
    public void A_second_session_is_appended_and_nothing_of_drec_stays_in_the_container()
    {
        using var container = engine.NewContainer();
        var trace = Path.Combine(_traces, "t.drec");
        Assert.Equal(0, Drec("echo first\n", "record", container.Name, "--trace", trace).ExitCode);
        Assert.Equal(0, Drec("echo second\n", "record", container.Name, "--trace", trace).ExitCode);

        var sessions = TraceReader.Read(trace).Trace!.Sessions;
        Assert.Equal([1, 2], sessions.Select(s => s.Info.Number));
        Assert.Equal("echo second", sessions[1].Commands[0].Cmd);

        Assert.Equal("", container.Exec("sh", "-c", "ls -A /dev/shm /tmp | grep drec; ls /root/.bash_history 2>/dev/null; true").Stdout);
        var processes = container.Exec("sh", "-c", "cat /proc/[0-9]*/cmdline | tr '\\0' ' '").Stdout;
        Assert.DoesNotContain(".drec-", processes);
        var diff = EngineFixture.Run("docker", ["diff", container.Name]).Stdout;
        Assert.DoesNotContain("drec", diff);
    }

    [Fact]
    public void Killing_drec_mid_session_loses_no_completed_command()
    {
        using var container = engine.NewContainer();
        var trace = Path.Combine(_traces, "t.drec");
        var start = new ProcessStartInfo(EngineFixture.Drec[0]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in EngineFixture.Drec.Skip(1).Concat(["record", container.Name, "--trace", trace])) start.ArgumentList.Add(arg);
        using var drec = Process.Start(start)!;
        _ = drec.StandardOutput.ReadToEndAsync();
        _ = drec.StandardError.ReadToEndAsync();
        drec.StandardInput.Write("echo one\necho two\ntouch /root/three\n");
        drec.StandardInput.Flush();

        var commands = Path.Combine(trace, "session-1", TraceLayout.CommandsFile);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && (!File.Exists(commands) || File.ReadAllLines(commands).Length < 3)) Thread.Sleep(100);
        drec.Kill(); // SIGKILL
        drec.WaitForExit();

        var result = TraceReader.Read(trace);
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        Assert.Equal(["echo one", "echo two", "touch /root/three"], result.Trace!.Sessions[0].Commands.Select(c => c.Cmd));
        Assert.Null(result.Trace.Sessions[0].Info.End);
    }

    /// <summary>Starts drec record with its standard input kept open, and waits until it has recorded <paramref name="firstLine"/>.</summary>
    static Process StartRecording(string container, string trace, string firstLine)
    {
        var start = new ProcessStartInfo(EngineFixture.Drec[0]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in EngineFixture.Drec.Skip(1).Concat(["record", container, "--trace", trace])) start.ArgumentList.Add(arg);
        var drec = Process.Start(start)!;
        _ = drec.StandardOutput.ReadToEndAsync();
        _ = drec.StandardError.ReadToEndAsync();
        drec.StandardInput.Write(firstLine + "\n");
        drec.StandardInput.Flush();
        var commands = Path.Combine(trace, "session-1", TraceLayout.CommandsFile);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && (!File.Exists(commands) || File.ReadAllLines(commands).Length < 1)) Thread.Sleep(100);
        Assert.True(File.Exists(commands), "drec recorded nothing within 60 s");
        return drec;
    }

    static string[] SessionFolders(TestContainer container) =>
        container.Exec("sh", "-c", "ls -d /dev/shm/.drec-* /tmp/.drec-* 2>/dev/null; true").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    static string Processes(TestContainer container) => container.Exec("sh", "-c", "cat /proc/[0-9]*/cmdline | tr '\\0' ' '").Stdout;

    [Fact]
    public void What_a_killed_drec_left_is_removed_at_the_next_start_and_a_running_session_is_kept()
    {
        using var container = engine.NewContainer();
        using var running = StartRecording(container.Name, Path.Combine(_traces, "running.drec"), "echo running");
        var live = Assert.Single(SessionFolders(container));
        using (var killed = StartRecording(container.Name, Path.Combine(_traces, "killed.drec"), "echo one"))
        {
            killed.Kill(); // SIGKILL: no clean-up
            killed.WaitForExit();
        }
        var stale = Assert.Single(SessionFolders(container), f => f != live);
        Assert.Contains(stale + "/", Processes(container)); // its shell and spool follower stay

        var next = Drec("echo next\n", "record", container.Name, "--trace", Path.Combine(_traces, "next.drec"));
        Assert.True(next.ExitCode == 0, next.Stderr);
        Assert.Contains($"drec: removed what an earlier drec left in '{container.Name}' when it was killed: {stale}", next.Stderr);
        Assert.Equal([live], SessionFolders(container));
        var processes = Processes(container);
        Assert.DoesNotContain(stale, processes);
        Assert.Contains(live + "/", processes);

        // the running session goes on as if nothing happened
        running.StandardInput.Write("echo still\n");
        running.StandardInput.Close();
        Assert.True(running.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, running.ExitCode);
        var commands = TraceReader.Read(Path.Combine(_traces, "running.drec")).Trace!.Sessions[0].Commands;
        Assert.Equal(["echo running", "echo still"], commands.Select(c => c.Cmd));
        Assert.Empty(SessionFolders(container));
        Assert.DoesNotContain(".drec-", Processes(container));
    }

    [Fact]
    public void Environment_errors_are_one_line_and_exit_2()
    {
        var wrongSocket = EngineFixture.RunDrec(["record", "demo", "--trace", Path.Combine(_traces, "x")], "",
            env: new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///tmp/no-such-docker.sock" });
        Assert.Equal(2, wrongSocket.ExitCode);
        Assert.StartsWith("drec record: error: cannot reach the Docker engine at unix:///tmp/no-such-docker.sock", wrongSocket.Stderr);
        Assert.Single(wrongSocket.Stderr.Trim().Split('\n'));

        var missing = Drec("", "record", "no-such-container-" + Guid.NewGuid().ToString("N")[..6], "--trace", Path.Combine(_traces, "y"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("drec record: error: no container named", missing.Stderr);

        using var container = engine.NewContainer();
        EngineFixture.Run("docker", ["stop", "-t", "0", container.Name]);
        var stopped = Drec("", "record", container.Name, "--trace", Path.Combine(_traces, "z"));
        Assert.Equal(2, stopped.ExitCode);
        Assert.Contains("is not running", stopped.Stderr);
    }
}
