using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerRecord.Cli.Commands;
using DockerRecord.Cli.Recording;

namespace DockerRecord.Cli.Verify;

/// <summary>
/// <c>drec verify</c>: builds the Dockerfile, compares the image's files with the recorded container's, runs the CMD,
/// and with <c>--fix</c> adds what the build missed, round by round while the score improves. The entry point for
/// <c>drec compile --verify</c> too: <see cref="RunAsync"/> with the compiled folder.
/// </summary>
static class Verifier
{
    /// <summary>Verifies and reports; returns 0 (score reached), 1 (build failed or score too low) or 2 (engine error).</summary>
    static readonly System.Text.RegularExpressions.Regex s_containerName = new(@"^/?[a-zA-Z0-9][a-zA-Z0-9_.-]*$");

    public static async Task<int> RunAsync(VerifyOptions options, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        // the engine names containers with letters, digits and [_.-] (ids are hex): anything else cannot be one
        if (!s_containerName.IsMatch(options.Container))
        {
            await error.WriteLineAsync($"drec verify: error: \"{Frontend.Diagnostics.OneLine.Of(options.Container)}\" is not a container name or id");
            return ExitCodes.UsageOrEnvironment;
        }
        try
        {
            var report = await VerifyAsync(options, error, cancellation);
            if (options.Json) report.WriteJson(output);
            else report.WriteText(output, options.TopPaths);
            return report.Passed ? ExitCodes.Success : ExitCodes.InputErrors;
        }
        catch (Exception e) when (e is VerifyException or RecorderException)
        {
            await error.WriteLineAsync($"drec verify: error: {e.Message}");
        }
        catch (DockerApiException e)
        {
            await error.WriteLineAsync($"drec verify: error: the engine answered {(int)e.StatusCode}: {Frontend.Diagnostics.OneLine.Joined(e.ResponseBody)}");
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException or UnauthorizedAccessException or InvalidDataException or TimeoutException)
        {
            await error.WriteLineAsync($"drec verify: error: {Frontend.Diagnostics.OneLine.Joined(e.Message)}");
        }
        return ExitCodes.UsageOrEnvironment;
    }

    static async Task<VerifyReport> VerifyAsync(VerifyOptions options, TextWriter progress, CancellationToken cancellation)
    {
        var folder = Path.GetFullPath(options.Directory);
        var dockerfilePath = Path.Combine(folder, options.DockerfileName);
        if (!File.Exists(dockerfilePath)) throw new VerifyException($"no {options.DockerfileName} in {folder}");
        var traceDirectory = options.TraceDirectory ?? RecordCommand.DefaultTraceDirectory(options.Container);
        var noise = NoiseFilter.Create([.. options.Ignore, .. NoiseFilter.ReadConfig(Path.Combine(folder, NoiseFilter.ConfigFileName))]);

        using var engine = await Engine.ConnectAsync(cancellation);
        var client = engine.Client;
        await progress.WriteLineAsync($"drec verify: reading the changes of container '{options.Container}' (while the image builds)…");
        var container = await ContainerSnapshot.InspectAsync(client, options.Container, cancellation);
        var baseLayerIds = (await client.Images.InspectImageAsync(container.Image, cancellation)).RootFS?.Layers ?? [];
        // the container's export streams while the image builds; a failed build cancels it
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var snapshot = ContainerSnapshot.ReadAsync(client, container, stopReading.Token);

        await using var log = new StreamWriter(Path.Combine(folder, "verify.log")) { AutoFlush = true };
        var session = new Session(client, options, folder, dockerfilePath, traceDirectory, snapshot, baseLayerIds, noise, progress, log, cancellation);
        var builtImages = new List<string>();
        try
        {
            var first = await session.BuildAndCompareAsync(round: 0, builtImages);
            if (first.Failure is not null || first.Comparison is null)
            {
                await stopReading.CancelAsync();
                try { await snapshot; } catch (OperationCanceledException) { }
                return session.Report(first, null, [], 0, null);
            }

            var best = first;
            var fixes = new List<FixAction>();
            var rounds = 0;
            for (var round = 1; options.Fix && round <= options.MaxFixRounds && best.Comparison!.Score < 1.0; round++)
            {
                var plan = DockerfileFixer.Plan(best.Comparison);
                foreach (var diagnostic in plan.Diagnostics) await progress.WriteLineAsync(diagnostic.ToString());
                if (plan.IsEmpty) break;
                await progress.WriteLineAsync($"drec verify: --fix round {round}: adding {plan.Actions.Count} path(s)…");
                var saved = ContextState.Save(folder, dockerfilePath);
                await ContainerSnapshot.CaptureAsync(client, container.ID, plan.CapturedFiles, p => ContextFile(folder, p), cancellation);
                await File.WriteAllTextAsync(dockerfilePath, DockerfileFixer.Apply(saved.Dockerfile, plan), cancellation);
                DockerfileFixer.UpdateContextLists(folder, plan.CapturedFiles.Order(StringComparer.Ordinal));
                var attempt = await session.BuildAndCompareAsync(round, builtImages);
                if (attempt.Failure is not null || attempt.Comparison is null || attempt.Comparison.Score <= best.Comparison.Score)
                {
                    await progress.WriteLineAsync($"drec verify: --fix round {round} did not improve the score; its changes are undone");
                    saved.Restore(plan.CapturedFiles.Select(p => ContextFile(folder, p)));
                    if (attempt.Image is not null) await session.RemoveLastAsync(builtImages);
                    break;
                }
                best = attempt;
                fixes.AddRange(plan.Actions);
                rounds++;
            }
            if (rounds > 0) await File.WriteAllTextAsync(Path.Combine(folder, "verify-fix.txt"), DockerfileFixer.Summary(fixes), cancellation);

            var service = await session.CheckServiceAsync(best);
            return session.Report(best, service, fixes, rounds, rounds > 0 ? first.Comparison.Score : null);
        }
        finally
        {
            await session.CleanUpAsync(builtImages);
        }
    }

