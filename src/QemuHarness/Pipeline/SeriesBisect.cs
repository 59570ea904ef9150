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
        var touched = new HashSet<string>(StringComparer.Ordinal);
        await using var _ = await KernelLineLock.AcquireAsync(kbuild.Layout, progress, cancellationToken);
        for (var count = 1; count <= patches.Length; count++)
        {
            var last = Path.GetFileName(patches[count - 1]);
            touched.UnionWith(await TouchedFilesAsync(patches[count - 1], cancellationToken));
            progress.Report("bisect", $"building patches 1-{count} (up to {last})");
            var tip = await _applier.ApplyAsync(repo, generated.Source.Tree.BaseCommit, patches[..count], progress, cancellationToken);
            await _applier.CheckoutAsync(repo, tip, progress, cancellationToken);
            await new KconfigBuilder(kbuild).ConfigureAsync(fragments, progress, cancellationToken);
            KernelBuildResult build;
            try
            {
                build = await new KernelBuilder(kbuild).BuildAsync(progress, cancellationToken);
            }
            catch (InfrastructureException ex)
            {
                throw new InfrastructureException($"the series does not build after patch {count} ({last}): {ex.Message}", ex.Details, null, ex, ex.Kind)
                {
                    Logs = ex.WithLogsKeptIn(runDirectory).Logs,
                };
            }

            // A maintainer's build is warning-free in what the series touched; the rest of the
            // tree is not ours (6.1's maple tree warns about its frame size under some configs).
            var warnings = build.Skipped ? [] : WarningsIn(await File.ReadAllLinesAsync(build.LogPath, cancellationToken), kbuild.Layout.SourceDir, touched);
            if (warnings.Count > 0)
            {
                throw new InfrastructureException(
                    $"patches 1-{count} (up to {last}) build with warnings in files the series touches", warnings, build.LogPath,
                    kind: FailureKind.KernelBuild).WithLogsKeptIn(runDirectory);
            }

            builds.Add(new PrefixBuild(count, last, build.Duration));
        }

        return builds;
    }

    /// <summary>The files a patch changes, from its <c>diff --git a/X b/X</c> lines.</summary>
    private static async Task<IEnumerable<string>> TouchedFilesAsync(string patchPath, CancellationToken cancellationToken) =>
        (await File.ReadAllLinesAsync(patchPath, cancellationToken))
            .Where(l => l.StartsWith("diff --git a/", StringComparison.Ordinal))
            .Select(l => l["diff --git a/".Length..l.IndexOf(" b/", StringComparison.Ordinal)]);

    /// <summary>The compiler's warnings about <paramref name="files"/> in a build log (paths absolute under <paramref name="sourceDir"/> in an O= build).</summary>
    internal static IReadOnlyList<string> WarningsIn(IEnumerable<string> log, string sourceDir, IReadOnlySet<string> files)
    {
        var prefix = sourceDir.TrimEnd('/') + "/";
        return log
            .Where(l => l.Contains(": warning: ", StringComparison.Ordinal))
            .Select(l => l.StartsWith(prefix, StringComparison.Ordinal) ? l[prefix.Length..] : l)
            .Where(l => files.Contains(l.Split(':', 2)[0]))
            .ToArray();
    }
}
