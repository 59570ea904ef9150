using System.Diagnostics;
using System.Globalization;
using UtracePatchKit.Generator.Spec;
using UtracePatchKit.QemuHarness.Boot;
using UtracePatchKit.QemuHarness.Build;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Results;

namespace UtracePatchKit.QemuHarness.Bench;

/// <summary>
/// <c>utpk bench</c>: per kernel line, the unpatched kernel first (the same tree and bench
/// Kconfig, no series), then each variant, each built with the bench profile, booted once and
/// timed. Each kernel's folder gets its console and QEMU logs and results.{ktap,junit.xml,json};
/// bench.json (all kernels) is written last.
/// </summary>
public sealed class BenchPipeline(ProjectLayout project, IProgress<HarnessProgress>? progress = null)
{
    /// <param name="directory">The bench's folder (created); nothing may be in it yet.</param>
    public async Task<BenchReport> RunAsync(
        IReadOnlyList<VariantSpec> specs,
        string directory,
        int runs,
        long calls,
        CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var fragments = new[] { project.BenchConfigFragment };
        var kernels = new List<BenchKernelRun>();
        foreach (var line in specs.GroupBy(s => s.KernelLine))
        {
            var unpatchedName = specs.Select(s => s.KernelLine).Distinct().Count() > 1 ? $"unpatched-{line.Key}" : "unpatched";
            var unpatchedDir = Path.Combine(directory, unpatchedName);
            var unpatched = await new UnpatchedKernelPreparer(project, progress, fragments).PrepareAsync(line.First().SourcePath, unpatchedDir, cancellationToken);
            var initramfs = await new InitramfsBuilder().BuildAsync(
                new InitramfsSpec(new GuestProgram("/init", [project.AgentSource]), [KernelPreparer.BenchProgram(project)]),
                Path.Combine(unpatchedDir, "initramfs.cpio"),
                progress,
                cancellationToken);
            kernels.Add(await BootAndMeasureAsync(
                unpatchedName, null, line.Key, unpatched.KernelVersion, unpatched.Build.BzImagePath, initramfs.Path, unpatchedDir, runs, calls, cancellationToken));

            foreach (var spec in line)
            {
                var runDirectory = Path.Combine(directory, spec.Variant);
                var kernel = await new KernelPreparer(project, progress, fragments).PrepareAsync(spec.SourcePath, runDirectory, line.Key, cancellationToken);
                kernels.Add(await BootAndMeasureAsync(
                    spec.Variant, spec.Variant, line.Key, kernel.KernelVersion, kernel.Build.BzImagePath, kernel.Initramfs, runDirectory, runs, calls, cancellationToken));
            }
        }

        var report = new BenchReport(started, clock.Elapsed, runs, calls, kernels, directory);
        await AtomicFile.WriteAllTextAsync(Path.Combine(directory, BenchReport.FileName), BenchJson.Render(report), cancellationToken);
        return report;
    }

    private async Task<BenchKernelRun> BootAndMeasureAsync(
        string name,
        string? variant,
        string kernelLine,
        string kernelVersion,
        string bzImage,
        string initramfs,
        string runDirectory,
        int runs,
        long calls,
        CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        IReadOnlyList<BenchFigure> figures;
        IReadOnlyList<ConsoleFinding> findings;
        string accelerator;
        long tscKhz;
        await using (var guest = await GuestSession.BootAsync(bzImage, initramfs, runDirectory, progress, cancellationToken))
        {
            accelerator = guest.Accelerator;
            (figures, tscKhz) = await new BenchRunner(guest.Agent, progress).RunAsync(name, BenchPlan.For(variant is not null, calls), runs, cancellationToken);
            findings = guest.ConsoleFindings();
        }

        var run = new BenchKernelRun(name, variant, kernelLine, kernelVersion, accelerator, figures, findings, runDirectory, clock.Elapsed) { TscKhz = tscKhz };
        await ResultFiles.WriteAllAsync(ToRunResult(run, started, runs, calls), runDirectory, cancellationToken: cancellationToken);
        return run;
    }

    /// <summary>Each figure a case (it fails when its engines were not called as expected), its numbers as measurements.</summary>
    private static RunResult ToRunResult(BenchKernelRun run, DateTimeOffset started, int runs, long calls) =>
        new(
            Suite: "utrace-bench",
            Variant: run.Name,
            StartedAt: started,
            Duration: run.Duration,
            Cases: run.Figures.Select(f => new CaseResult(
                $"{f.Case.Id}: {f.Case.Label}",
                f.Passed ? CaseStatus.Pass : CaseStatus.Fail,
                TimeSpan.Zero,
                f.Passed ? null : f.Problems[0],
                f.Passed ? null : f.Problems)).ToArray())
        {
            ConsoleFindings = run.ConsoleFindings,
            Paths = new Dictionary<string, string>
            {
                ["console"] = Path.Combine(run.RunDirectory, "console.log"),
                ["qemu"] = Path.Combine(run.RunDirectory, "qemu.log"),
            },
            Properties = new Dictionary<string, string>
            {
                ["kernel"] = run.KernelVersion,
                ["accelerator"] = run.Accelerator,
                ["runs"] = runs.ToString(CultureInfo.InvariantCulture),
                ["calls"] = calls.ToString(CultureInfo.InvariantCulture),
                ["tsc_khz"] = run.TscKhz.ToString(CultureInfo.InvariantCulture),
            },
            Measurements = run.Figures.Select(f => new Measurement(
                f.Case.Id, "ns/call", f.Nanoseconds.Median, f.Nanoseconds.Min, f.Nanoseconds.Max, f.Samples,
                f.Ratio is null ? null : $"{BenchCase.CallName(f.Case.Call)}/none",
                f.Ratio?.Median, f.Ratio?.Min, f.Ratio?.Max)).ToArray(),
        };
}
