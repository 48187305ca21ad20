using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes;
using DockerRecord.Passes.Files;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

public sealed class FilesPassTests
{
    static CompiledTrace EditAt(string cwd, string cmd, string captured, int mode = 0x1A4, int uid = 0) =>
        CompiledTrace.Of(new TraceBuilder()
            .Command($"cd {cwd}", r => r with { Cwd = cwd })
            .Command(cmd, r => r with { Changes = new FileChanges([], [captured], []) })
            .Capture(captured, "content\n", mode: mode, uid: uid, gid: uid));

    [Fact]
    public void An_editor_save_becomes_a_copy_in_place_of_the_editor()
    {
        var compiled = EditAt("/etc", "nano hosts", "/etc/hosts");
        Assert.Contains("COPY rootfs/etc/hosts /etc/hosts\n", compiled.Dockerfile);
        Assert.DoesNotContain("nano", compiled.Dockerfile);
        var file = Assert.Single(compiled.Program.ContextFiles);
        Assert.Equal("rootfs/etc/hosts", file.Path);
        Assert.Equal("content\n", File.ReadAllText(file.BlobPath!));
    }

    /// <summary>The trace of an editor save of /etc/hosts, its captured content replaced by <paramref name="replace"/>.</summary>
    static TraceContent EditWithContent(Action<string> replace)
    {
        var trace = new TraceBuilder()
            .Command("nano /etc/hosts", r => r with { Changes = new FileChanges([], ["/etc/hosts"], []) })
            .Capture("/etc/hosts", "content\n")
            .Build();
        var session = Assert.Single(trace.Sessions);
        var blob = Path.Combine(session.Directory, Assert.Single(session.Files).Blob!);
        File.Delete(blob);
        replace(blob);
        return trace;
    }

    [Fact]
    public void A_capture_that_cannot_be_read_when_the_secrets_pass_scans_it_is_left_out_with_the_same_warning()
    {
        // readable when the files pass copies it, unreadable by the time the secrets pass reads it
        var trace = EditWithContent(blob => File.WriteAllText(blob, "content\n"));
        var context = new CompilationContext(trace, CompileOptions.Default);
        var program = new DockerRecord.Passes.Lowering.LowerTracePass().Run(ImageProgram.Empty, context);
        program = new FilesPass().Run(program, context);
        var blob = Assert.Single(program.ContextFiles).BlobPath!;
        File.Delete(blob);
        File.CreateSymbolicLink(blob, SpecialFiles.Unreadable);

        program = new DockerRecord.Passes.Secrets.SecretsPass().Run(program, context);

        Assert.Empty(program.ContextFiles);
        Assert.Empty(program.OfType<CopyInstruction>());
        var warning = Assert.Single(context.SortedDiagnostics(), d => d.Code == "DR3032");
        Assert.Matches(@"^\S+/session-1/files\.jsonl:1:1: warning DR3032: `/etc/hosts` is not copied: its content `files/\S+` cannot be read: Input/output error$", warning.ToString());
    }

    [Fact]
    public void A_relative_capture_is_resolved_against_the_editor_directory()
    {
        var compiled = EditAt("/srv", "vi app.conf", "app.conf");
        Assert.Contains("COPY rootfs/srv/app.conf /srv/app.conf\n", compiled.Dockerfile);
    }

    [Fact]
    public void Owner_gets_chown_and_mode_goes_to_the_context_file()
    {
        var compiled = EditAt("/srv", "vim run.sh", "/srv/run.sh", mode: 0x1ED, uid: 1000);
        Assert.Contains("COPY --chown=1000:1000 rootfs/srv/run.sh /srv/run.sh\n", compiled.Dockerfile);
        Assert.Equal(0x1ED, Assert.Single(compiled.Program.ContextFiles).Mode);
    }

    [Fact]
    public void A_mode_without_owner_read_needs_chmod()
    {
        var compiled = EditAt("/srv", "vim secret", "/srv/secret", mode: 0x80 /* 0200 */);
        Assert.Contains("COPY --chmod=0200 rootfs/srv/secret /srv/secret\n", compiled.Dockerfile);
    }

    [Fact]
    public void Commands_around_the_editor_stay_around_the_copy()
    {
        var compiled = EditAt("/srv", "touch a && vim run.sh && chmod +x run.sh", "/srv/run.sh");
        var lines = compiled.Dockerfile.Split('\n');
        var copy = Array.IndexOf(lines, "COPY rootfs/srv/run.sh /srv/run.sh");
        Assert.True(copy > 0);
        Assert.Equal("RUN touch a", lines[copy - 1]);
        Assert.Equal("RUN chmod +x run.sh", lines[copy + 1]);
    }

