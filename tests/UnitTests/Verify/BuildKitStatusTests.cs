using System.Text;
using DockerRecord.Cli.Verify;

namespace DockerRecord.UnitTests.Verify;

public sealed class BuildKitStatusTests
{
    [Fact]
    public void A_status_message_from_the_engine_decodes_to_its_step()
    {
        // a real message of engine 20.10: "[3/4] RUN --mount=type=secret,id=tok …" failing with "no active sessions"
        const string aux = "Cp4CCkdzaGEyNTY6YzJkYWViMjUyY2ZjNTBmZjk5ZDI1NzYwZWVmMDEyOWU2YzFmNzZhOTQzMWYwMjY0ODY3MWJiMDhhYTU2OTMxYxJHc2hhMjU2OjBlMzRkZjkwMzQ4MzU0Y2YzMGZhMjUzNTBhODY2NmU5YWNmOTc1ODFjMTUwMDAxZDM1NWJmYzJiNjEzNTBhMzMaXFszLzRdIFJVTiAtLW1vdW50PXR5cGU9c2VjcmV0LGlkPXRvayBjYXQgL3J1bi9zZWNyZXRzL3RvayAyPi9kZXYvbnVsbDsgZWNobyBkb25lID4gL29wdC9kb25lKgsIxb6o2AYQ05ShGjILCMW+qNgGEKjYhDc6Em5vIGFjdGl2ZSBzZXNzaW9ucw==";
        var status = BuildKitStatus.Decode(aux);
        var vertex = Assert.Single(status.Vertices);
        Assert.Equal("sha256:c2daeb252cfc50ff99d25760eef0129e6c1f76a9431f02648671bb08aa56931c", vertex.Digest);
        Assert.Equal("[3/4] RUN --mount=type=secret,id=tok cat /run/secrets/tok 2>/dev/null; echo done > /opt/done", vertex.Name);
        Assert.True(vertex.Started);
        Assert.True(vertex.Completed);
        Assert.Equal("no active sessions", vertex.Error);
    }

    [Fact]
    public void Logs_carry_their_step_stream_and_bytes()
    {
        // StatusResponse { logs: [ VertexLog { vertex: "sha256:x", stream: 2, msg: "oops\n" } ] }
        var log = new List<byte> { 0x0a, 8 };
        log.AddRange("sha256:x"u8.ToArray());
        log.AddRange([0x18, 2, 0x22, 5]);
        log.AddRange("oops\n"u8.ToArray());
        var message = new List<byte> { 0x1a, (byte)log.Count };
        message.AddRange(log);
        var status = BuildKitStatus.Decode(Convert.ToBase64String([.. message]));
        var entry = Assert.Single(status.Logs);
        Assert.Equal(("sha256:x", 2, "oops\n"), (entry.Vertex, entry.Stream, Encoding.UTF8.GetString(entry.Message)));
    }

    [Fact]
    public void Step_output_split_across_messages_is_joined_into_lines()
    {
        var log = new StringWriter();
        var progress = new BuildProgress(log, null);
        progress.Announce("d1", "[2/3] RUN cp /a /b", cached: false);
        progress.Output("d1", "cp: ");
        progress.Output("d1", "cannot stat '/a'\nnext");
        progress.Fail("d1", "exit code: 1");
        Assert.Equal(["cp: cannot stat '/a'", "next"], progress.Failed!.LastLines);
        Assert.Equal(("RUN cp /a /b", 2), progress.Failed.Instruction);
    }
}
