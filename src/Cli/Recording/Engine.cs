using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace DockerRecord.Cli.Recording;

/// <summary>
/// The Docker engine drec talks to: the endpoint comes from DOCKER_HOST (or the Docker context, else the default
/// socket), and no API version is pinned, so engines from 20.10 (API 1.41) on work. Every engine failure becomes a
/// <see cref="RecorderException"/> with one line that says what to check.
/// </summary>
sealed class Engine : IDisposable
{
    Engine(DockerClient client, string endpoint)
    {
        Client = client;
        Endpoint = endpoint;
    }

    public DockerClient Client { get; }

    public string Endpoint { get; }

    public static async Task<Engine> ConnectAsync(CancellationToken cancellation)
    {
        var endpoint = Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : "unix:///var/run/docker.sock";
        DockerClient client;
        try
        {
            client = new DockerClientBuilder().WithTimeout(TimeSpan.FromSeconds(30)).Build();
        }
        catch (Exception e) when (e is DockerConfigurationException or ArgumentException or UriFormatException or NotSupportedException)
        {
            throw new RecorderException($"cannot use the Docker endpoint {endpoint}: {e.Message}", e);
        }
        try
        {
            await client.System.PingAsync(cancellation);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            client.Dispose();
            throw new RecorderException($"cannot reach the Docker engine at {endpoint}: {Innermost(e).Message} (is dockerd running? is DOCKER_HOST right?)", e);
        }
        return new Engine(client, endpoint);
    }

    public async Task<VersionResponse> VersionAsync(CancellationToken cancellation) => await Client.System.GetVersionAsync(cancellation);

    /// <summary>
    /// The image's registry digests (<c>repository@sha256:…</c>): what a FROM can pin. An image built or imported
    /// locally has none (empty); null when the engine no longer knows the image.
    /// </summary>
    public async Task<IReadOnlyList<string>?> RepoDigestsAsync(string image, CancellationToken cancellation)
    {
        try
        {
            var inspect = await Client.Images.InspectImageAsync(image, cancellation);
            return [.. (inspect.RepoDigests ?? []).Order(StringComparer.Ordinal)];
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The running container named or identified by <paramref name="nameOrId"/>.</summary>
    public async Task<ContainerInspectResponse> RunningContainerAsync(string nameOrId, CancellationToken cancellation)
    {
        ContainerInspectResponse container;
        try
        {
            container = await Client.Containers.InspectContainerAsync(nameOrId, cancellation);
        }
        catch (DockerContainerNotFoundException)
        {
            throw new RecorderException($"no container named '{nameOrId}' (see `docker ps -a`)");
        }
        if (container.State?.Running != true)
            throw new RecorderException($"container '{nameOrId}' is not running (start it with `docker start {nameOrId}`)");
        return container;
    }

    static bool IsConnectionFailure(Exception e) =>
        e is HttpRequestException or SocketException or IOException or TimeoutException or TaskCanceledException
        || e.InnerException is { } inner && IsConnectionFailure(inner);

    static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    public void Dispose() => Client.Dispose();
}
