using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using UtracePatchKit.Cli.Output;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Results;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.Cli.Commands;

/// <summary>
/// <c>utpk compare</c>: validate several variants (default: every shipped spec) and show them
/// side by side — which scenarios give the behaviour the proposal asks for, the callback order
/// each produced, patch size and, with --overhead, what tracing costs.
/// </summary>
internal sealed class CompareCommand : AsyncCommand<CompareCommand.Settings>
{
    public sealed class Settings : ValidateCommand.Settings
    {
        [CommandOption("--overhead")]
        [Description("Also time getpid() with 0, 1 and 4 engines on each variant.")]
        public bool Overhead { get; init; }

        [CommandOption("--report")]
        [Description("Also write report.html (self-contained, inline SVG) and report.md (Mermaid) into runs/<time>-compare/.")]
        public bool Report { get; init; }

        [CommandOption("--bench <FILE>")]
        [Description("The bench.json whose figures the report charts (default: the newest runs/*-bench/bench.json, if any).")]
        public string? Bench { get; init; }

        public override ValidationResult Validate() =>
            Bench is not null && !Report ? ValidationResult.Error("--bench only goes with --report") : base.Validate();
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        Reporter.GuardAsync(settings.Json, cancellationToken, async () =>
        {
            var bench = settings.Report ? ReportInputs.LoadBench(settings) : null;
            var reports = await ValidateCommand.ValidateAllAsync(settings, allByDefault: true, settings.Overhead, cancellationToken);
            var points = ProposalPoints.Load(ProjectLayout.Find().ProposalPointsFile);
            var comparisons = Comparison.PerLine(reports, points);
            if (settings.Json)
            {
                // One line keeps the single object; several give one object per line.
                if (comparisons.Count == 1)
                    Json.Print(comparisons[0]);
                else
                    Json.Print(comparisons);
            }
            else
            {
                foreach (var comparison in comparisons)
                    ComparisonTable.Print(comparison);
            }

            if (settings.Report)
            {
                var page = await ReportInputs.WriteAsync(settings, reports, bench, cancellationToken);
                Console.Error.WriteLine($"report: {page} and {Path.ChangeExtension(page, ".md")}");
            }

            return reports.All(r => r.Passed) ? ExitCodes.Pass : ExitCodes.Failure;
        });
}
