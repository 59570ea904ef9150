using UtracePatchKit.QemuHarness;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Selftests;

namespace UtracePatchKit.KernelTests;

/// <summary>
/// The unpatched kernel and its ptrace selftest results, shared by every variant. Prepared once per
/// test run, before the first variant kernel (whose initramfs needs the selftests it builds); booted
/// once, by the first test that compares against it. A variant's VM idles meanwhile, and a build
/// there would take long enough for its silence watchdog to kill it, hence the split.
/// </summary>
internal static class UnpatchedBaseline
{
    private static readonly Lock Gate = new();
    private static readonly IProgress<HarnessProgress> Progress =
        new Progress<HarnessProgress>(p => Console.Error.WriteLine($"[unpatched] [{p.Stage}] {p.Message}"));

    private static Task<SelftestBaseline>? _prepared;
    private static Task<IReadOnlyList<SelftestRun>>? _results;

    /// <param name="specPath">Any variant's spec: the baseline is the tree its series applies to.</param>
    public static Task<SelftestBaseline> PrepareAsync(ProjectLayout project, string specPath)
    {
        lock (Gate)
        {
            return _prepared ??= SelftestBaseline.PrepareAsync(
                project, specPath, Path.Combine(project.RunsDir, "tests", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-unpatched"), Progress);
        }
    }

    /// <summary>The selftests' results on the unpatched kernel (also written to its run folder).</summary>
    public static Task<IReadOnlyList<SelftestRun>> ResultsAsync(SelftestBaseline baseline)
    {
        lock (Gate)
        {
            return _results ??= RunAsync(baseline);
        }
    }

    private static async Task<IReadOnlyList<SelftestRun>> RunAsync(SelftestBaseline baseline)
    {
        var runs = await baseline.RunAsync(Progress);
        await File.WriteAllLinesAsync(Path.Combine(baseline.RunDirectory, "ptrace-selftests.txt"), SelftestReport.Lines(runs));
        return runs;
    }
}
