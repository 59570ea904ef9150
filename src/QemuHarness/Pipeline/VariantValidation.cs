using System.Diagnostics;
using System.Globalization;
using UtracePatchKit.QemuHarness.Results;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>The outcome of validating one variant: the run (as written to disk) and the scenario verdicts.</summary>
/// <param name="Overhead">Tracing cost samples, when they were asked for.</param>
public sealed record ValidationReport(
    PreparedKernel Kernel,
    RunResult Run,
    IReadOnlyList<ScenarioResult> Scenarios,
    string RunDirectory,
    IReadOnlyList<OverheadSample> Overhead)
{
    public bool Passed => Run.Failed == 0 && Run.ConsoleFindings.Count == 0;
}

/// <summary>
/// The main job for one spec: prepare the kernel, boot it once, run the scenario catalog, and
/// write KTAP, JUnit XML and JSON plus the console log into the run folder.
/// </summary>
public sealed class VariantValidation(
    ProjectLayout project,
    IProgress<HarnessProgress>? progress = null,
    IReadOnlyList<string>? extraFragments = null)
{
    /// <param name="scenarios">The scenarios to run, loaded (and so checked) by the caller before anything is written.</param>
    /// <param name="kernelLine">One of the spec's kernel lines; null for the first it names.</param>
    public async Task<ValidationReport> RunAsync(
        string specPath,
        string runDirectory,
        IReadOnlyList<Scenario> scenarios,
        bool measureOverhead = false,
        string? kernelLine = null,
        CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(runDirectory);

        var kernel = await new KernelPreparer(project, progress, extraFragments).PrepareAsync(specPath, runDirectory, kernelLine, cancellationToken);
        var results = new List<ScenarioResult>();
        var firstScenarioAt = TimeSpan.Zero;
        IReadOnlyList<Boot.ConsoleFinding> findings;
        string accelerator;
        Boot.AgentReady ready;
        IReadOnlyList<OverheadSample> overhead = [];
        await using (var session = await ScenarioSession.BootAsync(kernel, runDirectory, progress, cancellationToken))
        {
            ready = session.Ready;
            accelerator = session.Accelerator;
            foreach (var (scenario, index) in scenarios.Select((s, i) => (s, i)))
            {
                if (index == 0)
                {
                    firstScenarioAt = clock.Elapsed;
                }

                var result = await session.RunAsync(scenario, cancellationToken);
                results.Add(result);
                progress.Report("scenarios", $"{(result.Passed ? "ok" : "FAIL")} {result.Name}", 100.0 * (index + 1) / scenarios.Count);
            }

            if (measureOverhead)
            {
                progress.Report("overhead", "timing getpid() with 0, 1 and 4 engines");
                overhead = await OverheadProbe.MeasureAsync(session, cancellationToken: cancellationToken);
            }

            findings = session.ConsoleFindings();
        }

        var run = new RunResult(
            Suite: "utrace-scenarios",
            Variant: kernel.Spec.Variant,
            StartedAt: started,
            Duration: clock.Elapsed,
            Cases: results.Select(ToCase).ToArray())
        {
            ConsoleFindings = findings,
            Paths = new Dictionary<string, string>
            {
                ["console"] = Path.Combine(runDirectory, "console.log"),
                ["build"] = kernel.Build.LogPath,
                ["patches"] = Path.Combine(runDirectory, "patches"),
            },
            Properties = new Dictionary<string, string>
            {
                ["kernel"] = kernel.KernelVersion,
                ["kernel_line"] = kernel.Spec.KernelLine,
                ["spec"] = kernel.Spec.DisplayPath,
                ["series_tip"] = kernel.SeriesTip,
                ["accelerator"] = accelerator,
                ["build_seconds"] = Seconds(kernel.Build.Duration),
                ["build_skipped"] = kernel.Build.Skipped ? "true" : "false",
                ["boot_to_ready_seconds"] = Seconds(ready.BootTime),
                ["time_to_first_scenario_seconds"] = Seconds(firstScenarioAt),
                ["patch_lines_added"] = kernel.Series.Patches.Sum(p => CountAddedLines(p.Content)).ToString(CultureInfo.InvariantCulture),
            },
        };
        await ResultFiles.WriteAllAsync(run, runDirectory, cancellationToken: cancellationToken);
        return new ValidationReport(kernel, run, results, runDirectory, overhead);
    }

    private static CaseResult ToCase(ScenarioResult result) => new(
        result.Name,
        result.Passed ? CaseStatus.Pass : CaseStatus.Fail,
        result.Duration,
        result.Passed ? null : result.Failures[0],
        result.Passed ? null : result.Failures.Concat(CallbackLines(result)).ToArray());

    private static IEnumerable<string> CallbackLines(ScenarioResult result) =>
        result.Observation is null ? [] : ["callback log:", .. result.Observation.Log.Select(r => "  " + r.Line)];

    private static int CountAddedLines(string patch) =>
        patch.Split('\n').Count(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal));

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
}
