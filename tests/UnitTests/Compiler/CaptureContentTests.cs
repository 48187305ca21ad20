using System.Diagnostics;
using DockerRecord.Backend;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes;
using DockerRecord.Passes.Files;
using DockerRecord.Passes.Secrets;
using DockerRecord.UnitTests.Support;

namespace DockerRecord.UnitTests.Compiler;

/// <summary>
/// A captured file's content goes into the build context only when it is a regular file inside the trace folder
/// (links resolved) with the size and sha256 its files.jsonl line gives; anything else is a one-line warning at that
/// line, and no COPY. Nothing from outside the trace ever reaches the context, and no read is unbounded.
/// </summary>
public sealed class CaptureContentTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("drec-capture-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    const string Content = "content\n";

    /// <summary>
    /// A trace whose one capture (/etc/hosts, saved in nano) has its content replaced by <paramref name="replace"/>
    /// (given the blob's path); returns the trace folder.
    /// </summary>
    string TraceWithContent(Action<string> replace, string name = "t.drec")
    {
        var folder = new TraceBuilder()
            .Command("nano /etc/hosts", r => r with { Changes = new FileChanges([], ["/etc/hosts"], []) })
            .Capture("/etc/hosts", Content)
            .WriteTo(Path.Combine(_dir, name));
        var blob = Directory.GetFiles(Path.Combine(folder, "session-1", "files")).Single();
        replace(blob);
        return folder;
    }

    static Compilation Compile(string traceFolder) =>
        DockerRecord.Passes.Compiler.Compile(TraceReader.Read(traceFolder).Trace!, CompileOptions.Default);

    static string FilesLine(string traceFolder) => Path.Combine(traceFolder, "session-1", "files.jsonl") + ":1:1";

    /// <summary>The one warning about the capture, which is not copied.</summary>
    static string NotCopied(Compilation compilation)
    {
        Assert.Empty(compilation.Program.ContextFiles);
        Assert.Empty(compilation.Program.OfType<CopyInstruction>());
        return Assert.Single(compilation.Diagnostics, d => d.Code is "DR3031" or "DR3032").ToString();
    }

    static void Replace(string blob, string content)
    {
        File.Delete(blob);
        File.WriteAllText(blob, content);
    }

    [Fact]
    public void A_link_to_a_device_is_refused_at_once_without_reading_it()
    {
        var trace = TraceWithContent(blob =>
        {
            File.Delete(blob);
            File.CreateSymbolicLink(blob, "/dev/zero");
        });
        var clock = Stopwatch.StartNew();
        var warning = NotCopied(Compile(trace));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Matches($@"^{Escaped(FilesLine(trace))}: warning DR3031: `/etc/hosts` is not copied: its content `files/\w+` leads to `/dev/zero`, outside the trace folder$", warning);
    }

    [Fact]
    public void A_fifo_is_refused_without_blocking()
    {
        var trace = TraceWithContent(blob =>
        {
            File.Delete(blob);
            SpecialFiles.MakeFifo(blob);
        });
        var warning = NotCopied(SpecialFiles.WithoutBlocking(() => Compile(trace)));
        Assert.Matches($@"^{Escaped(FilesLine(trace))}: warning DR3032: `/etc/hosts` is not copied: its content `files/\w+` is a FIFO, not a regular file$", warning);
    }

    [Fact]
    public void A_files_folder_that_links_out_of_the_trace_puts_nothing_from_there_in_the_context()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_dir, "outside")).FullName;
        var trace = TraceWithContent(blob =>
        {
            // the same name and content outside: only where it is gives it away
            File.Copy(blob, Path.Combine(outside, Path.GetFileName(blob)));
            var files = Path.GetDirectoryName(blob)!;
            Directory.Delete(files, recursive: true);
            Directory.CreateSymbolicLink(files, outside);
        });
        var warning = NotCopied(Compile(trace));
        Assert.Matches($@"^{Escaped(FilesLine(trace))}: warning DR3031: `/etc/hosts` is not copied: its content `files/\w+` leads to `{Escaped(outside)}/\w+`, outside the trace folder$", warning);
    }

    [Fact]
    public void A_folder_on_the_way_to_the_content_that_links_out_of_the_trace_is_refused()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_dir, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "secret.txt"), Content);
        var trace = TraceWithContent(blob => Directory.CreateSymbolicLink(Path.Combine(Path.GetDirectoryName(blob)!, "out"), outside));
        var filesJsonl = Path.Combine(trace, "session-1", "files.jsonl");
        File.WriteAllText(filesJsonl, File.ReadAllText(filesJsonl).Replace("\"blob\":\"files/", "\"blob\":\"files/out/secret.txt\",\"x\":\""));

        var warning = NotCopied(Compile(trace));
        Assert.Equal($"{FilesLine(trace)}: warning DR3031: `/etc/hosts` is not copied: its content `files/out/secret.txt` leads to `{outside}/secret.txt`, outside the trace folder", warning);
    }

    [Fact]
    public void Content_of_another_size_than_recorded_is_refused()
    {
        var trace = TraceWithContent(blob => Replace(blob, "other content\n"));
        Assert.Matches(@"is not copied: its content `files/\w+` is 14 bytes, not the 8 bytes its record gives \(the trace was changed since\)$", NotCopied(Compile(trace)));
    }

    [Fact]
    public void Content_of_the_recorded_size_but_another_sha256_is_refused()
    {
        var trace = TraceWithContent(blob => Replace(blob, "CONTENT\n"));
        Assert.Matches(@"is not copied: its content `files/\w+` does not have the sha256 its record gives \(the trace was changed since\)$", NotCopied(Compile(trace)));
    }

    [Fact]
    public void A_record_whose_blob_names_another_trace_file_is_refused()
    {
        var trace = TraceWithContent(_ => { });
        var filesJsonl = Path.Combine(trace, "session-1", "files.jsonl");
        File.WriteAllText(filesJsonl, File.ReadAllText(filesJsonl).Replace("\"blob\":\"files/", "\"blob\":\"commands.jsonl\",\"x\":\""));
        Assert.Matches(@"^\S+files\.jsonl:1:1: warning DR3032: `/etc/hosts` is not copied: its content `commands.jsonl` is \d+ bytes, not the 8 bytes its record gives", NotCopied(Compile(trace)));
    }

    [Fact]
    public void A_missing_content_is_reported_at_its_files_jsonl_line()
    {
        var trace = TraceWithContent(File.Delete);
        Assert.Matches($@"^{Escaped(FilesLine(trace))}: warning DR3032: `/etc/hosts` is not copied: its content `files/\w+` is missing from the trace$", NotCopied(Compile(trace)));
    }

    [Fact]
    public void A_loop_of_links_is_a_content_that_cannot_be_read()
    {
        var trace = TraceWithContent(blob =>
        {
            File.Delete(blob);
            File.CreateSymbolicLink(blob, blob);
        });
        Assert.Matches(@"is not copied: its content `files/\w+` cannot be read: Too many levels of symbolic links$", NotCopied(Compile(trace)));
    }

    [Fact]
    public void A_link_to_the_same_content_elsewhere_in_the_trace_is_copied()
    {
        var trace = TraceWithContent(blob =>
        {
            var copy = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(blob)!)!, "kept");
            File.Move(blob, copy);
            File.CreateSymbolicLink(blob, "../kept");
        });
        var compilation = Compile(trace);
        Assert.DoesNotContain(compilation.Diagnostics, d => d.Code is "DR3031" or "DR3032");
        Assert.Equal(Path.Combine(trace, "session-1", "kept"), Assert.Single(compilation.Program.ContextFiles).BlobPath);
    }

    [Fact]
    public void A_trace_reached_through_a_link_is_read_as_usual()
    {
        var trace = TraceWithContent(_ => { });
        var link = Path.Combine(_dir, "link.drec");
        Directory.CreateSymbolicLink(link, trace);
        var compilation = Compile(link);
        Assert.DoesNotContain(compilation.Diagnostics, d => d.Code is "DR3031" or "DR3032");
        Assert.Single(compilation.Program.OfType<CopyInstruction>());
    }

    [Fact]
    public void Content_that_becomes_endless_after_the_check_is_read_no_further_than_its_size()
    {
        // checked by the files pass, then a device in its place by the time the secrets pass reads it
        var trace = TraceReader.Read(TraceWithContent(_ => { })).Trace!;
        var context = new CompilationContext(trace, CompileOptions.Default);
        var program = new DockerRecord.Passes.Lowering.LowerTracePass().Run(ImageProgram.Empty, context);
        program = new FilesPass().Run(program, context);
        var blob = Assert.Single(program.ContextFiles).BlobPath!;
        File.Delete(blob);
        File.CreateSymbolicLink(blob, "/dev/zero");

        var scanned = new SecretsPass().Run(program, context);

        Assert.Empty(scanned.ContextFiles);
        Assert.Empty(scanned.OfType<CopyInstruction>());
        var warning = Assert.Single(context.SortedDiagnostics(), d => d.Code == "DR3032");
        Assert.Matches(@"files\.jsonl:1:1: warning DR3032: `/etc/hosts` is not copied: its content `files/\w+` cannot be read: it no longer holds the 8 bytes it was checked to have$", warning.ToString());

        // the writer reads no further either: one error, not a context file the size of the memory
        File.Delete(blob);
        File.WriteAllText(blob, Content + "and a line added since\n");
        var output = Path.Combine(_dir, "out", "Dockerfile");
        var error = Assert.Throws<IOException>(() => BuildContextWriter.Write(output, "FROM scratch\n", program));
        Assert.Equal("it no longer holds the 8 bytes it was checked to have", error.Message);
    }

    static string Escaped(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
