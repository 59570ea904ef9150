using Spectre.Console;
using UtracePatchKit.QemuHarness.Results;

namespace UtracePatchKit.Cli.Output;

/// <summary>Variants side by side: the answer to "which API is right?" for the scenarios we have.</summary>
internal static class ComparisonTable
{
    public static void Print(Comparison comparison)
    {
        var table = new Table().Title($"[bold]utrace API variants compared on booted Linux {Markup.Escape(comparison.Kernel)} kernels[/]").AddColumn("scenario");
        foreach (var variant in comparison.Variants)
        {
            table.AddColumn(Markup.Escape(variant.Variant));
        }

        foreach (var row in comparison.Scenarios)
        {
            table.AddRow([Markup.Escape($"{row.Id} {row.Title}"), .. comparison.Variants.Select(v => Cell(row.Cells.GetValueOrDefault(v.Variant)))]);
        }

        table.AddEmptyRow();
        AddRow(table, comparison, "gives the wanted behaviour", v => $"{v.WantedBehaviours} of {v.JudgedScenarios}");
        AddRow(table, comparison, "order at syscall entry (01)", v => v.EntryOrder ?? "-");
        AddRow(table, comparison, "order at syscall exit (01)", v => v.ExitOrder ?? "-");
        AddRow(table, comparison, "patch size (lines added)", v => v.PatchLinesAdded.ToString());
        if (comparison.Variants.Any(v => v.OverheadNanoseconds.Count > 0))
        {
            foreach (var engines in new[] { 0, 1, 4 })
            {
                AddRow(table, comparison, $"getpid with {engines} engine(s), ns (TCG)", v => v.OverheadNanoseconds.TryGetValue(engines, out var ns) ? ns.ToString() : "-");
            }
        }

        AnsiConsole.Write(table);
        PrintPoints(comparison);
        AnsiConsole.MarkupLine("wanted: the behaviour the report_resume proposal asks for; problem: the weakness it describes, seen on the kernel; FAIL: the kernel did not do what the catalog says.");
        foreach (var variant in comparison.Variants)
        {
            Console.WriteLine($"{variant.Variant}: results in {variant.RunDirectory}");
        }
    }

    /// <summary>The proposal's points (kernel-tests/proposal-points.yaml), each as its scenarios showed it.</summary>
    private static void PrintPoints(Comparison comparison)
    {
        if (comparison.Points.Count == 0)
        {
            return;
        }

        var table = new Table().Title("[bold]the report_resume proposal, point by point[/]").AddColumn("point").AddColumn("scenarios");
        foreach (var variant in comparison.Variants)
        {
            table.AddColumn(Markup.Escape(variant.Variant));
        }

        foreach (var point in comparison.Points)
        {
            table.AddRow([Markup.Escape(point.Id), Markup.Escape(string.Join(" ", point.Scenarios)),
                .. comparison.Variants.Select(v => Cell(point.Cells.GetValueOrDefault(v.Variant)))]);
        }

        AnsiConsole.Write(table);
    }

    private static void AddRow(Table table, Comparison comparison, string label, Func<VariantColumn, string> value) =>
        table.AddRow([Markup.Escape(label), .. comparison.Variants.Select(v => Markup.Escape(value(v)))]);

    private static string Cell(string? value) => value switch
    {
        "wanted" => "[green]✓ wanted[/]",
        "problem" => "[yellow]✗ problem[/]",
        "ok" => "ok",
        "FAIL" => "[red]FAIL[/]",
        "not modelled" => "[grey]not modelled[/]",
        _ => "-",
    };
}
