using System.Text.Json;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Results;

namespace UtracePatchKit.QemuHarness.Matrix;

/// <summary>One cell as merged: its record and, when it got that far, its run.</summary>
public sealed record MergedCell(CellRecord Record, RunResult? Run, string Directory);

/// <summary>
/// Cell folders (cell.json + results.json, found at any depth, as a local run leaves them or as CI
/// artifacts unpack) → one combined result: matrix.json and matrix.junit.xml. A planned cell
/// without a folder is an error cell, so a job that died before its upload is not a silent pass.
/// Local runs and the CI merge job use this same code.
/// </summary>
public static class MatrixMerge
{
    public const string JsonFileName = "matrix.json";
    public const string JUnitFileName = "matrix.junit.xml";

    /// <exception cref="InputException">A cell folder is unreadable, belongs to no planned cell, or appears twice.</exception>
    public static IReadOnlyList<MergedCell> Read(MatrixPlan plan, string cellsRoot, DisplayPaths paths)
    {
        var errors = new ErrorList();
        var found = new Dictionary<string, MergedCell>(StringComparer.Ordinal);
        IEnumerable<string> files = Directory.Exists(cellsRoot)
            ? Directory.EnumerateFiles(cellsRoot, CellRecord.FileName, SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [];
        foreach (var file in files)
        {
            try
            {
                var record = CellRecord.Read(file, paths.Of(file));
                var directory = Path.GetDirectoryName(file)!;
                if (plan.Find(record.Cell.Id) is null)
                    errors.Add(new LocatedError(paths.Of(file), 0, 0, $"cell {record.Cell.Id} is not part of this matrix",
                        "merge with the same specs, --kernel and --profile the cells ran with"));
                else if (found.TryGetValue(record.Cell.Id, out var first))
                    errors.Add(new LocatedError(paths.Of(file), 0, 0, $"cell {record.Cell.Id} is also in {paths.Of(first.Directory)}", "keep one folder per cell"));
                else
                    found[record.Cell.Id] = new MergedCell(record, ReadRun(directory, paths), directory);
            }
            catch (InputException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        errors.ThrowIfAny();
        return plan.Cells
            .Select(cell => found.TryGetValue(cell.Id, out var merged)
                ? merged
                : new MergedCell(new CellRecord(cell, CellOutcome.Error, 0, "no results: the cell did not run or its artifacts are missing"), null, ""))
            .ToArray();
    }

    /// <summary>Writes matrix.json and matrix.junit.xml into <paramref name="outputDirectory"/>, each atomically.</summary>
    public static async Task<MatrixResult> WriteAsync(IReadOnlyList<MergedCell> cells, string outputDirectory, CancellationToken cancellationToken = default)
    {
        var result = MatrixResult.From(cells);
        Directory.CreateDirectory(outputDirectory);
        await AtomicFile.WriteAllTextAsync(Path.Combine(outputDirectory, JsonFileName),
            JsonSerializer.Serialize(result, CellRecord.Options) + "\n", cancellationToken);
        await AtomicFile.WriteAllTextAsync(Path.Combine(outputDirectory, JUnitFileName),
            JUnitWriter.RenderAll("utrace-matrix", cells.Select(c => (c.Record.Cell.Id, c.Run ?? ErrorRun(c.Record))).ToArray()), cancellationToken);
        return result;
    }

    private static RunResult? ReadRun(string directory, DisplayPaths paths)
    {
        var path = Path.Combine(directory, "results.json");
        return File.Exists(path) ? JsonResultReader.Read(path, paths.Of(path)) : null;
    }

    // A cell that never produced results still shows in JUnit, as one failed case saying why.
    private static RunResult ErrorRun(CellRecord record) =>
        new("utrace-scenarios", record.Cell.Variant, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(record.DurationSeconds),
            [new CaseResult("build, boot and run the catalog", CaseStatus.Fail, TimeSpan.Zero, record.Message ?? "the cell ended in error")]);
}
