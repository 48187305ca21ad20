using Docker.DotNet;

namespace DockerRecord.Cli.Recording;

/// <summary>
/// drec's session folder in the container (<c>/dev/shm/.drec-&lt;12 hex digits&gt;</c>, else <c>/tmp</c>): the hook (rc),
/// the spool (events), the acknowledgement FIFO (ack) and copies of edited files (files/). It is made by its
/// <em>keeper</em>, the process that feeds the FIFO from drec (<see cref="AckChannel"/>), which names
/// <c>&lt;folder&gt;/ack</c> in its command line from before the folder exists until drec's connection closes. So a folder
/// without a keeper belongs to a drec that is gone (killed with SIGKILL, or its machine lost), and the next
/// <c>drec record</c> of the container removes it with the shells and helpers left behind.
/// </summary>
static class SessionFolder
{
    static readonly string[] s_roots = ["/dev/shm", "/tmp"];

    // the same pattern as the session id (6 random bytes in hex): never a hook's scratch file or anything else
    static readonly string s_pattern = ".drec-" + string.Concat(Enumerable.Repeat("[0-9a-f]", 12));

    /// <summary>Makes the session folder, in /dev/shm when it is writable (tmpfs: never in the container's diff, and not
    /// under /tmp, which people clean), else in /tmp; returns it with its keeper, the acknowledgement channel.</summary>
    public static async Task<(string Folder, AckChannel Ack)> CreateAsync(DockerClient client, string containerId, string session, CancellationToken cancellation)
    {
        foreach (var root in s_roots)
        {
            var folder = $"{root}/.drec-{session}";
            if (await AckChannel.StartAsync(client, containerId, folder, BashHook.Script, cancellation) is { } ack) return (folder, ack);
        }
        throw new RecorderException("cannot create drec's session folder in the container (neither /dev/shm nor /tmp is writable)");
    }

    /// <summary>
    /// Removes the session folders whose keeper is gone, and stops the processes that name them (the shell of that
    /// session, which ignores SIGTERM but not SIGHUP, and the spool follower). A running session always has its
    /// keeper, so it is never touched. Returns the folders removed.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RemoveStaleAsync(ContainerCommands commands, CancellationToken cancellation)
    {
        var globs = string.Join(' ', s_roots.Select(r => $"{r}/{s_pattern}"));
        var result = await commands.ShellAsync(
            $"for d in {globs}; do [ -d \"$d\" ] || continue; live=; " +
            "for p in /proc/[0-9]*/cmdline; do case \"$(tr '\\0' ' ' < \"$p\" 2>/dev/null)\" in *\"$d/ack\"*) live=1; break;; esac; done; " +
            "[ -n \"$live\" ] && continue; " + StopAndRemove + "[ -d \"$d\" ] || echo \"$d\"; done",
            cancellation);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Stops the processes that still name the folder (the keeper, the spool follower, a shell left behind) and removes it.</summary>
    public static async Task RemoveAsync(ContainerCommands commands, string folder) =>
        await commands.ShellAsync("d=$0; " + StopAndRemove, CancellationToken.None, folder);

    /// <summary>sh for the folder <c>$d</c>: SIGHUP to every other process whose command line names it, up to 2 s for them
    /// to end (then SIGKILL), then the folder removed.</summary>
    const string StopAndRemove =
        "pids=; for p in /proc/[0-9]*; do n=${p#/proc/}; [ \"$n\" = $$ ] && continue; " +
        "case \"$(tr '\\0' ' ' < \"$p/cmdline\" 2>/dev/null)\" in *\"$d\"*) pids=\"$pids $n\";; esac; done; " +
        "if [ -n \"$pids\" ]; then kill -HUP $pids 2>/dev/null; i=0; while [ $i -lt 20 ]; do alive=; " +
        "for n in $pids; do [ -d /proc/$n ] && alive=1; done; [ -z \"$alive\" ] && break; sleep 0.1; i=$((i+1)); done; " +
        "[ -n \"$alive\" ] && kill -KILL $pids 2>/dev/null; fi; rm -rf \"$d\"; ";
}
