using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using UtracePatchKit.Cli.Output;
using UtracePatchKit.QemuHarness.Pipeline;

namespace UtracePatchKit.Cli.Commands;

/// <summary>
/// <c>utpk validate</c>, the main job: for each spec, generate → apply → build → boot → run the
/// scenario catalog → report. Exit 0 when every scenario passed on every variant, 1 when one
/// failed, 2 when the pipeline itself could not run.
/// </summary>
internal sealed class ValidateCommand : AsyncCommand<ValidateCommand.Settings>
{
    public class Settings : SpecSettings
    {
        [CommandOption("-s|--scenario <ID>")]
        [Description("Run only these scenario ids (repeatable), e.g. -s 01 -s 05.")]
        public string[] Scenarios { get; init; } = [];

        [CommandOption("--config <FRAGMENT>")]
        [Description("Extra Kconfig fragments (repeatable), e.g. kernel-tests/configs/debug/lockdep.config.")]
        public string[] ConfigFragments { get; init; } = [];

        [CommandOption("--bisect")]
        [Description("First build every prefix of each series on its own (patch 1, 1-2, ...).")]
        public bool Bisect { get; init; }

        [CommandOption("--runs <DIR>")]
        [Description("Where run folders go (default: runs/ in the repository).")]
        public string? RunsDirectory { get; init; }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        Reporter.GuardAsync(async () =>
        {
            var reports = await ValidateAllAsync(settings, allByDefault: false, measureOverhead: false, cancellationToken);
            if (settings.Json)
            {
                Json.Print(reports.Select(RunSummary.From).ToArray());
            }
            else
            {
                foreach (var report in reports)
                {
                    ResultTable.Print(report);
                }
            }

            return reports.All(r => r.Passed) ? ExitCodes.Pass : ExitCodes.Failure;
        });

    /// <param name="allByDefault">Validate every shipped spec when none is named.</param>
    internal static async Task<IReadOnlyList<ValidationReport>> ValidateAllAsync(
        Settings settings,
        bool allByDefault,
        bool measureOverhead,
        CancellationToken cancellationToken)
    {
        var project = ProjectLayout.Find();
        var specs = SpecSelection.Resolve(project, settings.Specs, settings.All || (allByDefault && settings.Specs.Length == 0));
        var runsRoot = settings.RunsDirectory ?? project.RunsDir;
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss");
        var validation = new VariantValidation(project, Reporter.Progress, settings.ConfigFragments.Select(Path.GetFullPath).ToArray());
        var reports = new List<ValidationReport>();
        foreach (var spec in specs)
        {
            var runDirectory = Path.Combine(runsRoot, $"{stamp}-{Path.GetFileNameWithoutExtension(spec)}");
            if (settings.Bisect)
            {
                var prefixes = await new SeriesBisect(project, Reporter.Progress).RunAsync(spec, runDirectory, cancellationToken);
                Reporter.Progress.Report(new("bisect", $"all {prefixes.Count} prefixes of the series build"));
            }

            reports.Add(await validation.RunAsync(
                spec,
                runDirectory,
                settings.Scenarios.Length == 0 ? null : s => settings.Scenarios.Contains(s.Id),
                measureOverhead,
                cancellationToken));
        }

        return reports;
    }
}
