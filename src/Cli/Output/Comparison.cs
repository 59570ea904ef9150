using System.Globalization;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.Cli.Output;

/// <summary>Several validated variants, scenario by scenario; also the JSON shape of <c>utpk compare</c>.</summary>
internal sealed record Comparison(IReadOnlyList<VariantColumn> Variants, IReadOnlyList<ScenarioRow> Scenarios)
{
    private const string OrderScenario = "01";

    public static Comparison From(IReadOnlyList<ValidationReport> reports)
    {
        var columns = reports.Select(r => new VariantColumn(
            r.Run.Variant,
            r.Passed,
            r.Scenarios.Count(s => s.Passed && Verdict(s) == SeedVerdict.Wanted),
            r.Scenarios.Count(s => Verdict(s) is not null),
            int.Parse(r.Run.Properties["patch_lines_added"], CultureInfo.InvariantCulture),
            Order(r, "syscall_entry"),
            Order(r, "syscall_exit"),
            r.Overhead.ToDictionary(o => o.Engines, o => o.NanosecondsPerCall),
            r.RunDirectory)).ToArray();

        var rows = reports
            .SelectMany(r => r.Scenarios)
            .GroupBy(s => s.Scenario.Id)
            .Select(g => new ScenarioRow(
                g.Key,
                g.First().Scenario.Title,
                g.ToDictionary(s => s.Variant, Cell)))
            .ToArray();
        return new Comparison(columns, rows);
    }

    private static SeedVerdict? Verdict(ScenarioResult result) =>
        result.Scenario.Seed.TryGetValue(result.Variant, out var verdict) ? verdict : null;

    /// <summary>"wanted"/"problem" when the kernel behaved as the catalog says, "FAIL" when it did not.</summary>
    private static string Cell(ScenarioResult result) =>
        !result.Passed ? "FAIL" : Verdict(result) switch
        {
            SeedVerdict.Wanted => "wanted",
            SeedVerdict.Problem => "problem",
            _ => "ok",
        };

    private static string? Order(ValidationReport report, string eventName)
    {
        var result = report.Scenarios.FirstOrDefault(s => s.Scenario.Id == OrderScenario);
        var syscall = result?.Scenario.Syscall?.ToString(CultureInfo.InvariantCulture);
        return result?.Observation is null
            ? null
            : string.Join(",", result.Observation.Log
                .Where(r => r["event"] == eventName && r["nr"] == syscall)
                .Select(r => r["engine"]));
    }
}

internal sealed record VariantColumn(
    string Variant,
    bool Passed,
    int WantedBehaviours,
    int JudgedScenarios,
    int PatchLinesAdded,
    string? EntryOrder,
    string? ExitOrder,
    IReadOnlyDictionary<int, long> OverheadNanoseconds,
    string RunDirectory);

/// <param name="Cells">Per variant: wanted, problem, ok or FAIL.</param>
internal sealed record ScenarioRow(string Id, string Title, IReadOnlyDictionary<string, string> Cells);
