using System.Diagnostics;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.QemuHarness.Matrix;

/// <summary>
/// Runs cells one after the other on this machine, each into &lt;cellsRoot&gt;/&lt;cell id&gt;/ (the
/// run folder of a validate run, plus cell.json). A cell that cannot run (a build error, a
/// panic) is recorded as an error and the next cell runs: one broken profile does not hide the
/// others. Cancellation stops at once and leaves no cell.json for the cell it interrupted.
/// </summary>
public sealed class MatrixRunner(ProjectLayout project, IProgress<HarnessProgress>? progress = null)
{
    public async Task<IReadOnlyList<CellRecord>> RunAsync(
        IReadOnlyList<MatrixCell> cells, IReadOnlyList<Scenario> scenarios, string cellsRoot, CancellationToken cancellationToken = default)
    {
        var records = new List<CellRecord>();
        foreach (var (cell, index) in cells.Select((c, i) => (c, i)))
        {
            progress.Report("matrix", $"cell {index + 1}/{cells.Count}: {cell.Id}", 100.0 * index / cells.Count);
            var record = await RunCellAsync(cell, scenarios, Path.Combine(cellsRoot, cell.Id), cancellationToken);
            progress.Report("matrix", $"{cell.Id}: {record.Outcome.ToString().ToLowerInvariant()}", 100.0 * (index + 1) / cells.Count);
            records.Add(record);
        }

        return records;
    }

    private async Task<CellRecord> RunCellAsync(MatrixCell cell, IReadOnlyList<Scenario> scenarios, string directory, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var profile = KconfigProfile.Named(cell.Profile) ?? throw new ArgumentException($"unknown profile {cell.Profile}", nameof(cell));
        CellRecord record;
        try
        {
            var validation = new VariantValidation(project, progress, profile.Fragments(project));
            var report = await validation.RunAsync(Path.Combine(project.Root, cell.Spec), directory, scenarios, kernelLine: cell.Kernel,
                cancellationToken: cancellationToken);
            record = new CellRecord(cell, report.Passed ? CellOutcome.Passed : CellOutcome.Failed, clock.Elapsed.TotalSeconds);
        }
        catch (InfrastructureException ex) when (!cancellationToken.IsCancellationRequested)
        {
            record = new CellRecord(cell, CellOutcome.Error, clock.Elapsed.TotalSeconds, $"{ex.Kind}: {LocatedError.OneLine(ex.Message)}{FirstDetails(ex)}");
        }
        catch (InputException ex) when (!cancellationToken.IsCancellationRequested)
        {
            record = new CellRecord(cell, CellOutcome.Error, clock.Elapsed.TotalSeconds, LocatedError.OneLine(ex.Message));
        }

        Directory.CreateDirectory(directory);
        await record.WriteAsync(directory, cancellationToken);
        return record;
    }

    /// <summary>
    /// What failed, located: the Kconfig requests and their fragment lines, the first compiler
    /// errors, the patch that did not apply. Other failures' details (a console tail) stay in the logs.
    /// </summary>
    internal static string FirstDetails(InfrastructureException ex)
    {
        const int shown = 3;
        if (ex.Details.Count == 0 || ex.Kind is not (FailureKind.Kconfig or FailureKind.KernelBuild or FailureKind.PatchDoesNotApply))
            return "";
        var more = ex.Details.Count > shown ? $" (+{ex.Details.Count - shown} more)" : "";
        return $": {string.Join("; ", ex.Details.Take(shown).Select(LocatedError.OneLine))}{more}";
    }
}
