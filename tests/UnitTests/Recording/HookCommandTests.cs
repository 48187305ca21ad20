using System.Diagnostics;
using DockerRecord.Cli;
using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;
using Xunit.Abstractions;

namespace DockerRecord.UnitTests.Recording;

/// <summary>
/// <c>drec hook bash --trace DIR</c>: its output sourced from a real ~/.bashrc, typed into through a pseudo-terminal
/// (../shared/tools/ptydrive.py), must leave a trace that <see cref="TraceReader"/> reads without a diagnostic.
/// </summary>
[Trait("Category", "Shell")]
public sealed class HookCommandTests(ITestOutputHelper output) : IDisposable
{
    readonly string _work = Directory.CreateTempSubdirectory("drec-hook-cmd-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await DrecCommand.Invoke(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("ash")]
    [InlineData("zsh")]
    public async Task Other_shells_are_refused_in_one_line(string shell)
    {
        var (exit, stdout, stderr) = await Run("hook", shell);
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        Assert.Empty(stdout);
        Assert.Equal($"drec hook: error: unsupported shell '{shell}'; drec hooks bash only (4.4 or newer; busybox ash, sh, zsh and fish are not supported)",
            stderr.TrimEnd());
    }

    [Fact]
    public async Task A_folder_that_is_not_a_trace_is_refused_in_one_line()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work, "busy")).FullName;
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine\n");
        var (exit, stdout, stderr) = await Run("hook", "bash", "--trace", folder);
        Assert.Equal(ExitCodes.UsageOrEnvironment, exit);
        Assert.Empty(stdout);
        Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.Contains("is not a drec trace", stderr);
    }

    [Fact]
    public async Task The_hook_names_the_trace_folder_quoted_for_bash()
    {
        var folder = Path.Combine(_work, "it's here");
        var (exit, stdout, _) = await Run("hook", "bash", "--trace", folder);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("__drec_trace='" + folder.Replace("'", "'\\''") + "'\n", stdout);
    }

    [Fact]
    public async Task Typed_lines_become_a_trace_that_the_reader_reads()
    {
        var driver = FindDriver();
        if (driver is null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail("../shared/tools/ptydrive.py not found");
            output.WriteLine("SKIPPED: ../shared/tools/ptydrive.py not found beside the repository");
            return;
        }
        var trace = Path.Combine(_work, "t.drec");
        var (exit, hook, _) = await Run("hook", "bash", "--trace", trace);
        Assert.Equal(ExitCodes.Success, exit);
        var home = Directory.CreateDirectory(Path.Combine(_work, "home")).FullName;
        File.WriteAllText(Path.Combine(_work, "hook.bash"), hook);
        File.WriteAllText(Path.Combine(home, ".bashrc"), $"""
            PS1='me\$ '
            alias ll='echo ALIAS-OK'
            HISTCONTROL=ignoreboth
            source '{_work}/hook.bash'
            source '{_work}/hook.bash'
            echo rest-of-bashrc
            """.Replace("\r", ""));

        var first = Type(driver, home, """
            echo "tab<C-V><TAB>ctl<C-V><C-A>quote\"back\\"
            ll
            cd /tmp && export GREETING='hi there'
            false | true
            cat > /dev/null <<'EOF'
            body
            EOF
            echo )
            exit 3
            """);
        var second = Type(driver, home, "echo second\nexit\n");
        output.WriteLine(first);

        Assert.Contains("ALIAS-OK", first);
        Assert.Contains("rest-of-bashrc", first);
        var result = TraceReader.Read(trace);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(2, result.Trace!.Sessions.Count);
        var session = result.Trace.Sessions[0];
        Assert.Equal(Environment.MachineName, session.Info.Host);
        Assert.Equal("", session.Info.ContainerId);
        Assert.Equal(3, session.Info.ExitStatus);
        Assert.NotNull(session.Info.End);
        Assert.Equal(home, session.Info.Environment["HOME"]);
        Assert.Equal(_work, session.Info.InitialDirectory);

        var commands = session.Commands;
        Assert.Equal(
            ["echo \"tab\tctl\u0001quote\\\"back\\\\\"", "ll", "cd /tmp && export GREETING='hi there'", "false | true",
                "cat > /dev/null <<'EOF'\nbody\nEOF", "echo )", "exit 3"],
            commands.Select(c => c.Cmd));
        Assert.Equal(Enumerable.Range(1, commands.Count), commands.Select(c => c.Seq));
        Assert.Equal("/tmp", commands[2].Cwd);
        Assert.Equal(_work, commands[2].CwdBefore);
        Assert.Equal("hi there", commands[2].EnvSet["GREETING"]);
        Assert.Equal([1, 0], commands[3].Pipestatus);
        Assert.False(commands[5].Ran);
        Assert.All(commands.Where(c => c.Ran), c => Assert.True(c.Start <= c.End));
        Assert.All(commands, c => Assert.True(c.Changes.IsEmpty));

        Assert.Equal(["echo second", "exit"], result.Trace.Sessions[1].Commands.Select(c => c.Cmd));
        Assert.Contains("second", second);
        // the spool is gone; the user's history file is still written
        Assert.False(File.Exists(Path.Combine(session.Directory, "events")));
        Assert.Contains("echo second", File.ReadAllText(Path.Combine(home, ".bash_history")));
    }

    string Type(string driver, string home, string keys)
    {
        var file = Path.Combine(_work, Guid.NewGuid().ToString("N") + ".keys");
        File.WriteAllText(file, keys.Replace("\r", "") + "\n");
        var start = new ProcessStartInfo("python3") { WorkingDirectory = _work, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { driver, file, "--", "bash", "-i" }) start.ArgumentList.Add(arg);
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        start.Environment["HOME"] = home;
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["PTYDRIVE_QUIET"] = "0.3";
        start.Environment["PTYDRIVE_TIMEOUT"] = "20";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the pty session did not finish");
        }
        return stdout.Result + stderr.Result;
    }

    static string? FindDriver() => Repository.Shared("tools", "ptydrive.py") is var path && File.Exists(path) ? path : null;
}
