using DockerRecord.Cli.Verify;
using DockerRecord.Frontend.Diagnostics;

namespace DockerRecord.UnitTests.Verify;

public sealed class DockerfileDocumentTests
{
    const string Text = """
        # syntax=docker/dockerfile:1.4
        FROM debian:bookworm

        # session 1, commands 3-5, 8; session 2, command 1
        RUN apt-get update \
            # a comment inside the continuation
            && apt-get install -y nginx
        COPY --chmod=644 rootfs/etc/nginx/nginx.conf /etc/nginx/nginx.conf
        WORKDIR /srv
        RUN make
        RUN make
        CMD ["nginx", "-g", "daemon off;"]
        """;

    [Fact]
    public void Instructions_have_lines_joined_text_and_annotated_provenance()
    {
        var document = DockerfileDocument.Parse(Text);
        Assert.Equal(["FROM", "RUN", "COPY", "WORKDIR", "RUN", "RUN", "CMD"], document.Instructions.Select(i => i.Keyword));
        var run = document.Instructions[1];
        Assert.Equal((5, 7), (run.StartLine, run.EndLine));
        Assert.Equal("RUN apt-get update && apt-get install -y nginx", run.Normalized);
        Assert.Equal(
            [new TraceLocation(1, 3), new(1, 4), new(1, 5), new(1, 8), new(2, 1)],
            run.Provenance);
        Assert.Empty(document.Instructions[2].Provenance);
        Assert.Same(run, document.AtLine(6));
    }

    [Fact]
    public void A_step_is_found_by_its_text_and_by_its_number_when_the_text_repeats()
    {
        var document = DockerfileDocument.Parse(Text);
        Assert.Equal(5, document.FindStep("RUN apt-get update     && apt-get install -y nginx", 2)!.StartLine);
        // FROM, RUN, COPY, WORKDIR, RUN, RUN: the sixth step is the second `RUN make`
        Assert.Equal(11, document.FindStep("RUN make", 6)!.StartLine);
        Assert.Equal(10, document.FindStep("RUN make", 5)!.StartLine);
        // a name the engine changed still finds its instruction by number
        Assert.Equal(5, document.FindStep("RUN something else", 2)!.StartLine);
        Assert.Null(document.FindStep("RUN something else", null));
    }

    [Theory]
    [InlineData("session 1, command 2", "session-1:2")]
    [InlineData("session 2, commands 1-3", "session-2:1 session-2:2 session-2:3")]
    [InlineData("syntax=docker/dockerfile:1.4", null)]
    [InlineData("added by drec verify --fix", null)]
    public void Provenance_comments_are_read_back(string comment, string? expected)
    {
        var locations = DockerfileDocument.ParseProvenance(comment);
        Assert.Equal(expected, locations is null ? null : string.Join(' ', locations));
    }
}
