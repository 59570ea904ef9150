using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Build;
using UtracePatchKit.QemuHarness.Source;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>One prefix of a series, built.</summary>
public sealed record PrefixBuild(int Patches, string LastPatch, TimeSpan Duration);

/// <summary>
/// Builds every prefix of a variant's series (patch 1, patches 1-2, ...) without the validation
/// overlay, as `git bisect` would: each patch must build on its own.
/// </summary>
public sealed class SeriesBisect(ProjectLayout project, IProgress<HarnessProgress>? progress = null)
{
    private readonly SeriesApplier _applier = new();

    /// <exception cref="InfrastructureException">A prefix does not build; the message names its last patch.</exception>
    /// <param name="kernelLine">One of the spec's kernel lines; null for the first it names.</param>
    public async Task<IReadOnlyList<PrefixBuild>> RunAsync(string specPath, string runDirectory, string? kernelLine = null, CancellationToken cancellationToken = default)
    {
        var generated = await new KernelPreparer(project, progress).GenerateAsync(specPath, runDirectory, kernelLine, cancellationToken);
        var patches = generated.PatchFiles.Where(p => !Path.GetFileName(p).StartsWith("0000-", StringComparison.Ordinal)).ToArray();
        var repo = generated.Source.Tree.RepoPath;
        // The variants' Kconfig minus the validation overlay, in a build dir of its own: switching
        // the shared plain dir to this config and back would rebuild every object twice, and each
        // prefix after the first rebuilds only what its patch touched.
        var seriesFragment = Path.Combine(project.ConfigsDir, "series", "utrace-core.config");
        var cache = CacheLayout.FromEnvironment();
        var kbuild = KbuildEnvironment.Detect(cache, cache.ForLine(generated.Spec.KernelLine, BuildProfile.For([seriesFragment], project.Root)));
        string[] fragments = [.. project.UnpatchedConfigFragments, seriesFragment];

        var builds = new List<PrefixBuild>();
        await using var _ = await KernelLineLock.AcquireAsync(kbuild.Layout, progress, cancellationToken);
        for (var count = 1; count <= patches.Length; count++)
        {
            var last = Path.GetFileName(patches[count - 1]);
            progress.Report("bisect", $"building patches 1-{count} (up to {last})");
            var tip = await _applier.ApplyAsync(repo, generated.Source.Tree.BaseCommit, patches[..count], progress, cancellationToken);
            await _applier.CheckoutAsync(repo, tip, progress, cancellationToken);
            await new KconfigBuilder(kbuild).ConfigureAsync(fragments, progress, cancellationToken);
            try
            {
                var build = await new KernelBuilder(kbuild).BuildAsync(progress, cancellationToken);
                builds.Add(new PrefixBuild(count, last, build.Duration));
            }
            catch (InfrastructureException ex)
            {
                throw new InfrastructureException($"the series does not build after patch {count} ({last}): {ex.Message}", ex.Details, null, ex, ex.Kind)
                {
                    Logs = ex.WithLogsKeptIn(runDirectory).Logs,
                };
            }
        }

        return builds;
    }
}
