using System.Diagnostics;
using System.Text;
using DockerRecord.Cli.Recording;
using DockerRecord.UnitTests.Support;
using Xunit.Abstractions;

namespace DockerRecord.UnitTests.Recording;

/// <summary>
/// Runs two real interactive sessions with the machine's bash and the embedded hook (as the Docker side starts it:
/// <c>bash --rcfile $DREC_DIR/rc -i</c>), typed through a pseudo-terminal by ../shared/tools/ptydrive.py, once for
/// all the tests of <see cref="BashHookTests"/>.
/// </summary>
public sealed class BashHookSessions : IDisposable
{
    public const string SessionId = "test-session-1";
    public const string OldHistory = "old-history-line-from-an-earlier-session\n";

    public string? Skipped { get; }
    public string Work { get; } = Directory.CreateTempSubdirectory("drec-hook-").FullName;
    public string Home => Path.Combine(Work, "home");
    public string Dir => Path.Combine(Work, "session");
    public string RmDir => Path.Combine(Work, "rm-session");
    public string Transcript { get; } = "";
    public string RmTranscript { get; } = "";
    internal IReadOnlyList<SpoolRecord> Records { get; } = [];
    internal IReadOnlyList<SpoolRecord> RmRecords { get; } = [];

    public BashHookSessions()
    {
        var driver = FindDriver();
        if (driver is null)
        {
            Skipped = "../shared/tools/ptydrive.py not found beside the repository";
            return;
        }
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Skipped = "needs a Unix pseudo-terminal";
            return;
        }

