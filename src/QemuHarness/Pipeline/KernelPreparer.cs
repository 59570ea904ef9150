using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Output;
using UtracePatchKit.Generator;
using UtracePatchKit.QemuHarness.Build;
using UtracePatchKit.QemuHarness.Source;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>
/// spec → series → commits on the cached base tree → validation overlay → checkout → Kconfig →
/// bzImage → initramfs. Every step is incremental: a second run with nothing changed rebuilds
/// nothing, and switching variants rewrites (and rebuilds) only the files that differ.
/// </summary>
/// <param name="extraFragments">Kconfig fragments on top of kernel-tests/configs/*.config (e.g. lockdep); each set of
/// them is built in its own directory (<see cref="BuildProfile"/>).</param>
/// <param name="guestPrograms">Programs for the initramfs besides the agent (e.g. the kernel's selftests).</param>
public sealed class KernelPreparer(
    ProjectLayout project,
    IProgress<HarnessProgress>? progress = null,
    IReadOnlyList<string>? extraFragments = null,
    IReadOnlyList<GuestProgram>? guestPrograms = null)
{
    private readonly SeriesApplier _applier = new();

    /// <summary>The extra fragments as a build profile: they choose the <c>make O=</c> directory.</summary>
    public BuildProfile Profile { get; } = BuildProfile.For(extraFragments ?? [], project.Root);

    /// <summary>The series of a spec, rendered against the cached tree and written as patch files.</summary>
    /// <param name="kernelLine">One of the spec's kernel lines; null for the first it names.</param>
    public async Task<GeneratedVariant> GenerateAsync(string specPath, string runDirectory, string? kernelLine = null, CancellationToken cancellationToken = default)
    {
        var loaded = SpecInputs.Load(project, specPath);
        var spec = kernelLine is null ? loaded : loaded.ForLine(kernelLine);
        var source = await KernelTreeSetup.EnsureForLineAsync(spec.KernelLine, progress, cancellationToken);

        progress.Report("generate", $"rendering the {spec.Variant} series for Linux {spec.KernelLine}");
        var series = await SeriesGenerator.GenerateAsync(
            new GenerateRequest(specPath, project.TemplatesRoot, source.Tree) { RepoRoot = project.Root, KernelLine = spec.KernelLine },
            cancellationToken);
        // Only a shipped spec's series is committed under patches/ (see SeriesOutput).
        var stale = project.IsShippedSpec(specPath) ? SeriesWriter.Diff(series, project.PatchesRoot) : [];
        if (stale.Count > 0)
        {
            progress.Report("generate", $"patches/{series.RelativeDirectory} is out of date ({stale.Count} file(s)); run 'utpk generate' to refresh it");
        }

        var patchFiles = WritePatchFiles(series, Path.Combine(runDirectory, "patches"));
        return new GeneratedVariant(spec, source, series, patchFiles, stale);
    }

    /// <param name="runDirectory">Receives the exact patch files that were applied, the kernel and the initramfs.</param>
    /// <param name="kernelLine">One of the spec's kernel lines; null for the first it names.</param>
    public async Task<PreparedKernel> PrepareAsync(string specPath, string runDirectory, string? kernelLine = null, CancellationToken cancellationToken = default)
    {
        var (spec, source, series, patchFiles, stale) = await GenerateAsync(specPath, runDirectory, kernelLine, cancellationToken);
        var repo = source.Tree.RepoPath;
        var cache = CacheLayout.FromEnvironment();
        var kbuild = KbuildEnvironment.Detect(cache, cache.ForLine(spec.KernelLine, Profile));

        // src/ and build/ are shared by every run of this kernel line: hold them from the
        // checkout until the kernel and initramfs are copied into the run folder.
        string seriesTip, testTip;
        KernelBuildResult build;
        InitramfsResult initramfs;
        await using (await KernelLineLock.AcquireAsync(kbuild.Layout, progress, cancellationToken))
        {
            progress.Report("apply", $"applying {patchFiles.Count} patch files to Linux {source.KernelVersion}");
            seriesTip = await _applier.ApplyAsync(repo, source.Tree.BaseCommit, patchFiles, progress, cancellationToken);

            var overlay = await SeriesGenerator.GenerateOverlayAsync(
                new OverlayRequest(specPath, project.OverlayPath, project.OverlayTemplatesRoot, repo, seriesTip) { RepoRoot = project.Root, KernelLine = spec.KernelLine },
                cancellationToken);
            testTip = overlay.Tip;
            await _applier.CheckoutAsync(repo, testTip, progress, cancellationToken);

            await new KconfigBuilder(kbuild).ConfigureAsync([.. project.ConfigFragments, .. extraFragments ?? []], progress, cancellationToken);
            try
            {
                build = await new KernelBuilder(kbuild).BuildAsync(progress, cancellationToken);
            }
            catch (InfrastructureException ex) when (ex.Kind == FailureKind.KernelBuild)
            {
                throw ex.WithLogsKeptIn(runDirectory);
            }

            initramfs = await new InitramfsBuilder().BuildAsync(
                new InitramfsSpec(new GuestProgram("/init", [project.AgentSource]), [.. GuestPrograms(project), .. guestPrograms ?? []]),
                Path.Combine(kbuild.Layout.StateDir, "initramfs.cpio"),
                progress,
                cancellationToken);
            build = build with { BzImagePath = CopyInto(runDirectory, build.BzImagePath) };
            initramfs = initramfs with { Path = CopyInto(runDirectory, initramfs.Path) };
        }

        return new PreparedKernel(spec, source.KernelVersion, series, seriesTip, testTip, build, initramfs.Path, stale);
    }

    /// <summary>
    /// The programs scenarios run with an <c>exec</c> step (kernel-tests/guest/),
    /// <c>/utpk-provoke</c>, which makes a kernel built with lkdtm.config print a real splat, and
    /// <c>/utpk-bench</c>, what <c>utpk bench</c> times.
    /// </summary>
    public static IReadOnlyList<GuestProgram> GuestPrograms(ProjectLayout project)
    {
        string Source(string name) => Path.Combine(project.Root, "kernel-tests", "guest", name);
        return
        [
            new GuestProgram("/utpk-hostile", [Source("hostile.c")]),
            new GuestProgram("/utpk-churn", [Source("churn.c")], ["-pthread"]),
            new GuestProgram("/utpk-provoke", [Source("provoke.c")]),
            new GuestProgram("/utpk-citizen", [Source("citizen.c")]),
            BenchProgram(project),
        ];
    }

    /// <summary><c>/utpk-bench</c>: it also goes into the unpatched bench kernel's initramfs.</summary>
    public static GuestProgram BenchProgram(ProjectLayout project) =>
        new("/utpk-bench", [Path.Combine(project.Root, "kernel-tests", "guest", "bench.c")]);

    private static string CopyInto(string directory, string file)
    {
        var copy = Path.Combine(directory, Path.GetFileName(file));
        File.Copy(file, copy, overwrite: true);
        return copy;
    }

    private static IReadOnlyList<string> WritePatchFiles(GeneratedSeries series, string directory)
    {
        Directory.CreateDirectory(directory);
        return series.Patches
            .Select(patch =>
            {
                var path = Path.Combine(directory, patch.Name);
                File.WriteAllText(path, patch.Content);
                return path;
            })
            .ToArray();
    }
}
