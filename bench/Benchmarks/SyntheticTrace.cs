using System.Text.Json;
using DockerRecord.Frontend.Trace;

namespace DockerRecord.Benchmarks;

/// <summary>
/// A synthetic recorded session of any length for the compile benchmarks (<c>--write-trace DIR COMMANDS</c>): a
/// realistic mix, repeated with varying names so paths spread over many folders: apt installs, file writes with
/// their recorded changes, cd, export, reads and inspection, failures, here and there a user and a chown.
/// Deterministic: the same count gives the same trace.
/// </summary>
static class SyntheticTrace
{
    public static int Write(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[1], out var count) || count < 1)
        {
            Console.Error.WriteLine("usage: --write-trace DIR COMMANDS");
            return 2;
        }
        Write(args[0], count);
        return 0;
    }

    public static void Write(string directory, int count)
    {
        var start = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        // the session folder and session.json through the real writer; the command lines buffered (the writer
        // flushes each line, as the recorder must, which is slow for a million lines)
        using var writer = TraceWriter.StartSession(directory, number => new SessionInfo
        {
            Number = number, ContainerId = "0123456789ab", ContainerName = "bench", ImageReference = "debian:bookworm",
            Shell = "/bin/bash", User = "root", InitialDirectory = "/", InitialUid = 0, Start = start, End = start.AddHours(1),
            DrecVersion = "bench",
        });
        using var lines = new StreamWriter(Path.Combine(writer.SessionDirectory, "commands.jsonl"), append: false, new System.Text.UTF8Encoding(false), 1 << 20);
        var cwd = "/";
        var seq = 0;
        foreach (var (cmd, edit) in Commands(count))
        {
            var record = new CommandRecord { Seq = 0, Cmd = cmd, User = "root", Uid = 0, CwdBefore = cwd, Cwd = cwd };
            record = edit(record);
            cwd = record.Cwd ?? cwd;
            lines.Write(JsonSerializer.Serialize(record with { Seq = ++seq }, Json));
            lines.Write('\n');
        }
    }

    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    static IEnumerable<(string Cmd, Func<CommandRecord, CommandRecord> Edit)> Commands(int count)
    {
        var seq = 0;
        for (var round = 0; seq < count; round++)
        {
            var app = $"/opt/app{round % 500}";
            var module = $"{app}/mod{round / 500 % 100}";
            var conf = $"/etc/svc{round % 300}";
            var package = $"pkg{round % 997}";
            var user = $"user{round % 50}";
            (string, Func<CommandRecord, CommandRecord>)[] block =
            [
                ($"apt-get install -y {package}", r => r with { Changes = new([$"/usr/share/doc/{package}", $"/usr/bin/{package}"], ["/var/lib/dpkg/status"], []) }),
                ($"mkdir -p {module}", r => r with { Changes = new([module], [app], []) }),
                ($"cd {module}", r => r with { Cwd = module }),
                ($"export BUILD_{round % 40}=v{round}", r => r with { EnvSet = new Dictionary<string, string> { [$"BUILD_{round % 40}"] = $"v{round}" } }),
                ($"echo \"version $BUILD_{round % 40}\" > version.txt && cat version.txt", r => r with { Changes = new([$"{module}/version.txt"], [module], []) }),
                ($"ls -la {app}", r => r),
                ($"cp version.txt {conf}.conf", r => r with { Changes = new([$"{conf}.conf"], ["/etc"], []) }),
                ($"grep -r version {app} | head -n 3", r => r),
                ($"make -C {module} all", r => r with { Status = 2 }),
                ($"sed -i 's/version/v/' {conf}.conf", r => r with { Changes = new([], [$"{conf}.conf"], []) }),
                (round % 25 == 0 ? $"useradd -m {user}" : "true", r => round % 25 == 0 ? r with { Changes = new([$"/home/{user}"], ["/etc/passwd", "/etc/group"], []) } : r),
                ($"chown -R {(round % 25 == 0 ? user : "root")} {module}", r => r with { Changes = new([], [module], []) }),
                ($"tar czf /tmp/backup{round % 7}.tgz -C {app} . 2>/dev/null || echo failed", r => r with { Changes = new([$"/tmp/backup{round % 7}.tgz"], ["/tmp"], []) }),
                ("cd /", r => r with { Cwd = "/" }),
                ($"rm -rf {module}/cache", r => r),
                ($"for f in a b c; do printf '%s\\n' \"$f\" >> {app}/list.txt; done", r => r with { Changes = new([], [$"{app}/list.txt"], []) }),
            ];
            foreach (var command in block)
            {
                if (seq++ >= count) yield break;
                yield return command;
            }
        }
    }
}
