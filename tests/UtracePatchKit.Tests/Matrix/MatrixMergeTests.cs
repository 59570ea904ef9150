using System.Text.Json;
using System.Xml.Linq;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Matrix;
using UtracePatchKit.QemuHarness.Results;
using UtracePatchKit.Tests.Generator;
using Xunit;

namespace UtracePatchKit.Tests.Matrix;

/// <summary>
/// The merge on cell folders as a local run writes them (the run's own result writers plus
/// cell.json), laid out as CI artifacts unpack (one more folder per artifact).
/// </summary>
public sealed class MatrixMergeTests : IDisposable
{
    private static readonly MatrixCell Plain = new("report-resume", "specs/report-resume.yaml", "6.12", "plain");
    private static readonly MatrixCell Lockdep = new("report-resume", "specs/report-resume.yaml", "6.12", "lockdep");
    private static readonly MatrixCell Kasan = new("report-resume", "specs/report-resume.yaml", "6.12", "kasan");

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static MatrixPlan Plan => new([Plain, Lockdep, Kasan]);

    private DisplayPaths Paths => new(_dir.Path);

    private async Task<string> WriteCellAsync(MatrixCell cell, CellOutcome outcome, params CaseResult[] cases)
    {
        var directory = Path.Combine(_dir.Path, "cells", $"cell-{cell.Id}", "cells", cell.Id);
        Directory.CreateDirectory(directory);
        if (cases.Length > 0)
        {
            var run = new RunResult("utrace-scenarios", cell.Variant, DateTimeOffset.Parse("2026-11-29T00:00:00Z"), TimeSpan.FromSeconds(40), cases)
            {
                Properties = new Dictionary<string, string> { ["kernel"] = "6.12.117", ["build_seconds"] = "345.00", ["boot_to_ready_seconds"] = "1.20" },
            };
            await ResultFiles.WriteAllAsync(run, directory);
        }

        await new CellRecord(cell, outcome, 400, outcome == CellOutcome.Error ? "KernelBuild: make failed" : null).WriteAsync(directory, CancellationToken.None);
        return directory;
    }

    [Fact]
    public async Task Merges_cells_into_one_json_and_one_junit_and_names_a_missing_cell_as_an_error()
    {
        await WriteCellAsync(Plain, CellOutcome.Passed, new CaseResult("01 syscall order", CaseStatus.Pass, TimeSpan.FromSeconds(1)));
        await WriteCellAsync(Lockdep, CellOutcome.Failed, new CaseResult("05 enforcer", CaseStatus.Fail, TimeSpan.FromSeconds(2), "wrong order"));

        var cells = MatrixMerge.Read(Plan, Path.Combine(_dir.Path, "cells"), Paths);
        var result = await MatrixMerge.WriteAsync(cells, Path.Combine(_dir.Path, "out"));

        Assert.False(result.Passed);
        Assert.Equal((3, 1, 1, 1), (result.Cells, result.PassedCells, result.FailedCells, result.ErrorCells));
        Assert.Equal(["report-resume-6.12-plain", "report-resume-6.12-lockdep", "report-resume-6.12-kasan"], result.Results.Select(r => r.Id));
        Assert.Equal(345.0, result.Results[0].BuildSeconds);
        Assert.Equal(["05 enforcer"], result.Results[1].FailedScenarios);
        Assert.Contains("did not run", result.Results[2].Message);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir.Path, "out", MatrixMerge.JsonFileName)));
        Assert.Equal("failed", json.RootElement.GetProperty("results")[1].GetProperty("outcome").GetString());
        var junit = XDocument.Load(Path.Combine(_dir.Path, "out", MatrixMerge.JUnitFileName));
        Assert.Equal(["report-resume-6.12-plain", "report-resume-6.12-lockdep", "report-resume-6.12-kasan"],
            junit.Root!.Elements("testsuite").Select(s => (string)s.Attribute("name")!));
        Assert.Equal(("3", "2"), ((string)junit.Root.Attribute("tests")!, (string)junit.Root.Attribute("failures")!));
    }

    [Fact]
    public async Task A_cell_error_without_results_keeps_its_reason()
    {
        await WriteCellAsync(Kasan, CellOutcome.Error);

        var cells = MatrixMerge.Read(Plan, Path.Combine(_dir.Path, "cells"), Paths);

        Assert.Equal("KernelBuild: make failed", cells.Single(c => c.Record.Cell == Kasan).Record.Message);
        Assert.Null(cells.Single(c => c.Record.Cell == Kasan).Run);
    }

    [Fact]
    public async Task A_cell_twice_a_foreign_cell_and_a_broken_record_are_located_errors()
    {
        await WriteCellAsync(Plain, CellOutcome.Passed, new CaseResult("01", CaseStatus.Pass, TimeSpan.Zero));
        var again = Path.Combine(_dir.Path, "cells", "again");
        Directory.CreateDirectory(again);
        File.Copy(Path.Combine(await WriteCellAsync(Lockdep, CellOutcome.Passed), CellRecord.FileName), Path.Combine(again, CellRecord.FileName));
        await new CellRecord(Plain with { Kernel = "6.6" }, CellOutcome.Passed, 1).WriteAsync(Path.Combine(_dir.Path, "cells", "foreign"), CancellationToken.None);
        _dir.Write("cells/broken/cell.json", "{ \"cell\": ");

        var errors = Assert.Throws<InputException>(() => MatrixMerge.Read(Plan, Path.Combine(_dir.Path, "cells"), Paths)).Errors;

        Assert.Contains(errors, e => e.File == "cells/broken/cell.json" && e.Message.StartsWith("not a cell record", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.File == "cells/foreign/cell.json" && e.Message == "cell report-resume-6.6-plain is not part of this matrix");
        Assert.Contains(errors, e => e.Message.StartsWith("cell report-resume-6.12-lockdep is also in", StringComparison.Ordinal));
    }
}
