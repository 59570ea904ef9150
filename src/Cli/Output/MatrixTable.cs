using Spectre.Console;
using UtracePatchKit.QemuHarness.Matrix;

namespace UtracePatchKit.Cli.Output;

/// <summary>The matrix's verdict, one row per cell.</summary>
internal static class MatrixTable
{
    public static void Print(MatrixResult result, string output)
    {
        var table = new Table().Title("[bold]utrace matrix[/]").AddColumns("cell", "result", "scenarios", "build", "boot", "time", "why");
        foreach (var cell in result.Results)
        {
            table.AddRow(
                Markup.Escape(cell.Id),
                cell.Outcome switch { CellOutcome.Passed => "[green]pass[/]", CellOutcome.Failed => "[red]FAIL[/]", _ => "[red]ERROR[/]" },
                $"{cell.PassedTests}/{cell.Tests}",
                cell.BuildSeconds is { } build ? $"{build:0}s" : "",
                cell.BootSeconds is { } boot ? $"{boot:0.0}s" : "",
                $"{cell.DurationSeconds:0}s",
                Markup.Escape(Why(cell)));
        }

        AnsiConsole.Write(table);
        Console.WriteLine($"{result.PassedCells} of {result.Cells} cells passed ({result.FailedCells} failed, {result.ErrorCells} in error); " +
                          $"{Path.Combine(output, MatrixMerge.JsonFileName)}, {Path.Combine(output, MatrixMerge.JUnitFileName)}");
    }

    private static string Why(MatrixCellSummary cell) =>
        cell.Message ?? string.Join(", ", cell.FailedScenarios.Concat(cell.ConsoleFindings).Take(4));
}
