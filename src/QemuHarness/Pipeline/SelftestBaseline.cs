using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Build;
using UtracePatchKit.QemuHarness.Selftests;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>
/// The kernel's ptrace selftests and the unpatched kernel they are first run on. The selftests are
/// compiled from the unpatched tree, and the same programs go into every variant's initramfs
/// (<see cref="KernelPreparer"/>'s guest programs), so only the kernels differ.
/// </summary>
/// <param name="RunDirectory">Holds the unpatched kernel, its initramfs and, once booted, its console log.</param>
public sealed record SelftestBaseline(SelftestSuite Suite, UnpatchedKernel Kernel, string Initramfs, string RunDirectory)
{
    public static async Task<SelftestBaseline> PrepareAsync(
        ProjectLayout project,
        string specPath,
        string runDirectory,
        IProgress<HarnessProgress>? progress = null,
        IReadOnlyList<string>? extraFragments = null,
        CancellationToken cancellationToken = default)
    {
        var kernel = await new UnpatchedKernelPreparer(project, progress, extraFragments).PrepareAsync(specPath, runDirectory, cancellationToken);
        var suite = SelftestSuite.Ptrace(kernel.SourceDir, kernel.UapiIncludeDir, project.SelftestToolsDir);
        var initramfs = await new InitramfsBuilder().BuildAsync(
            new InitramfsSpec(new GuestProgram("/init", [project.AgentSource]), suite.GuestPrograms),
            Path.Combine(runDirectory, "initramfs.cpio"),
            progress,
            cancellationToken);
        return new SelftestBaseline(suite, kernel, initramfs.Path, runDirectory);
    }

    /// <summary>Boots the unpatched kernel, runs every selftest on it and powers it off.</summary>
    /// <exception cref="InfrastructureException">The unpatched kernel printed a splat: it is no reference then.</exception>
    public async Task<IReadOnlyList<SelftestRun>> RunAsync(IProgress<HarnessProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var guest = await GuestSession.BootAsync(Kernel.Build.BzImagePath, Initramfs, RunDirectory, progress, cancellationToken);
        progress.Report("selftests", $"running {Suite.Tests.Count} {Suite.Folder} selftests on the unpatched kernel");
        var runs = await new SelftestRunner(guest.Agent).RunAsync(Suite, cancellationToken);
        var findings = guest.ConsoleFindings();
        if (findings.Count > 0)
            throw new InfrastructureException(
                $"the unpatched kernel printed {findings.Count} splat(s) while booting or running the selftests",
                findings.SelectMany(f => f.Lines.Prepend($"{f.Kind}: {f.Title}")),
                guest.ConsoleLogPath);
        return runs;
    }
}
