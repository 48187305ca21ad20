using DockerRecord.Frontend.Trace;

namespace DockerRecord.Passes.Lowering;

/// <summary>
/// The registry digest that pins a FROM (<c>--pin-base</c>): of the image's recorded RepoDigests
/// (<c>repository@sha256:…</c>), the one of the FROM's own repository, so <c>debian:bookworm</c> becomes
/// <c>debian:bookworm@sha256:…</c> (the builder then takes the digest and the tag only documents it). <c>image_id</c>
/// cannot serve: it is the digest of the image's configuration, which no registry resolves.
/// </summary>
public static class BaseImageDigest
{
    /// <summary>The pinned reference, or null with <paramref name="why"/> it cannot be pinned.</summary>
    public static string? Pin(string image, SessionInfo? session, out string why)
    {
        why = "";
        if (image.Contains('@')) return image;
        if (session?.ImageDigests is not { } digests)
        {
            why = "the trace does not record the image's registry digests (recorded by an older drec, or outside containers)";
            return null;
        }
        if (digests.Count == 0)
        {
            why = "the image was built or imported locally, so no registry knows its digest";
            return null;
        }
        // FROM names the image by its id (no reference was recorded): the first digest names its repository too
        if (image.StartsWith("sha256:", StringComparison.Ordinal)) return digests[0];
        var repository = Normalize(Repository(image));
        foreach (var digest in digests)
        {
            var at = digest.IndexOf('@');
            if (at > 0 && Normalize(digest[..at]) == repository) return $"{image}{digest[at..]}";
        }
        why = $"the image's registry digests are for other repositories ({string.Join(", ", digests)})";
        return null;
    }

    /// <summary>The reference without its tag (a colon after the last slash; a registry's port comes before it).</summary>
    static string Repository(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? image[..colon] : image;
    }

    /// <summary>Docker Hub's long forms (<c>docker.io/library/debian</c>) as the short one (<c>debian</c>).</summary>
    static string Normalize(string repository)
    {
        foreach (var hub in new[] { "docker.io/", "index.docker.io/", "registry-1.docker.io/" })
            if (repository.StartsWith(hub, StringComparison.Ordinal)) { repository = repository[hub.Length..]; break; }
        return repository.StartsWith("library/", StringComparison.Ordinal) ? repository["library/".Length..] : repository;
    }
}