    [Fact]
    public void The_same_path_edited_twice_gets_two_context_files()
    {
        var compiled = CompiledTrace.Of(new TraceBuilder()
            .Command("nano /etc/a").Capture("/etc/a", "one\n")
            .Command("nano /etc/a").Capture("/etc/a", "two\n"));
        Assert.Contains("COPY rootfs/etc/a /etc/a\n", compiled.Dockerfile);
        Assert.Contains("COPY rootfs-2/etc/a /etc/a\n", compiled.Dockerfile);
    }

    [Fact]
    public void Unexplained_final_changes_are_copied_with_a_warning_naming_them()
    {
        var compiled = CompiledTrace.Of(new TraceBuilder().Command("true").Capture("/etc/motd", "hi\n", reason: "final"));
        Assert.Contains("COPY rootfs/etc/motd /etc/motd\n", compiled.Dockerfile);
        Assert.Contains(compiled.Messages, m => m.Contains("DR3030") && m.Contains("/etc/motd"));
    }

    [Fact]
    public void Paths_are_normalised_and_never_leave_the_context()
    {
        Assert.Equal("/etc/passwd", ContainerPaths.Normalize("../../etc/./passwd", "/srv"));
        Assert.Null(ContainerPaths.Normalize("/.."));
        Assert.Equal("rootfs/srv/my_file_.txt", ContainerPaths.ContextPathFor("/srv/my file*.txt"));
        Assert.False(ContainerPaths.IsContained("../x"));
        Assert.False(ContainerPaths.IsContained("/etc/x"));
        Assert.True(ContainerPaths.IsContained("files/abc"));
    }

    [Fact]
    public void The_pass_is_idempotent_and_copies_saves_of_removed_editor_steps()
    {
        var trace = new TraceBuilder().Command("ls").Command("nano /etc/a").Capture("/etc/a", "x\n").Command("true").Build();
        var context = new CompilationContext(trace, CompileOptions.Default);
        var lowered = new DockerRecord.Passes.Lowering.LowerTracePass().Run(ImageProgram.Empty, context);
        // another pass already dropped the editor step
        var withoutEditor = lowered.WithInstructions(lowered.Instructions.Where(i => !(i is RunInstruction r && r.Steps[0].Typed.StartsWith("nano"))));
        var once = new FilesPass().Run(withoutEditor, context);
        var copy = Assert.Single(once.OfType<CopyInstruction>());
        var order = once.Instructions.Select(i => i.Keyword).ToList();
        Assert.Equal(["FROM", "SHELL", "RUN", "COPY", "RUN"], order);
        Assert.Same(once, new FilesPass().Run(once, context));
        Assert.Equal("/etc/a", copy.Destination);
    }

    [Fact]
    public void Links_and_folders_are_recreated_with_commands()
    {
        var compiled = CompiledTrace.Of(new TraceBuilder().Command("true").Link("/usr/bin/x", "../lib/x y").Folder("/data", mode: 0x1C0));
        Assert.Contains("RUN ln -sfn '../lib/x y' /usr/bin/x\n", compiled.Dockerfile);
        Assert.Contains("RUN mkdir -p /data && chmod 700 /data\n", compiled.Dockerfile);
    }

    [Fact]
    public void A_session_with_nothing_typed_keeps_the_links_found_at_its_end()
    {
        // no command, so no record for the step that makes the link (the reader refuses a capture naming no command:
        // TraceValidationTests)
        var compiled = CompiledTrace.Of(new TraceBuilder().Link("/opt/link", "/opt/x"));
        Assert.Contains("RUN ln -sfn /opt/x /opt/link\n", compiled.Dockerfile);
    }

    [Theory]
    [InlineData("vim f", "vim")]
    [InlineData("sudo -u www-data nano f", "nano")]
    [InlineData("/usr/bin/vi f", "vi")]
    [InlineData("sudo -e f", "sudoedit")]
    [InlineData("env EDITOR=x emacs f", "emacs")]
    [InlineData("cat f", null)]
    public void Editors_are_recognised(string line, string? editor)
    {
        var stmt = DockerRecord.Frontend.Parsing.ShellParser.Parse(line).File!.Stmts[0];
        Assert.Equal(editor, EditorPrograms.EditorOf(stmt));
    }
}
