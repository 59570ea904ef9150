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

        [CommandOption("--kernel <LINES>")]
        [Description("Kernel lines to run, comma-separated, e.g. --kernel 6.1,6.12 (default: every line the spec targets).")]
        public string? Kernel { get; init; }

        [CommandOption("--scenarios <DIR>")]
        [Description("The scenario catalog to run (default: kernel-tests/scenarios/).")]
        public string? ScenariosDirectory { get; init; }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        Reporter.GuardAsync(settings.Json, cancellationToken, async () =>
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
        // Every input is checked before the first run folder or cache file is written.
        var inputs = RunInputs.Load(
            project,
            SpecSelection.Resolve(project, settings.Specs, settings.All || (allByDefault && settings.Specs.Length == 0)),
            settings.ScenariosDirectory ?? project.ScenariosDir,
            settings.Scenarios,
            settings.ConfigFragments,
            settings.RunsDirectory ?? project.RunsDir,
            settings.Kernel);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var validation = new VariantValidation(project, Reporter.Progress, inputs.Fragments);
        var reports = new List<ValidationReport>();
        foreach (var target in inputs.Targets)
        {
            var runDirectory = Path.Combine(inputs.RunsRoot, $"{stamp}-{target.Name}");
            if (settings.Bisect)
            {
                var prefixes = await new SeriesBisect(project, Reporter.Progress).RunAsync(target.Spec.SourcePath, runDirectory, target.Line, cancellationToken);
                Reporter.Progress.Report(new("bisect", $"all {prefixes.Count} prefixes of the series build"));
            }

            reports.Add(await validation.RunAsync(target.Spec.SourcePath, runDirectory, inputs.Scenarios, measureOverhead, target.Line, cancellationToken));
        }

        return reports;
    }
}
