using DockerRecord.Passes;
using DockerRecord.Passes.Files;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

public sealed class HereDocPassTests
{
    static CompiledTrace Typed(string line, CompileOptions? options = null) =>
        CompiledTrace.Of(new TraceBuilder().Command(line, r => r with { Changes = new([], ["/x"], []) }), options);

    /// <summary>
    /// The line through the here-document pass alone: in a full compile drop-no-effect drops a read-only line
    /// (<c>grep x &lt;&lt;&lt; "a b"</c>) and the state pass turns a leading <c>cd</c> into WORKDIR.
    /// </summary>
    static CompiledTrace HereDocsOnly(string line) =>
        CompiledTrace.Through(new TraceBuilder().Command(line, r => r with { Changes = new([], ["/x"], []) }), new HereDocPass());

    [Theory]
    [InlineData("cat > /etc/a.conf <<'EOF'\nx = $HOME\nEOF", "x = $HOME\n")]
    [InlineData("cat <<EOF >/etc/a.conf\nplain \\$text\nEOF", "plain $text\n")]
    [InlineData("tee /etc/a.conf <<EOF\nplain\nEOF", "plain\n")]
    [InlineData("cat >| /etc/a.conf <<-EOF\n\tindented\n\tEOF", "indented\n")]
    public void A_literal_file_write_becomes_a_copy(string line, string content)
    {
        var compiled = Typed(line);
        Assert.Contains("COPY rootfs/etc/a.conf /etc/a.conf\n", compiled.Dockerfile);
        Assert.Equal(content, Assert.Single(compiled.Program.ContextFiles).Text);
        Assert.DoesNotContain("RUN", compiled.Dockerfile.Replace("SHELL", ""));
    }

    [Theory]
    [InlineData("cat > /etc/a <<EOF\nhome=$HOME\nEOF", "RUN printf '%s\\n' \"home=$HOME\" >/etc/a")]
    [InlineData("cat >> /etc/a <<'EOF'\nmore\nEOF", "RUN printf '%s\\n' 'more' >>/etc/a")]
    [InlineData("tee -a /etc/a <<EOF\nmore\nEOF", "RUN printf '%s\\n' 'more' | tee -a /etc/a")]
    [InlineData("mysql <<EOF\nCREATE DATABASE a;\nEOF", "RUN printf '%s\\n' 'CREATE DATABASE a;' | mysql")]
    [InlineData("grep x <<< \"a b\"", "RUN printf '%s\\n' \"a b\" | grep x")]
    [InlineData("read a b <<< 'x y'", "RUN read a b < <(printf '%s\\n' 'x y')")]
    [InlineData("cat <<EOF | grep q\nsay \"q\"\nEOF", "RUN printf '%s\\n' 'say \"q\"' | cat | grep q")]
    public void Other_here_documents_become_printf(string line, string expected)
    {
        Assert.Contains(expected + "\n", HereDocsOnly(line).Dockerfile);
    }

    [Fact]
    public void Expanding_lines_keep_quotes_and_escapes()
    {
        var dockerfile = Typed("cat > /a <<EOF\nq=\"$X\" b=\\\\ c=\\$y\nEOF").Dockerfile;
        Assert.Contains("RUN printf '%s\\n' \"q=\\\"$X\\\" b=\\\\ c=\\$y\" >/a\n", dockerfile);
    }

    [Fact]
    public void A_here_document_bash_read_to_the_end_of_the_line_is_reported_at_its_command()
    {
        var compiled = Typed("cat > /etc/x <<EOF\nline1\nline2");
        var warning = Assert.Single(compiled.Compilation.Diagnostics, d => d.Code == "DR1006");
        Assert.StartsWith("session-1:1:", warning.ToString());
    }

    [Theory]
    [InlineData("cat > /opt/x <<'#<x'\nUSER PWNED\n#<x")] // BuildKit takes no word with a second < for a here-document
    [InlineData("cat > /opt/x <<''\nUSER PWNED\n")] // nor an empty name
    [InlineData("cat > /opt/x <<A; cat > /opt/y <<B\nUSER PWNED\nA\nb\nB")] // `<<A;` would be the name `A;`
    public void Here_documents_BuildKit_would_read_differently_go_in_exec_form(string line)
    {
        var dockerfile = Typed(line, CompileOptions.Default with { Syntax = "1.4" }).Dockerfile;
        Assert.DoesNotContain("\nUSER PWNED", dockerfile);
        Assert.Contains("RUN [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\", \"cat >/opt/x <<", dockerfile);
    }

    [Fact]
    public void Syntax_1_4_keeps_here_documents()
    {
        var dockerfile = Typed("cat > /etc/a <<EOF\nhome=$HOME\nEOF", CompileOptions.Default with { Syntax = "1.4" }).Dockerfile;
        Assert.Contains("RUN cat >/etc/a <<EOF\nhome=$HOME\nEOF\n", dockerfile);
    }

    [Fact]
    public void A_relative_target_after_cd_in_the_same_line_keeps_the_printf_form()
    {
        var dockerfile = HereDocsOnly("cd /tmp && cat > a <<EOF\nx\nEOF").Dockerfile;
        Assert.DoesNotContain("COPY", dockerfile);
        Assert.Contains("printf '%s\\n' 'x' >a", dockerfile);
    }

    [Fact]
    public void After_the_state_pass_a_cd_in_the_same_line_is_the_workdir_so_the_write_becomes_a_copy()
    {
        var compiled = CompiledTrace.Of(new TraceBuilder()
            .Command("cd /tmp && cat > a <<EOF\nx\nEOF", r => r with { Cwd = "/tmp", Changes = new(["/tmp/a"], [], []) }));
        Assert.Contains("COPY rootfs/tmp/a /tmp/a\n", compiled.Dockerfile);
        Assert.Equal("x\n", Assert.Single(compiled.Program.ContextFiles).Text);
    }
}
