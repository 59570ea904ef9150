using System.Globalization;
using System.Text.Json;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Input;
using UtracePatchKit.QemuHarness.Bench;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Report;

namespace UtracePatchKit.Cli.Commands;

/// <summary>What <c>compare --report</c> reads besides the runs (a bench.json), checked before anything runs, and where the report goes.</summary>
internal static class ReportInputs
{
    /// <summary>The bench.json named with --bench, else the newest one under the runs folder, else none.</summary>
    /// <exception cref="InputException">The file is unreadable or not a bench.json (file:line:column).</exception>
    public static (BenchJson.BenchDocument Document, string Path)? LoadBench(CompareCommand.Settings settings)
    {
        var project = ProjectLayout.Find();
        var path = settings.Bench is { } named ? System.IO.Path.GetFullPath(named) : Newest(settings.RunsDirectory ?? project.RunsDir);
        if (path is null)
        {
            return null;
        }

        var display = new DisplayPaths(project.Root).Of(path);
        var text = InputFile.ReadText(path, display, "bench.json");
        try
        {
            return (BenchJson.Read(text), path);
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? -1) + 1;
            var column = (int)(ex.BytePositionInLine ?? -1) + 1;
            throw new InputException([new LocatedError(display, line, column, $"not a bench.json: {ex.Message}", "pass the bench.json that utpk bench wrote")]);
        }
    }

    public static Task<string> WriteAsync(
        CompareCommand.Settings settings,
        IReadOnlyList<ValidationReport> reports,
        (BenchJson.BenchDocument Document, string Path)? bench,
        CancellationToken cancellationToken)
    {
        var runs = System.IO.Path.GetFullPath(settings.RunsDirectory ?? ProjectLayout.Find().RunsDir);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var report = ComparisonReport.From(reports, bench?.Document, bench?.Path);
        return ReportFiles.WriteAsync(report, System.IO.Path.Combine(runs, $"{stamp}-compare"), cancellationToken);
    }

    private static string? Newest(string runs) =>
        Directory.Exists(runs)
            ? Directory.EnumerateDirectories(runs, "*-bench")
                .Select(d => System.IO.Path.Combine(d, BenchReport.FileName))
                .Where(File.Exists)
                .Order(StringComparer.Ordinal)
                .LastOrDefault()
            : null;
}
