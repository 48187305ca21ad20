using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace DockerRecord.Cli.Verify;

/// <summary>Which builder runs the Dockerfile (see docs/verify.md, "Which builder").</summary>
enum BuilderKind
{
    /// <summary>BuildKit when the Dockerfile needs no client session, the docker client's BuildKit otherwise.</summary>
    Auto,

    /// <summary>BuildKit through the engine API (<c>version=2</c>), the context sent as a tar in the request.</summary>
    BuildKit,

    /// <summary>The classic builder through the engine API (<c>version=1</c>): no <c>COPY --chmod</c>, no <c>RUN --mount</c>.</summary>
    Classic,

    /// <summary><c>DOCKER_BUILDKIT=1 /usr/bin/docker build</c>: the client opens the session secrets need.</summary>
    Cli,
}

/// <summary>How a build ended: the image, or the step that failed and the engine's message.</summary>
sealed record BuildOutcome(BuilderKind Builder, string? ImageId, string? Error, BuildProgress.Step? FailedStep)
{
    public bool Succeeded => ImageId is not null;
}

/// <summary>
/// Builds the Dockerfile of a folder with the engine. BuildKit through the API reads the context from the request body
/// (the engine serves it to BuildKit itself), so no gRPC session is needed, except for what only a client session
/// provides: secret and SSH mounts. Those builds go to the engine's own docker client (see <see cref="BuilderKind"/>).
/// </summary>
static partial class ImageBuilder
{
    /// <summary>The docker client that can run BuildKit builds against a 20.10 engine; DREC_DOCKER_CLI overrides it.</summary>
    public static string DockerCli => Environment.GetEnvironmentVariable("DREC_DOCKER_CLI") is { Length: > 0 } cli ? cli : "/usr/bin/docker";

    /// <summary>The builder <see cref="BuilderKind.Auto"/> picks for this Dockerfile.</summary>
    public static BuilderKind Choose(BuilderKind requested, DockerfileDocument dockerfile) =>
        requested != BuilderKind.Auto ? requested
        : dockerfile.Instructions.Any(NeedsSession) ? BuilderKind.Cli
        : BuilderKind.BuildKit;

    static bool NeedsSession(DockerfileInstruction instruction) =>
        instruction.Keyword == "RUN" && SessionMount().IsMatch(instruction.Text);

    public static async Task<BuildOutcome> BuildAsync(DockerClient client, string folder, string dockerfileName, string tag,
        BuilderKind builder, IReadOnlyList<string> secrets, BuildProgress progress, CancellationToken cancellation)
    {
        if (builder == BuilderKind.Cli)
            return await BuildWithCliAsync(folder, dockerfileName, tag, secrets, progress, cancellation);

        using var context = BuildContextArchive.Create(folder, dockerfileName);
        var parameters = new ImageBuildParameters
        {
            Dockerfile = dockerfileName,
            Tags = [tag],
            // the engine runs with --bridge=none: RUN steps share the host's network
            NetworkMode = "host",
            Remove = true,
            ForceRemove = true,
            Version = builder == BuilderKind.Classic ? "1" : "2",
        };
        string? imageId = null;
        // The raw stream, read to its end here: BuildKit's progress comes as "aux" strings (base64 protobuf), which
        // the typed JSONMessage overload cannot hold (its Aux is an object).
#pragma warning disable CS0618
        var response = await client.Images.BuildImageFromDockerfileAsync(context, parameters, cancellation);
#pragma warning restore CS0618
        await using (var stream = response)
        {
            using var reader = new StreamReader(stream);
            string? classicStep = null;
            while (await reader.ReadLineAsync(cancellation) is { } line)
            {
                if (line.Trim().Length == 0) continue;
                using var message = JsonDocument.Parse(line);
                var root = message.RootElement;
                var id = root.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
                if (id == "moby.buildkit.trace" && root.TryGetProperty("aux", out var trace))
                    Follow(BuildKitStatus.Decode(trace.GetString()!), progress);
                else if (root.TryGetProperty("aux", out var aux) && aux.ValueKind == JsonValueKind.Object && aux.TryGetProperty("ID", out var image))
                    imageId = image.GetString();
                else if (root.TryGetProperty("stream", out var text))
                    classicStep = FollowClassic(text.GetString() ?? "", classicStep, progress);
                if (root.TryGetProperty("error", out var error))
                {
                    var errorText = error.GetString() ?? "the build failed";
                    progress.BuildError(errorText);
                    if (builder == BuilderKind.Classic && classicStep is not null) progress.Fail(classicStep, errorText);
                }
            }
        }
        return progress.Error is not null || imageId is null
            ? new BuildOutcome(builder, null, progress.Error ?? "the engine reported no image", progress.Failed)
            : new BuildOutcome(builder, imageId, null, null);
    }

