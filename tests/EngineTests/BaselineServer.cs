using System.Formats.Tar;
using System.IO.Compression;
using System.Net;

namespace DockerRecord.EngineTests;

/// <summary>
/// Stands in for the internet the baseline sessions downloaded from (CI reaches only the Debian mirror): an HTTP
/// server on <see cref="Port"/> that serves tests/EngineTests/BaselineServer, with the host names the traces use
/// pointed at it (<see cref="AddHostArguments"/>). A folder is served as a gzipped tarball too: <c>/team/app.tgz</c>
/// is the folder <c>team/app</c> with <c>app/</c> at its top, as a release tarball is. It takes any credentials.
/// </summary>
public sealed class BaselineServer : IDisposable
{
    /// <summary>The port in the traces' URLs (http://files.example.com:8931/…); an unusual one, so nothing else holds it.</summary>
    public const int Port = 8931;

    /// <summary>The host names in the traces' URLs.</summary>
    public static readonly string[] Hosts = ["files.example.com", "git.example.com", "api.example.com"];

    public static string Root { get; } = Path.Combine(EngineFixture.RepositoryRoot, "tests", "EngineTests", "BaselineServer");

    readonly HttpListener _listener = new();
    readonly Task _serving;

    public BaselineServer()
    {
        // any host name: the build containers ask for files.example.com and the others, pointed at 127.0.0.1
        _listener.Prefixes.Add($"http://*:{Port}/");
        try
        {
            _listener.Start();
        }
        catch (HttpListenerException e)
        {
            throw new InvalidOperationException($"the baseline file server cannot listen on port {Port} (is another test run using it?): {e.Message}", e);
        }
        _serving = Task.Run(Serve);
    }

    /// <summary><c>--add-host</c> arguments for docker build that send the traces' host names here (builds use the host network).</summary>
    public static IEnumerable<string> AddHostArguments => Hosts.SelectMany(h => new[] { "--add-host", $"{h}:127.0.0.1" });

    async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var response = context.Response;
            var content = Content(context.Request.Url!.AbsolutePath);
            response.StatusCode = content is null ? 404 : 200;
            if (content is not null) await response.OutputStream.WriteAsync(content);
        }
    }

    /// <summary>The file under <see cref="Root"/>, or the folder it names without <c>.tgz</c> as a tarball; null when neither exists.</summary>
    static byte[]? Content(string urlPath)
    {
        var relative = Uri.UnescapeDataString(urlPath).TrimStart('/');
        if (relative.Split('/').Contains("..")) return null;
        var path = Path.Combine(Root, relative);
        if (File.Exists(path)) return File.ReadAllBytes(path);
        if (relative.EndsWith(".tgz", StringComparison.Ordinal) && Directory.Exists(path[..^4])) return Tarball(path[..^4]);
        return null;
    }

    static byte[] Tarball(string folder)
    {
        var top = Path.GetFileName(folder);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var name = top + "/" + Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
                var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    // the repository keeps only the executable bit: scripts are 0755, the rest 0644
                    Mode = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & UnixFileMode.UserExecute) != 0
                        ? (UnixFileMode)0x1ED : (UnixFileMode)0x1A4,
                    DataStream = File.OpenRead(file),
                };
                tar.WriteEntry(entry);
                entry.DataStream.Dispose();
            }
        }
        return buffer.ToArray();
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
