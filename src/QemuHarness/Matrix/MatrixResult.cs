using System.Globalization;
using UtracePatchKit.QemuHarness.Results;

namespace UtracePatchKit.QemuHarness.Matrix;

/// <summary>matrix.json: every cell's outcome and numbers, and the matrix's own verdict.</summary>
public sealed record MatrixResult(bool Passed, int Cells, int PassedCells, int FailedCells, int ErrorCells, IReadOnlyList<MatrixCellSummary> Results)
{
    public static MatrixResult From(IReadOnlyList<MergedCell> cells)
    {
        var summaries = cells.Select(MatrixCellSummary.From).ToArray();
        return new MatrixResult(
            summaries.All(s => s.Outcome == CellOutcome.Passed),
            summaries.Length,
            summaries.Count(s => s.Outcome == CellOutcome.Passed),
            summaries.Count(s => s.Outcome == CellOutcome.Failed),
            summaries.Count(s => s.Outcome == CellOutcome.Error),
            summaries);
    }
}

/// <param name="FailedScenarios">Names of the failed cases.</param>
/// <param name="ConsoleFindings">"kind: title" of every splat the console showed.</param>
public sealed record MatrixCellSummary(
    string Id,
    string Variant,
    string Kernel,
    string Profile,
    CellOutcome Outcome,
    string? Message,
    int Tests,
    int PassedTests,
    IReadOnlyList<string> FailedScenarios,
    IReadOnlyList<string> ConsoleFindings,
    double DurationSeconds,
    string? KernelVersion,
    double? BuildSeconds,
    double? BootSeconds)
{
    public static MatrixCellSummary From(MergedCell cell)
    {
        var (record, run) = (cell.Record, cell.Run);
        return new MatrixCellSummary(
            record.Cell.Id,
            record.Cell.Variant,
            record.Cell.Kernel,
            record.Cell.Profile,
            record.Outcome,
            record.Message,
            run?.Cases.Count ?? 0,
            run?.Passed ?? 0,
            run?.Cases.Where(c => c.Status == CaseStatus.Fail).Select(c => c.Name).ToArray() ?? [],
            run?.ConsoleFindings.Select(f => $"{f.Kind}: {f.Title}").ToArray() ?? [],
            record.DurationSeconds,
            Property(run, "kernel"),
            Number(run, "build_seconds"),
            Number(run, "boot_to_ready_seconds"));
    }

    private static string? Property(RunResult? run, string key) => run?.Properties.GetValueOrDefault(key);

    private static double? Number(RunResult? run, string key) =>
        double.TryParse(Property(run, key), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
