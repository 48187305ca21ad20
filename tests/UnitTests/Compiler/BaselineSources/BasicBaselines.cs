using DockerRecord.Frontend.Trace;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler.BaselineSources;

static class BasicBaselines
{
    [BaselineTrace("basic-session")]
    static TraceBuilder BasicSession() => new TraceBuilder()
        .Command("ls /")
        .Command("cd /opt", r => r with { Cwd = "/opt" })
        .Command("mkdir app && cd app", r => r with { Cwd = "/opt/app", Changes = new FileChanges(["/opt/app"], [], []) })
        .Command("export GREETING=\"hello world\"", r => r with { EnvSet = new Dictionary<string, string> { ["GREETING"] = "hello world" } })
        .Command("echo \"$GREETING\" > greeting.txt", r => r with { Changes = new FileChanges(["/opt/app/greeting.txt"], [], []) })
        .Command("cat greeting.txt")
        .Command("false", r => r with { Status = 1 })
        .Command("for i in 1 2; do echo $i >> count.txt; done", r => r with { Changes = new FileChanges(["/opt/app/count.txt"], [], []) });
}
