using DockerRecord.Frontend.Trace;

namespace DockerRecord.EngineTests;

/// <summary>
/// <c>drec record</c> on a terminal, typed into the way a person types (../shared/tools/ptydrive.py): editors,
/// Ctrl-C, a here-document, and relative paths after cd.
/// </summary>
[Collection("engine")]
[Trait("Category", "Engine")]
public sealed class InteractiveRecordTests(EngineFixture engine) : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("drec-pty-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    static string PtyDrive
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(EngineFixture.RepositoryRoot, "..", "shared", "tools", "ptydrive.py"));
            if (!File.Exists(path)) Assert.Fail($"the pty driver is missing: {path} (../shared beside the repository)");
            return path;
        }
    }

    [Fact]
    public void Editors_ctrl_c_and_here_documents_typed_at_a_terminal_are_recorded()
    {
        using var container = engine.NewContainer();
        var install = container.Exec("sh", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nano vim-tiny >/dev/null");
        Assert.True(install.ExitCode == 0, install.Stderr);

        var session = Path.Combine(_work, "session.txt");
        File.WriteAllLines(session,
        [
            "cd /etc",
            "#!open nano app.conf",
            "#!raw port=8080<C-O><CR><C-X>",
            "echo after nano > /root/after.txt",
            "#!open vi /root/notes.txt",
            "#!raw ihello from vi<ESC>:wq<CR>",
            "cat > /root/here.txt <<'EOF'",
            "line one",
            "EOF",
            "#!open sleep 30",
            "#!raw <C-C>",
            "echo done",
            "exit",
        ]);
        var trace = Path.Combine(_work, "t.drec");
        var run = EngineFixture.Run("python3", [PtyDrive, session, "--", .. EngineFixture.Drec, "record", container.Name, "--trace", trace],
            timeout: TimeSpan.FromMinutes(3), env: new Dictionary<string, string> { ["PTYDRIVE_QUIET"] = "1.0" });
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);

        var result = TraceReader.Read(trace);
        Assert.Empty(result.Diagnostics);
        var recorded = Assert.Single(result.Trace!.Sessions);
        var commands = recorded.Commands;
        Assert.Equal(["cd /etc", "nano app.conf", "echo after nano > /root/after.txt", "vi /root/notes.txt",
            "cat > /root/here.txt <<'EOF'\nline one\nEOF", "sleep 30", "echo done", "exit"], commands.Select(c => c.Cmd));

        // captured at editor exit, also for a relative path after cd
        Assert.Equal(["/etc/app.conf"], commands[1].Captures);
        Assert.Equal(["/root/notes.txt"], commands[3].Captures);
        var nano = recorded.Files.Single(f => f.Path == "/etc/app.conf" && f.Reason == "editor");
        Assert.Equal("port=8080\n", File.ReadAllText(Path.Combine(recorded.Directory, nano.Blob!)));
        var vi = recorded.Files.Single(f => f.Path == "/root/notes.txt" && f.Reason == "editor");
        Assert.Equal("hello from vi\n", File.ReadAllText(Path.Combine(recorded.Directory, vi.Blob!)));

        Assert.True(commands[5].Interrupted);
        Assert.Equal(130, commands[5].Status);
    }

    [Fact]
    public void Commands_typed_in_nested_shells_are_recorded_as_the_user_they_run_as()
    {
        using var container = engine.NewContainer();
        Assert.Equal(0, container.Exec("useradd", "-m", "-s", "/bin/bash", "app").ExitCode);
        var session = Path.Combine(_work, "nested.txt");
        File.WriteAllLines(session, ["su - app", "touch ~/mine", "exit", "bash", "cd /srv", "exit", "echo back", "exit"]);
        var trace = Path.Combine(_work, "n.drec");
        var run = EngineFixture.Run("python3", [PtyDrive, session, "--", .. EngineFixture.Drec, "record", container.Name, "--trace", trace],
            timeout: TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);

        var commands = Assert.Single(TraceReader.Read(trace).Trace!.Sessions).Commands;
        var touch = Assert.Single(commands, c => c.Cmd == "touch ~/mine");
        Assert.Equal("app", touch.User);
        Assert.Contains("nested_shell", touch.Flags);
        Assert.Contains("/home/app/mine", touch.Changes.Added);
        var cd = Assert.Single(commands, c => c.Cmd == "cd /srv");
        Assert.Equal("root", cd.User);
        Assert.Equal("/srv", cd.Cwd);
        Assert.Contains(commands, c => c.Cmd == "su - app" && !c.Flags.Contains("nested_shell"));
        Assert.Equal("echo back", commands[^2].Cmd);
        Assert.Equal(Enumerable.Range(1, commands.Count), commands.Select(c => c.Seq));
    }

    [Fact]
    public void Resizing_the_terminal_resizes_the_shell_in_the_container()
    {
        using var container = engine.NewContainer();
        var session = Path.Combine(_work, "resize.txt");
        File.WriteAllLines(session, ["stty size > /root/size1", "sleep 3", "stty size > /root/size2", "exit"]);
        var trace = Path.Combine(_work, "r.drec");
        var commands = Path.Combine(trace, "session-1", TraceLayout.CommandsFile);
        // ptydrive.py cannot resize its terminal: a helper on the same terminal does, once the first line is recorded
        // (stty on /dev/tty sets the size, and the kernel sends SIGWINCH to drec, the terminal's foreground process)
        const string Script = "(until [ -s \"$1\" ]; do sleep 0.1; done; stty rows 40 cols 100 < /dev/tty) & shift; exec \"$@\"";
        var run = EngineFixture.Run("python3", [PtyDrive, session, "--", "sh", "-c", Script, "sh", commands, .. EngineFixture.Drec, "record", container.Name, "--trace", trace],
            timeout: TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);

        Assert.Equal(["stty size > /root/size1", "sleep 3", "stty size > /root/size2", "exit"],
            Assert.Single(TraceReader.Read(trace).Trace!.Sessions).Commands.Select(c => c.Cmd));
        Assert.Equal("24 80", container.Exec("cat", "/root/size1").Stdout.Trim());
        Assert.Equal("40 100", container.Exec("cat", "/root/size2").Stdout.Trim());
    }

    [Fact]
    public void Ctrl_z_stops_a_command_and_job_control_works()
    {
        using var container = engine.NewContainer();
        var session = Path.Combine(_work, "jobs.txt");
        // ptydrive waits only for a quiet spell after `#!open`; on a loaded machine ^Z could reach the shell before
        // sleep is the terminal's foreground job, and sleep would then run its full 100 s, so wait for it first
        File.WriteAllLines(session, ["#!open sleep 100", "#!raw <SLEEP:2><C-Z>", "jobs > /root/jobs.txt", "kill %1", "wait", "echo after", "exit"]);
        var trace = Path.Combine(_work, "j.drec");
        var run = EngineFixture.Run("python3", [PtyDrive, session, "--", .. EngineFixture.Drec, "record", container.Name, "--trace", trace],
            timeout: TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);

        var commands = Assert.Single(TraceReader.Read(trace).Trace!.Sessions).Commands;
        Assert.Equal(["sleep 100", "jobs > /root/jobs.txt", "kill %1", "wait", "echo after", "exit"], commands.Select(c => c.Cmd));
        Assert.Equal(148, commands[0].Status); // 128 + SIGTSTP: stopped, not ended
        Assert.False(commands[0].Interrupted);
        var jobs = container.Exec("cat", "/root/jobs.txt").Stdout;
        Assert.Contains("Stopped", jobs);
        Assert.Contains("sleep 100", jobs);
        Assert.DoesNotContain("sleep 100", container.Exec("sh", "-c", "cat /proc/[0-9]*/cmdline | tr '\\0' ' '").Stdout);
    }
}
