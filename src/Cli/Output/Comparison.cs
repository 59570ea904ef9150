using System.Globalization;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.Cli.Output;

/// <summary>Several validated variants, scenario by scenario; also the JSON shape of <c>utpk compare</c>.</summary>
/// <param name="Kernel">The kernel line every variant of this comparison ran on.</param>
internal sealed record Comparison(string Kernel, IReadOnlyList<VariantColumn> Variants, IReadOnlyList<ScenarioRow> Scenarios, IReadOnlyList<PointRow> Points)
{
    private const string OrderScenario = "01";

    /// <summary>One comparison per kernel line: variants are only compared on the same kernel.</summary>
    public static IReadOnlyList<Comparison> PerLine(IReadOnlyList<ValidationReport> reports, IReadOnlyList<ProposalPoint> points) =>
        reports.GroupBy(r => r.Kernel.Spec.KernelLine).Select(g => From(g.ToArray(), points)).ToArray();

    /// <param name="reports">Validations on one kernel line.</param>
    public static Comparison From(IReadOnlyList<ValidationReport> reports, IReadOnlyList<ProposalPoint> points)
    {
        var columns = reports.Select(r => new VariantColumn(
            r.Run.Variant,
            r.Passed,
            r.Scenarios.Count(s => s.Passed && Verdict(s) == ProposalVerdict.Wanted),
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
        var pointRows = points
            .Select(p => new PointRow(p.Id, p.Quote, p.Scenarios, reports.ToDictionary(r => r.Run.Variant, r => PointCell(p, r))))
            .ToArray();
        return new Comparison(reports[0].Kernel.Spec.KernelLine, columns, rows, pointRows);
    }

    /// <summary>
    /// A point as one variant showed it: FAIL when one of its scenarios failed, problem when one
    /// showed the problem, wanted when one showed the wanted behaviour, else ok; "not modelled"
    /// without scenarios, "-" when none of them ran.
    /// </summary>
    private static string PointCell(ProposalPoint point, ValidationReport report)
    {
        if (point.Scenarios.Count == 0)
        {
            return "not modelled";
        }

        var cells = report.Scenarios.Where(s => point.Scenarios.Contains(s.Scenario.Id)).Select(Cell).ToArray();
        return new[] { "FAIL", "problem", "wanted", "ok" }.FirstOrDefault(cells.Contains) ?? "-";
    }

    private static ProposalVerdict? Verdict(ScenarioResult result) =>
        result.Scenario.ProposalVerdicts.TryGetValue(result.Variant, out var verdict) ? verdict : null;

    /// <summary>"wanted"/"problem" when the kernel behaved as the catalog says, "FAIL" when it did not.</summary>
    private static string Cell(ScenarioResult result) =>
        !result.Passed ? "FAIL" : Verdict(result) switch
        {
            ProposalVerdict.Wanted => "wanted",
            ProposalVerdict.Problem => "problem",
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

/// <param name="Cells">Per variant: wanted, problem, ok, FAIL, not modelled, or "-" when its scenarios did not run.</param>
internal sealed record PointRow(string Id, string Quote, IReadOnlyList<string> Scenarios, IReadOnlyDictionary<string, string> Cells);
