using System.Globalization;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>Cost of one getpid() with this many engines watching syscall entry and exit.</summary>
public sealed record OverheadSample(int Engines, long NanosecondsPerCall);

/// <summary>
/// Measures what tracing costs on a booted variant: a tight loop of raw getpid() calls with 0, 1
/// and 4 quiet engines (callbacks that return at once) on syscall entry and exit. Under TCG the absolute numbers are inflated; compare them
/// between variants and engine counts, not with real hardware.
/// </summary>
internal static class OverheadProbe
{
    public static async Task<IReadOnlyList<OverheadSample>> MeasureAsync(
        ScenarioSession session,
        int calls = 20_000,
        int repeats = 3,
        CancellationToken cancellationToken = default)
    {
        var band = session.Spec.DefaultBand ?? session.Spec.Bands[0].Name;
        var samples = new List<OverheadSample>();
        foreach (var count in new[] { 0, 1, 4 })
        {
            var engines = Enumerable.Range(1, count)
                .Select(i => new EngineSetup($"P{i}", band, ["syscall_entry", "syscall_exit"], Quiet: true))
                .ToArray();
            var best = long.MaxValue;
            for (var run = 0; run < repeats; run++)
            {
                var scenario = Scenario.Adhoc($"getpid x{calls}, {count} engines", ["getpid_loop", calls.ToString(CultureInfo.InvariantCulture)], 39, engines);
                var seen = await session.ObserveAsync(scenario, cancellationToken);
                best = Math.Min(best, long.Parse(seen.Report["ns_per_call"], CultureInfo.InvariantCulture));
            }

            samples.Add(new OverheadSample(count, best));
        }

        return samples;
    }
}
