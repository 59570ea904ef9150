using UtracePatchKit.QemuHarness.Host;
using UtracePatchKit.QemuHarness.Source;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>
/// Host tools plus the cached kernel tree a spec targets: what every stage after the spec needs.
/// The tree itself is a <see cref="KernelTree"/>, made once per kernel line by <see cref="KernelTreeImporter"/>.
/// </summary>
public static class KernelTreeSetup
{
    public static async Task<KernelTree> EnsureForSpecAsync(
        ProjectLayout project,
        string specPath,
        IProgress<HarnessProgress>? progress,
        CancellationToken cancellationToken)
    {
        var spec = SpecInputs.Load(project, specPath);
        return await EnsureForLineAsync(spec.KernelLine, progress, cancellationToken);
    }

    /// <summary>The same for a spec already loaded (and validated) by the caller.</summary>
    public static async Task<KernelTree> EnsureForLineAsync(
        string kernelLine,
        IProgress<HarnessProgress>? progress,
        CancellationToken cancellationToken)
    {
        await new HostTools(kernelLine).EnsureAsync(installIfRoot: true, progress, cancellationToken);
        return await new KernelTreeImporter(CacheLayout.FromEnvironment()).EnsureAsync(kernelLine, progress, cancellationToken);
    }
}
