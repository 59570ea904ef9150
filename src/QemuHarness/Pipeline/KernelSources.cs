using UtracePatchKit.Generator.Spec;
using UtracePatchKit.QemuHarness.Host;
using UtracePatchKit.QemuHarness.Source;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>Host tools plus the cached kernel tree a spec targets: what every stage after the spec needs.</summary>
public static class KernelSources
{
    public static async Task<KernelSource> EnsureForSpecAsync(
        ProjectLayout project,
        string specPath,
        IProgress<HarnessProgress>? progress,
        CancellationToken cancellationToken)
    {
        var spec = LoadSpec(project, specPath);
        return await EnsureForLineAsync(spec.KernelLine, progress, cancellationToken);
    }

    /// <summary>The same for a spec already loaded (and validated) by the caller.</summary>
    public static async Task<KernelSource> EnsureForLineAsync(
        string kernelLine,
        IProgress<HarnessProgress>? progress,
        CancellationToken cancellationToken)
    {
        await new HostTools(kernelLine).EnsureAsync(installIfRoot: true, progress, cancellationToken);
        return await new KernelSourceCache(CacheLayout.FromEnvironment()).EnsureAsync(kernelLine, progress, cancellationToken);
    }

    public static VariantSpec LoadSpec(ProjectLayout project, string specPath) =>
        new SpecLoader(SupportedLines(project), project.Root).Load(specPath);

    private static IReadOnlyList<string> SupportedLines(ProjectLayout project) =>
        Generator.SeriesGenerator.KernelLines(project.TemplatesRoot);
}
