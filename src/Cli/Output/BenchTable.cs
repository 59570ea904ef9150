using System.Globalization;
using Spectre.Console;
using UtracePatchKit.QemuHarness.Bench;

namespace UtracePatchKit.Cli.Output;

/// <summary>The bench as a table: one row per case, one column per booted kernel; then the hot-path targets.</summary>
internal static class BenchTable
{
    public static void Print(BenchReport report)
    {
        var table = new Table()
            .Title($"[bold]cost per call, ns: median (min-max) and x the untraced call of the same boot; {report.Runs} runs, {Markup.Escape(report.Accelerator)}[/]")
            .AddColumn("case");
        foreach (var kernel in report.Kernels)
        {
            table.AddColumn(Markup.Escape(kernel.Name), c => c.RightAligned());
        }

        var ids = report.Kernels.SelectMany(k => k.Figures.Select(f => f.Case)).DistinctBy(c => c.Id).ToArray();
        foreach (var benchCase in ids)
        {
            table.AddRow([Markup.Escape(benchCase.Label), .. report.Kernels.Select(k => Cell(k.Figure(benchCase.Id)))]);
        }

        AnsiConsole.Write(table);
        PrintTargets(report);
        foreach (var kernel in report.Kernels)
        {
            foreach (var finding in kernel.ConsoleFindings)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{kernel.Name}: kernel console: {finding.Kind}: {finding.Title}[/]");
            }

            foreach (var problem in kernel.Figures.SelectMany(f => f.Problems.Select(p => $"{f.Case.Id}: {p}")))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{kernel.Name}: {problem}[/]");
            }
        }

        Console.WriteLine($"bench.json and each kernel's logs and results in {report.Directory}");
    }

    private static void PrintTargets(BenchReport report)
    {
        var targets = report.Targets;
        if (targets.Count == 0)
        {
            return;
        }

        var table = new Table().Title("[bold]hot-path targets (getpid)[/]").AddColumns("variant",
            $"1 engine's added cost / seccomp's (<= {BenchTargets.OneEngineVsSeccompTarget:0.0})",
            $"16 engines / bare (<= {BenchTargets.SixteenEnginesTarget:0.0})",
            $"no engine / unpatched (<= {BenchTargets.UntracedVsUnpatchedTarget:0.00})");
        foreach (var t in targets)
        {
            table.AddRow(Markup.Escape(t.Variant), Verdict(t.OneEngineVsSeccomp, t.OneEngineVsSeccompMet),
                Verdict(t.SixteenEngines, t.SixteenEnginesMet), Verdict(t.UntracedVsUnpatched, t.UntracedVsUnpatchedMet));
        }

        AnsiConsole.Write(table);
    }

    private static string Cell(BenchFigure? figure)
    {
        if (figure is null)
        {
            return "-";
        }

        var ns = figure.Nanoseconds;
        var text = $"{Number(ns.Median)} ({Number(ns.Min)}-{Number(ns.Max)})";
        if (figure.Ratio is { } ratio)
        {
            text += $" x{ratio.Median.ToString(ratio.Median < 10 ? "0.00" : "0", CultureInfo.InvariantCulture)}";
        }

        return figure.Passed ? Markup.Escape(text) : $"[red]{Markup.Escape(text)} FAIL[/]";
    }

    private static string Verdict(double? value, bool? met) => value is not { } v
        ? "-"
        : met == true ? $"[green]{v.ToString("0.00", CultureInfo.InvariantCulture)} met[/]" : $"[yellow]{v.ToString("0.00", CultureInfo.InvariantCulture)} not met[/]";

    private static string Number(double ns) => ns.ToString(ns < 100 ? "0.0" : "0", CultureInfo.InvariantCulture);
}