    static string ContextFile(string folder, string path)
    {
        var root = Path.Combine(folder, DockerfileFixer.ContextFolder);
        var full = Path.GetFullPath(root + path);
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new VerifyException($"the container path {path} would leave the build context");
        return full;
    }

    /// <summary>One build with its comparison, or its failure.</summary>
    sealed record Attempt(BuilderKind Builder, BuildFailure? Failure, BuiltImage? Image, FileSystemComparison? Comparison, bool HasCommand);

    /// <summary>The Dockerfile, context lists and captured files before a round of --fix, to undo it.</summary>
    sealed record ContextState(string DockerfilePath, string Dockerfile, string? DockerIgnore, string? Manifest, string Folder)
    {
        public static ContextState Save(string folder, string dockerfilePath) => new(
            dockerfilePath, File.ReadAllText(dockerfilePath), ReadIfExists(Path.Combine(folder, ".dockerignore")),
            ReadIfExists(Path.Combine(folder, Backend.BuildContextWriter.ManifestName)), folder);

        public void Restore(IEnumerable<string> capturedFiles)
        {
            File.WriteAllText(DockerfilePath, Dockerfile);
            if (DockerIgnore is not null) File.WriteAllText(Path.Combine(Folder, ".dockerignore"), DockerIgnore);
            if (Manifest is not null) File.WriteAllText(Path.Combine(Folder, Backend.BuildContextWriter.ManifestName), Manifest);
            foreach (var file in capturedFiles) File.Delete(file);
        }