    static void Follow(BuildKitStatus status, BuildProgress progress)
    {
        foreach (var vertex in status.Vertices)
        {
            if (!vertex.Started && !vertex.Cached) continue;
            progress.Announce(vertex.Digest, vertex.Name, vertex.Cached);
            if (vertex.Error is { } error) progress.Fail(vertex.Digest, error);
            else if (vertex.Completed) progress.Done(vertex.Digest);
        }
        foreach (var log in status.Logs) progress.Output(log.Vertex, BuildProgress.Text(log.Message));
    }

    /// <summary>The classic builder prints <c>Step 3/5 : RUN make</c> and the step's output as plain text.</summary>
    static string? FollowClassic(string text, string? step, BuildProgress progress)
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (ClassicStep().Match(line) is { Success: true } m)
            {
                step = "step-" + m.Groups["n"].Value;
                progress.Announce(step, $"[{m.Groups["n"].Value}/{m.Groups["total"].Value}] {m.Groups["text"].Value}", cached: false);
            }
            else if (step is not null && line.Length > 0) progress.Output(step, line + "\n");
            else progress.Line(line);
        }
        return step;
    }

    /// <summary>The engine's own client with BuildKit and <c>--progress plain</c>, whose output is parsed like the API's.</summary>
    static async Task<BuildOutcome> BuildWithCliAsync(string folder, string dockerfileName, string tag, IReadOnlyList<string> secrets,
        BuildProgress progress, CancellationToken cancellation)
    {
        if (!File.Exists(DockerCli))
            throw new VerifyException($"the Dockerfile needs a BuildKit session (RUN --mount=type=secret or ssh), which drec gets from the docker client {DockerCli}, and it is missing (set DREC_DOCKER_CLI)");
        var idFile = Path.Combine(Path.GetTempPath(), $"drec-verify-{Guid.NewGuid():N}.iid");
        var start = new ProcessStartInfo(DockerCli)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in (string[])["build", "--network", "host", "--progress", "plain", "--iidfile", idFile, "-t", tag, "-f", Path.Combine(folder, dockerfileName)])
            start.ArgumentList.Add(argument);
        foreach (var secret in secrets)
        {
            start.ArgumentList.Add("--secret");
            start.ArgumentList.Add(secret);
        }
        start.ArgumentList.Add(folder);
        start.Environment["DOCKER_BUILDKIT"] = "1";
        using var process = Process.Start(start) ?? throw new VerifyException($"cannot start {DockerCli}");
        process.StandardInput.Close();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        while (await process.StandardError.ReadLineAsync(cancellation) is { } line)
        {
            if (PlainLine().Match(line) is not { Success: true } m) { if (line.Length > 0) progress.Line(line); continue; }
            var id = m.Groups["id"].Value;
            var rest = m.Groups["rest"].Value;
            if (!names.ContainsKey(id) && !rest.StartsWith("sha256:", StringComparison.Ordinal) && !PlainTimed().IsMatch(rest))
            {
                names[id] = rest;
                progress.Announce(id, rest, cached: false);
            }
            else if (rest == "CACHED") progress.Announce(id, names.GetValueOrDefault(id, id), cached: true);
            else if (rest.StartsWith("ERROR: ", StringComparison.Ordinal)) progress.Fail(id, rest["ERROR: ".Length..]);
            else if (rest.StartsWith("DONE", StringComparison.Ordinal)) progress.Done(id);
            else if (PlainTimed().Match(rest) is { Success: true } timed) progress.Output(id, timed.Groups["text"].Value + "\n");
        }
        await process.WaitForExitAsync(cancellation);
        progress.Line(await stdout);
        try
        {
            if (process.ExitCode == 0 && File.Exists(idFile))
                return new BuildOutcome(BuilderKind.Cli, File.ReadAllText(idFile).Trim(), null, null);
        }
        finally
        {
            File.Delete(idFile);
        }
        var error = progress.Failed is { } failed && failed.LastLines.Count > 0 ? $"{failed.Name} failed" : $"{DockerCli} build exited with {process.ExitCode}";
        progress.BuildError(error);
        return new BuildOutcome(BuilderKind.Cli, null, progress.Error, progress.Failed);
    }

    [GeneratedRegex(@"--mount=(?:[^ ]*,)?type=(?:secret|ssh)\b")]
    private static partial Regex SessionMount();

    [GeneratedRegex(@"^Step (?<n>\d+)/(?<total>\d+) : (?<text>.*)$")]
    private static partial Regex ClassicStep();

    [GeneratedRegex(@"^#(?<id>\d+) (?<rest>.*)$")]
    private static partial Regex PlainLine();

    [GeneratedRegex(@"^\d+\.\d+ (?<text>.*)$")]
    private static partial Regex PlainTimed();
}
