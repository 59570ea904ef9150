using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Build;
using UtracePatchKit.QemuHarness.Source;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>The import commit a spec's series applies to, built without the series.</summary>
/// <param name="SourceDir">The unpatched tree (a worktree at <paramref name="Commit"/>).</param>
/// <param name="UapiIncludeDir">Its installed uapi headers, for guest programs built against this tree.</param>
public sealed record UnpatchedKernel(
    string KernelVersion,
    string Commit,
    KernelBuildResult Build,
    string SourceDir,
    string UapiIncludeDir);

/// <summary>
/// The reference kernel for "utrace must not change what ptrace does": the same tree and the same
/// Kconfig fragments minus the utrace one (the validation overlay needs utrace, so it is left out
/// too). It lives in its own worktree and build dir (<see cref="CacheLayout.ForUnpatchedLine"/>), so
/// building it and a variant in turn rebuilds neither, and under its own lock.
/// </summary>
/// <param name="extraFragments">The same extra fragments a variant gets (e.g. lockdep).</param>
internal sealed class UnpatchedKernelPreparer(
    ProjectLayout project,
    IProgress<HarnessProgress>? progress = null,
    IReadOnlyList<string>? extraFragments = null)
{
    /// <param name="runDirectory">Receives a copy of the bzImage.</param>
    public async Task<UnpatchedKernel> PrepareAsync(string specPath, string runDirectory, CancellationToken cancellationToken = default)
    {
        var source = await KernelTreeSetup.EnsureForSpecAsync(project, specPath, progress, cancellationToken);
        var cache = CacheLayout.FromEnvironment();
        var kbuild = KbuildEnvironment.Detect(cache, cache.ForUnpatchedLine(source.Layout.Line, BuildProfile.For(extraFragments ?? [], project.Root)));

        await using (await KernelLineLock.AcquireAsync(kbuild.Layout, progress, cancellationToken))
        {
            await UnpatchedTree.EnsureAsync(source, kbuild.Layout, progress, cancellationToken);
            await new KconfigBuilder(kbuild).ConfigureAsync([.. project.UnpatchedConfigFragments, .. extraFragments ?? []], progress, cancellationToken);
            KernelBuildResult build;
            try
            {
                build = await new KernelBuilder(kbuild).BuildAsync(progress, cancellationToken);
            }
            catch (InfrastructureException ex) when (ex.Kind == FailureKind.KernelBuild)
            {
                throw ex.WithLogsKeptIn(runDirectory);
            }

            var headers = await new UapiHeaders(kbuild).EnsureAsync(progress, cancellationToken);

            Directory.CreateDirectory(runDirectory);
            var bzImage = Path.Combine(runDirectory, "bzImage");
            File.Copy(build.BzImagePath, bzImage, overwrite: true);
            return new UnpatchedKernel(source.KernelVersion, source.Tree.BaseCommit, build with { BzImagePath = bzImage }, kbuild.Layout.SourceDir, headers);
        }
    }
}