        static string? ReadIfExists(string path) => File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>What every round shares: the engine, the recorded container, the base image and the outputs.</summary>
    sealed class Session(DockerClient client, VerifyOptions options, string folder, string dockerfilePath, string traceDirectory,
        Task<ContainerSnapshot> snapshot, IList<string> baseLayerIds, NoiseFilter noise, TextWriter progress, TextWriter log, CancellationToken cancellation)
    {
        readonly string _token = Guid.NewGuid().ToString("N")[..10];
        FileSystemView? _separateBase;

        public async Task<Attempt> BuildAndCompareAsync(int round, List<string> builtImages)
        {
            var text = await File.ReadAllTextAsync(dockerfilePath, cancellation);
            var dockerfile = DockerfileDocument.Parse(text);
            var builder = ImageBuilder.Choose(options.Builder, dockerfile);
            var hasCommand = dockerfile.Instructions.Any(i => i.Keyword is "CMD" or "ENTRYPOINT");
            await progress.WriteLineAsync($"drec verify: building {Path.GetRelativePath(Directory.GetCurrentDirectory(), dockerfilePath)} with {VerifyReport.BuilderName(builder)}…");
            await log.WriteLineAsync($"=== round {round}: {VerifyReport.BuilderName(builder)} ===");
            var buildProgress = new BuildProgress(log, progress);
            var tag = $"drec-verify-{_token}:{round}";
            var outcome = await ImageBuilder.BuildAsync(client, folder, options.DockerfileName, tag, builder, options.Secrets, buildProgress, cancellation);
            if (!outcome.Succeeded)
            {
                var failure = BuildFailure.Locate(dockerfile, outcome, traceDirectory);
                await progress.WriteLineAsync(failure.ToDiagnostic(dockerfilePath, text).ToString());
                return new Attempt(builder, failure, null, null, hasCommand);
            }
            builtImages.Add(tag);

            await progress.WriteLineAsync("drec verify: comparing the image's files with the container's…");
            var inspect = await client.Images.InspectImageAsync(outcome.ImageId!, cancellation);
            var layerIds = inspect.RootFS?.Layers ?? [];
            var layers = await ImageArchive.ReadLayersAsync(client, outcome.ImageId!, cancellation);
            var shared = baseLayerIds.Count <= layerIds.Count && baseLayerIds.SequenceEqual(layerIds.Take(baseLayerIds.Count)) ? baseLayerIds.Count : 0;
            FileSystemView baseView;
            if (shared > 0 || baseLayerIds.Count == 0) baseView = FileSystemView.Of(layers.Take(shared));
            else
            {
                await progress.WriteLineAsync(Frontend.Diagnostics.DiagnosticBuilder.NotBuiltOnContainerImage(dockerfilePath, (await snapshot).ImageId).ToString());
                _separateBase ??= FileSystemView.Of(await ImageArchive.ReadLayersAsync(client, (await snapshot).ImageId, cancellation));
                baseView = _separateBase;
            }
            var builtView = FileSystemView.Of(layers);
            var touched = layers.Skip(shared).SelectMany(l => l.TouchedPaths).Distinct(StringComparer.Ordinal);
            var recorded = await snapshot;
            var comparison = FileSystemComparison.Compare(recorded.ChangedPaths, recorded.StateOf, baseView, builtView, touched, noise);
            var image = new BuiltImage(outcome.ImageId!, options.Keep ? tag : null, inspect.Size, layerIds.Count, layerIds.Count - shared);
            return new Attempt(builder, null, image, comparison, hasCommand);
        }

        public async Task<ServiceResult> CheckServiceAsync(Attempt attempt)
        {
            if (!attempt.HasCommand || attempt.Image is null) return ServiceResult.NoCommand;
            await progress.WriteLineAsync($"drec verify: running the image's CMD for {options.RunFor.TotalSeconds:0.#} s…");
            return await ServiceCheck.RunAsync(client, attempt.Image.Id, $"drec-verify-{_token}", options.RunFor, options.Keep, cancellation);
        }

        public VerifyReport Report(Attempt attempt, ServiceResult? service, IReadOnlyList<FixAction> fixes, int rounds, double? scoreBeforeFix) =>
            new(options.Container, dockerfilePath, attempt.Builder, attempt.Failure, attempt.Image, attempt.Comparison, service, fixes, rounds,
                scoreBeforeFix, options.MinScore);

        public async Task RemoveLastAsync(List<string> builtImages)
        {
            await RemoveAsync(builtImages[^1]);
            builtImages.RemoveAt(builtImages.Count - 1);
        }

        /// <summary>Removes the images built, all but the last one when <c>--keep</c> asks to keep it.</summary>
        public async Task CleanUpAsync(List<string> builtImages)
        {
            foreach (var tag in options.Keep ? builtImages.SkipLast(1) : builtImages) await RemoveAsync(tag);
        }

        async Task RemoveAsync(string tag)
        {
            try
            {
                await client.Images.DeleteImageAsync(tag, new ImageDeleteParameters { Force = true }, CancellationToken.None);
            }
            catch (DockerApiException e)
            {
                await log.WriteLineAsync($"could not remove {tag}: {Frontend.Diagnostics.OneLine.Joined(e.ResponseBody)}");
            }
        }
    }
}
