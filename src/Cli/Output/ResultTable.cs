using Spectre.Console;
using UtracePatchKit.QemuHarness.Pipeline;

namespace UtracePatchKit.Cli.Output;

/// <summary>The human-readable verdict of one validated variant.</summary>
internal static class ResultTable
{
    public static void Print(ValidationReport report)
    {
        var table = new Table()
            .Title($"[bold]{Markup.Escape(report.Run.Variant)}[/] on Linux {Markup.Escape(report.Kernel.KernelVersion)}")
            .AddColumns("scenario", "result", "time", "why");
        foreach (var scenario in report.Scenarios)
        {
            table.AddRow(
                Markup.Escape($"{scenario.Scenario.Id} {scenario.Scenario.Title}"),
                scenario.Passed ? "[green]pass[/]" : "[red]FAIL[/]",
                $"{scenario.Duration.TotalSeconds:0.0}s",
                Markup.Escape(scenario.Passed ? "" : scenario.Failures[0]));
        }

        AnsiConsole.Write(table);
        foreach (var finding in report.Run.ConsoleFindings)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]kernel console: {finding.Kind}: {finding.Title}[/]");
        }

        var properties = report.Run.Properties;
        Console.WriteLine($"build {properties["build_seconds"]} s{(properties["build_skipped"] == "true" ? " (nothing to rebuild)" : "")}, " +
                          $"boot to agent {properties["boot_to_ready_seconds"]} s ({properties["accelerator"]}), results in {report.RunDirectory}");
        Console.WriteLine($"{report.Run.Variant}: {report.Run.Passed} passed, {report.Run.Failed} failed");
    }
}
