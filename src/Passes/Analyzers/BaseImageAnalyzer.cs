using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.Frontend.Trace;
using DockerRecord.IR;
using DockerRecord.Passes.Lowering;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// hadolint DL3006 and DL3007: a base image without a tag, or tagged <c>latest</c>, is a different image from one build
/// to the next. The location is the session.json that names the image; the message gives the FROM that
/// <c>--pin-base</c> writes when the trace has the image's registry digest, else the image id the session ran and why
/// it cannot be pinned.
/// </summary>
public sealed class BaseImageAnalyzer : IAnalyzer
{
    public string Name => "base-image";

    public ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [DiagnosticDescriptors.Of("DR5005"), DiagnosticDescriptors.Of("DR5006")];

    public void Analyze(ImageProgram program, CompilationContext context)
    {
        if (program.OfType<FromInstruction>().FirstOrDefault() is not { } from) return;
        var session = context.Trace.Sessions.FirstOrDefault();
        var path = session is null ? null : Path.Combine(session.Directory, TraceLayout.SessionFile);
        var imageId = session?.Info.ImageId;
        var tag = Tag(from.Image);
        if (tag == Reference.Tagged) return;
        var pinned = BaseImageDigest.Pin(from.Image, session?.Info, out var why);
        context.Report(tag == Reference.Untagged
            ? DiagnosticBuilder.BaseImageWithoutTag(path, from.Image, imageId, pinned, why)
            : DiagnosticBuilder.BaseImageLatest(path, from.Image, imageId, pinned, why));
    }

    enum Reference { Tagged, Untagged, Latest }

    /// <summary>How an image reference names its version: a digest or an image id counts as tagged; else the tag after the last '/'.</summary>
    static Reference Tag(string image)
    {
        if (image.Contains('@') || image.StartsWith("sha256:", StringComparison.Ordinal) || image == "scratch") return Reference.Tagged;
        var name = image[(image.LastIndexOf('/') + 1)..];
        var colon = name.LastIndexOf(':');
        if (colon < 0) return Reference.Untagged;
        return name[(colon + 1)..] == "latest" ? Reference.Latest : Reference.Tagged;
    }
}
