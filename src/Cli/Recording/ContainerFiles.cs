using System.Formats.Tar;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace DockerRecord.Cli.Recording;

/// <summary>A file read out of the container, with its metadata.</summary>
sealed record ContainerFile(string Path, TarEntryType Type, int Mode, int Uid, int Gid, string? LinkTarget, byte[] Content);

/// <summary>
/// Reads files out of the container with <c>tar</c> run inside it (one command for many files). The archive API
/// cannot see tmpfs folders such as /dev/shm, where the session folder lives, and its chunked stream does not feed
/// TarReader reliably; a tar written to the exec's output has neither problem.
/// </summary>
static class ContainerFiles
{
    public static async Task<IReadOnlyList<ContainerFile>> ReadAsync(DockerClient client, string containerId, IReadOnlyList<string> paths, CancellationToken cancellation)
    {
        if (paths.Count == 0) return [];
        var exec = await client.Exec.CreateContainerExecAsync(containerId, new ContainerExecCreateParameters
        {
            // -P keeps absolute names; missing files are reported on stderr and skipped
            Cmd = ["tar", "-c", "-P", "-f", "-", "--no-recursion", .. paths],
            AttachStdout = true,
            AttachStderr = true,
        }, cancellation);
        using var stream = await client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), cancellation);
        var tar = new MemoryStream();
        var buffer = new byte[81920];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellation);
            if (read.EOF) break;
            if (read.Target == MultiplexedStream.TargetStream.StandardOut) tar.Write(buffer, 0, read.Count);
        }
        tar.Position = 0;
        var files = new List<ContainerFile>();
        using var reader = new TarReader(tar);
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            var content = Array.Empty<byte>();
            if (entry.DataStream is { } data)
            {
                using var bytes = new MemoryStream();
                data.CopyTo(bytes);
                content = bytes.ToArray();
            }
            var path = entry.Name.StartsWith('/') ? entry.Name : "/" + entry.Name;
            files.Add(new ContainerFile(path, entry.EntryType, (int)entry.Mode, entry.Uid, entry.Gid,
                string.IsNullOrEmpty(entry.LinkName) ? null : entry.LinkName, content));
        }
        return files;
    }
}
