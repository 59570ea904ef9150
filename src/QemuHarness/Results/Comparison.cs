using System.Globalization;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.QemuHarness.Results;

/// <summary>
/// Several validated variants, scenario by scenario and point by point of the proposal; also the
/// JSON shape of <c>utpk compare</c>. Every consumer (the CLI's table, its JSON, a report) reads
/// this one record instead of deriving verdicts from the results again.
/// </summary>
/// <param name="Kernel">The kernel line every variant of this comparison ran on.</param>
public sealed record Comparison(string Kernel, IReadOnlyList<VariantColumn> Variants, IReadOnlyList<ScenarioRow> Scenarios, IReadOnlyList<PointRow> Points)
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
            r.Scenarios.Count(s => s.Passed && s.Verdict == ProposalVerdict.Wanted),
            r.Scenarios.Count(s => s.Verdict is not null),
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
                g.ToDictionary(s => s.Variant, s => s.Cell)))
            .ToArray();
        var pointRows = points
            .Select(p => new PointRow(p.Id, p.Quote, p.Scenarios, reports.ToDictionary(r => r.Run.Variant, r => PointCell(p, r.Scenarios))))
            .ToArray();
        return new Comparison(reports[0].Kernel.Spec.KernelLine, columns, rows, pointRows);
    }

    /// <summary>
    /// A point as one variant showed it: FAIL when one of its scenarios failed, problem when one
    /// showed the problem, wanted when one showed the wanted behaviour, else ok; "not modelled"
    /// without scenarios, "-" when none of them ran.
    /// </summary>
    internal static string PointCell(ProposalPoint point, IReadOnlyList<ScenarioResult> results)
    {
        if (point.Scenarios.Count == 0)
        {
            return "not modelled";
        }

        var cells = results.Where(s => point.Scenarios.Contains(s.Scenario.Id)).Select(s => s.Cell).ToArray();
        return new[] { "FAIL", "problem", "wanted", "ok" }.FirstOrDefault(cells.Contains) ?? "-";
    }

    private static string? Order(ValidationReport report, string eventName)
    {
        var result = report.Scenarios.FirstOrDefault(s => s.Scenario.Id == OrderScenario);
        return result?.Observation is null ? null : string.Join(",", result.Observation.CallOrder(eventName, result.Scenario.Syscall));
    }
}

public sealed record VariantColumn(
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
public sealed record ScenarioRow(string Id, string Title, IReadOnlyDictionary<string, string> Cells);

/// <param name="Cells">Per variant: wanted, problem, ok, FAIL, not modelled, or "-" when its scenarios did not run.</param>
public sealed record PointRow(string Id, string Quote, IReadOnlyList<string> Scenarios, IReadOnlyDictionary<string, string> Cells);
