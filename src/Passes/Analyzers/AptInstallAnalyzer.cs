using System.Collections.Immutable;
using DockerRecord.Frontend.Diagnostics;
using DockerRecord.IR;
using DockerRecord.Passes.Safety;

namespace DockerRecord.Passes.Analyzers;

/// <summary>
/// <c>apt-get install</c> as a build runs it: without <c>-y</c> it stops at its question (hadolint DL3014); without
/// versions it installs what the mirror has on the day (DL3008, information: exact pins break when the mirror drops
/// the version; the message suggests the versions the container had, which <c>--pin</c> writes); without
/// <c>--no-install-recommends</c> it also installs recommended packages, as the session did (DL3015, information:
/// adding it changes what is installed).
/// </summary>
public sealed class AptInstallAnalyzer : IAnalyzer
{
    public string Name => "apt-install";

    public ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [DiagnosticDescriptors.Of("DR5007"), DiagnosticDescriptors.Of("DR5009"), DiagnosticDescriptors.Of("DR5010")];

    public void Analyze(ImageProgram program, CompilationContext context)
    {
        foreach (var (_, step, _, commands) in context.StepsOf(program))
            foreach (var command in commands)
            {
                if (AptInvocation.Parse(command) is not { IsInstall: true } apt) continue;
                if (!apt.AssumesYes)
                    context.Report(DiagnosticBuilder.AptInstallWithoutYes(step.Source, command.Span));
                if (apt.Packages.Where(p => !AptInvocation.IsPinned(p)).ToList() is { Count: > 0 } unpinned)
                {
                    // hadolint's advice with the version the session got, which --pin would write
                    var pins = unpinned.Select(p => InstalledPackages.VersionAfter(context.Trace, step.Source, p) is { } version ? $"{p}={version}" : null)
                        .OfType<string>().ToList();
                    context.Report(DiagnosticBuilder.PackagesNotPinned(step.Source, command.Span, unpinned, pins));
                }
                if (!apt.SkipsRecommends)
                    context.Report(DiagnosticBuilder.AptInstallWithRecommends(step.Source, command.Span));
            }
    }
}