        Directory.CreateDirectory(Home);
        File.WriteAllText(Path.Combine(Home, ".bashrc"), """
            PS1='custom-prompt\$ '
            alias ll='echo ALIAS-OK'
            HISTCONTROL=ignoreboth
            HISTSIZE=1000
            PROMPT_COMMAND='PC_FROM_BASHRC=1'
            trap 'echo bye-from-bashrc' EXIT
            """.Replace("\r", ""));
        File.WriteAllText(Path.Combine(Home, ".bash_history"), OldHistory);
        File.WriteAllText(Path.Combine(Home, "home.txt"), "in home\n");
        var bin = Directory.CreateDirectory(Path.Combine(Work, "bin")).FullName;
        var nano = Path.Combine(bin, "nano");
        // a stand-in editor: appends a line to every file argument (options and +N skipped)
        File.WriteAllText(nano, "#!/bin/sh\nfor a in \"$@\"; do case $a in -*|+*) ;; *) printf 'edited\\n' >> \"$a\" ;; esac; done\n");
        File.SetUnixFileMode(nano, (UnixFileMode)0b111_101_101);
        var sudo = Path.Combine(bin, "sudo");
        // a stand-in sudo: drops its options and runs the command
        File.WriteAllText(sudo, "#!/bin/sh\nwhile [ $# -gt 0 ]; do case $1 in -u) shift 2 ;; -*) shift ;; *) break ;; esac; done\nexec \"$@\"\n");
        File.SetUnixFileMode(sudo, (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(Path.Combine(Work, "sub dir"));
        File.WriteAllText(Path.Combine(Work, "sub dir", "conf.txt"), "key=1\n");

        var main = $"""
            echo hello
            ll
            false | true
            false
            nosuchcmd_drec_xyz
            cat > heredoc.txt <<'EOF'
            line one
            $HOME stays
            EOF

            # just a comment
            <C-C>
            #!open sleep 5
            #!raw <C-C>
            cd /tmp && export A=1 B='x y'
            unset A
            echo )
            cd '{Work}'
            nano notes.txt
            command nano +3 'sub dir/conf.txt'
            env EDITOR=x nano -w ~/home.txt
            sudo -u root nano {Work}/abs.txt
            echo "pc=$PC_FROM_BASHRC"
            PROMPT_COMMAND='echo pc-user'
            history -c
            HISTCONTROL=ignorespace
             echo leading-space
            unset PROMPT_COMMAND
            echo after-unset
            exit 3
            """;
        var rm = $"""
            HISTTIMEFORMAT='%F %T '
            echo before
            rm -rf '{RmDir}'; echo gone
            echo back
            exit
            """;
        var mainRun = Task.Run(() => Run(driver, main, Dir, bin));
        var rmRun = Task.Run(() => Run(driver, rm, RmDir, bin));
        Transcript = mainRun.GetAwaiter().GetResult();
        RmTranscript = rmRun.GetAwaiter().GetResult();
        Records = SpoolReader.ReadAll(File.ReadAllBytes(Path.Combine(Dir, "events")));
        RmRecords = SpoolReader.ReadAll(File.ReadAllBytes(Path.Combine(RmDir, "events")));
    }

    string Run(string driver, string session, string dir, string bin)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "rc"), BashHook.Script);
        File.WriteAllText(Path.Combine(dir, "events"), "");
        var sessionFile = Path.Combine(Work, Path.GetFileName(dir) + ".keys");
        File.WriteAllText(sessionFile, session.Replace("\r", "") + "\n");

        var psi = new ProcessStartInfo("python3")
        {
            WorkingDirectory = Work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { driver, sessionFile, "--", "bash", "--rcfile", Path.Combine(dir, "rc"), "-i" })
            psi.ArgumentList.Add(arg);
        psi.Environment.Clear();
        psi.Environment["PATH"] = bin + ":" + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin");
        psi.Environment["HOME"] = Home;
        psi.Environment["LANG"] = "C.UTF-8";
        psi.Environment["DREC_DIR"] = dir;
        psi.Environment["DREC_SESSION"] = SessionId;
        psi.Environment["PTYDRIVE_QUIET"] = "0.3";
        psi.Environment["PTYDRIVE_TIMEOUT"] = "20";

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("python3 did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the pty session did not finish within 120 s");
        }
        return output.GetAwaiter().GetResult() + error.GetAwaiter().GetResult();
    }

    static string? FindDriver() => Repository.Shared("tools", "ptydrive.py") is var path && File.Exists(path) ? path : null;

    public void Dispose()
    {
        try { Directory.Delete(Work, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The hook in a real bash: what one session leaves in the spool (see <see cref="BashHookSessions"/>).</summary>
[Trait("Category", "Shell")]
public sealed class BashHookTests(BashHookSessions sessions, ITestOutputHelper output) : IClassFixture<BashHookSessions>
{
    bool Ready()
    {
        if (sessions.Skipped is null) return true;
        if (Environment.GetEnvironmentVariable("CI") == "true")
            Assert.Fail($"The bash hook tests cannot run: {sessions.Skipped}.");
        output.WriteLine($"SKIPPED: {sessions.Skipped}");
        return false;
    }

    IReadOnlyList<SpoolRecord> Commands => [.. sessions.Records.Where(r => r.Kind == "cmd")];

    SpoolRecord Line(string cmd)
    {
        var matches = Commands.Where(r => r.Get("cmd") == cmd).ToList();
        if (matches.Count != 1)
            Assert.Fail($"expected one record of `{cmd}`, found {matches.Count}. Records:\n{Dump(sessions.Records)}\nTranscript:\n{sessions.Transcript}");
        return matches[0];
    }

    static string Dump(IEnumerable<SpoolRecord> records) =>
        string.Join("\n", records.Select(r => string.Join(" | ", r.Fields.Where(f => f.Key != "env" || r.Kind != "start").Select(f => $"{f.Key}={f.Value}"))));

    [Fact]
    public void Start_record_has_the_session_and_the_environment_without_the_hook_variables()
    {
        if (!Ready()) return;
        var start = sessions.Records[0];
        Assert.Equal("start", start.Kind);
        Assert.Equal(BashHookSessions.SessionId, start.Get("session"));
        Assert.Null(start.Get("error"));
        Assert.StartsWith("5.", start.Get("bash") ?? "4.");
        Assert.Equal(sessions.Work, start.Get("pwd"));
        Assert.Matches("^[0-7]{3,4}$", start.Get("umask"));
        var env = start.GetAll("env");
        Assert.Contains($"HOME={sessions.Home}", env);
        Assert.DoesNotContain(env, e => e.StartsWith("DREC_", StringComparison.Ordinal) || e.StartsWith("__drec", StringComparison.Ordinal));
        Assert.Equal("exit", sessions.Records[^1].Kind);
    }

    [Fact]
    public void Each_line_is_recorded_once_in_order_and_the_history_file_is_not_replayed()
    {
        if (!Ready()) return;
        var seqs = Commands.Select(r => int.Parse(r.Get("seq")!)).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count), seqs);
        Assert.DoesNotContain(Commands, r => r.Get("cmd")!.Contains("old-history-line", StringComparison.Ordinal));
        var hello = Line("echo hello");
        Assert.Equal("1", hello.Get("seq"));
        Assert.Equal("1", hello.Get("ran"));
        Assert.Equal("0", hello.Get("status"));
        Assert.Equal(sessions.Work, hello.Get("pwd_before"));
        Assert.True(long.Parse(hello.Get("t0")!) <= long.Parse(hello.Get("t1")!));
        Assert.Equal(sessions.Records[0].Get("pid"), hello.Get("pid"));
        Assert.Equal(sessions.Records[0].Get("uid"), hello.Get("uid"));
    }

    [Fact]
    public void The_users_bashrc_still_applies()
    {
        if (!Ready()) return;
        Assert.Contains("custom-prompt", sessions.Transcript);
        Assert.Contains("ALIAS-OK", sessions.Transcript);
        Line("ll");
    }

    [Fact]
    public void The_users_prompt_command_and_exit_trap_still_run()
    {
        if (!Ready()) return;
        Assert.Contains("pc=1", sessions.Transcript);
        Assert.Contains("bye-from-bashrc", sessions.Transcript);
    }

    [Fact]
    public void A_typed_here_document_is_one_record_with_its_exact_text()
    {
        if (!Ready()) return;
        var record = Commands.Single(r => r.Get("cmd")!.StartsWith("cat > heredoc.txt", StringComparison.Ordinal));
        Assert.Equal("cat > heredoc.txt <<'EOF'\nline one\n$HOME stays\nEOF", record.Get("cmd")!.TrimEnd('\n'));
        Assert.Equal("line one\n$HOME stays\n", File.ReadAllText(Path.Combine(sessions.Work, "heredoc.txt")));
    }

    [Fact]
    public void Statuses_pipestatus_and_ctrl_c()
    {
        if (!Ready()) return;
        var pipe = Line("false | true");
        Assert.Equal("0", pipe.Get("status"));
        Assert.Equal("1 0", pipe.Get("pipestatus"));
        Assert.Equal("1", Line("false").Get("status"));
        Assert.Equal("127", Line("nosuchcmd_drec_xyz").Get("status"));
        Assert.Equal("130", Line("sleep 5").Get("status"));
    }

    [Fact]
    public void Empty_lines_comments_and_ctrl_c_at_the_prompt_leave_no_record()
    {
        if (!Ready()) return;
        Assert.DoesNotContain(Commands, r => r.Get("cmd") is "" && r.Get("cmd_unknown") is null);
        Assert.DoesNotContain(Commands, r => r.Get("cmd")!.Contains("just a comment", StringComparison.Ordinal));
        // the line before the empty line, the comment and the Ctrl-C is the here-document; the next is sleep
        var heredoc = Commands.Single(r => r.Get("cmd")!.StartsWith("cat > heredoc.txt", StringComparison.Ordinal));
        var sleep = Line("sleep 5");
        Assert.Equal(int.Parse(heredoc.Get("seq")!) + 1, int.Parse(sleep.Get("seq")!));
    }

    [Fact]
    public void Cwd_and_environment_changes()
    {
        if (!Ready()) return;
        var export = Line("cd /tmp && export A=1 B='x y'");
        Assert.Equal(sessions.Work, export.Get("pwd_before"));
        Assert.Equal("/tmp", export.Get("pwd"));
        Assert.Equal(["A=1", "B=x y"], export.GetAll("env"));
        Assert.Empty(export.GetAll("unenv"));
        var unset = Line("unset A");
        Assert.Equal("/tmp", unset.Get("pwd_before"));
        Assert.Equal(["A"], unset.GetAll("unenv"));
        Assert.Empty(unset.GetAll("env"));
        Assert.Empty(Line("false").GetAll("env"));
    }

    [Fact]
    public void A_syntax_error_is_recorded_as_not_run()
    {
        if (!Ready()) return;
        var record = Line("echo )");
        Assert.Equal("0", record.Get("ran"));
        Assert.Equal("2", record.Get("status"));
        Assert.Equal("", record.Get("t0"));
    }

    [Fact]
    public void Files_given_to_an_editor_are_copied_after_it_exits()
    {
        if (!Ready()) return;
        var files = Path.Combine(sessions.Dir, "files");
        void AssertCapture(string cmd, string path, string content)
        {
            var record = Line(cmd);
            var seq = record.Get("seq");
            Assert.Equal([path], record.GetAll("capture"));
            Assert.Equal([$"{seq}-1"], record.GetAll("capture_file"));
            var i = record.Fields.ToList().FindIndex(f => f.Key == "capture");
            Assert.Equal("capture_file", record.Fields[i + 1].Key);
            Assert.Equal(content, File.ReadAllText(Path.Combine(files, $"{seq}-1")));
        }
        AssertCapture("nano notes.txt", Path.Combine(sessions.Work, "notes.txt"), "edited\n");
        AssertCapture("command nano +3 'sub dir/conf.txt'", Path.Combine(sessions.Work, "sub dir", "conf.txt"), "key=1\nedited\n");
        AssertCapture("env EDITOR=x nano -w ~/home.txt", Path.Combine(sessions.Home, "home.txt"), "in home\nedited\n");
        var abs = Path.Combine(sessions.Work, "abs.txt");
        AssertCapture($"sudo -u root nano {abs}", abs, "edited\n");
        Assert.Empty(Line("echo hello").GetAll("capture"));
    }

    [Fact]
    public void Recording_survives_prompt_command_and_history_tampering()
    {
        if (!Ready()) return;
        // PROMPT_COMMAND replaced, then history -c: the replacing line's text is gone with the history; both lines
        // still count (missed / cmd_unknown) and recording goes on.
        var cleared = Commands.Where(r => r.Get("cmd_unknown") == "1").ToList();
        Assert.Equal(2, cleared.Count);
        Assert.Equal("0", Line("HISTCONTROL=ignorespace").Get("status"));
        Line(" echo leading-space");
        var unset = Line("unset PROMPT_COMMAND");
        Assert.Equal("1", unset.Get("missed"));
        var after = Line("echo after-unset");
        Assert.Equal("0", after.Get("status"));
        Assert.Equal(int.Parse(unset.Get("seq")!) + 1, int.Parse(after.Get("seq")!));
        var exit = Line("exit 3");
        Assert.Equal("3", exit.Get("status"));
        Assert.Equal("3", sessions.Records[^1].Get("status"));
    }

    [Fact]
    public void Nothing_is_written_to_the_history_file()
    {
        if (!Ready()) return;
        Assert.Equal(BashHookSessions.OldHistory, File.ReadAllText(Path.Combine(sessions.Home, ".bash_history")));
    }

    [Fact]
    public void Recording_goes_on_after_the_session_directory_is_deleted()
    {
        if (!Ready() || OperatingSystem.IsWindows()) return;
        // the earlier records went with the directory (the Docker side has streamed them by then); the line that
        // deleted it is the first record of the new spool
        // (HISTTIMEFORMAT is set in this session: the text must come without the time stamp)
        Assert.Equal([$"rm -rf '{sessions.RmDir}'; echo gone", "echo back", "exit"],
            sessions.RmRecords.Where(r => r.Kind == "cmd").Select(r => r.Get("cmd")));
        Assert.Equal("exit", sessions.RmRecords[^1].Kind);
        Assert.Equal((UnixFileMode)0b1_111_111_111, File.GetUnixFileMode(sessions.RmDir) & (UnixFileMode)0b1_111_111_111);
        Assert.Equal((UnixFileMode)0b110_110_110, File.GetUnixFileMode(Path.Combine(sessions.RmDir, "events")));
    }

    [Fact]
    public async Task Without_DREC_DIR_the_shell_says_it_is_not_recorded()
    {
        if (!Ready()) return;
        var rc = Path.Combine(sessions.Work, "plain-rc");
        File.WriteAllText(rc, BashHook.Script);
        var psi = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--rcfile", rc, "-i" }) psi.ArgumentList.Add(arg);
        psi.Environment.Remove("DREC_DIR");
        psi.Environment["HOME"] = sessions.Work;
        using var process = Process.Start(psi)!;
        process.StandardInput.Write("echo $PROMPT_COMMAND; exit\n");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Contains("NOT being recorded", await stderr);
        Assert.DoesNotContain("__drec", stdout);
    }

    [Fact]
    public void Embedded_script_is_the_hook()
    {
        Assert.StartsWith("# drec recording hook for an interactive bash", BashHook.Script);
        Assert.DoesNotContain("\r", BashHook.Script);
        Assert.Contains("__drec_precmd()", BashHook.Script);
    }
}
