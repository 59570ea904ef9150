using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using UtracePatchKit.Cli.Output;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Input;
using UtracePatchKit.QemuHarness.Bench;
using UtracePatchKit.QemuHarness.Pipeline;

namespace UtracePatchKit.Cli.Commands;

/// <summary>
/// <c>utpk bench</c>: what tracing costs, against baselines the reader knows. One boot per
/// variant (default: every shipped spec) and one of the unpatched kernel, all built with the
/// bench profile. Exit 0 when every engine was called as expected and no console splat, 1
/// otherwise, 2 when the bench could not run.
/// </summary>
internal sealed class BenchCommand : AsyncCommand<BenchCommand.Settings>
{
    public sealed class Settings : SpecSettings
    {
        [CommandOption("--calls <N>")]
        [Description("Calls per timed run of getpid() and the pipe write (ptrace makes 1/25 of them, signals 1/4). Default 50000.")]
        public long Calls { get; init; } = 50_000;

        [CommandOption("--repeat <N>")]
        [Description("Timed runs per figure (median, min and max of them); at least 5. Default 7.")]
        public int Repeat { get; init; } = 7;

        [CommandOption("--runs <DIR>")]
        [Description("Where the bench folder goes (default: runs/ in the repository).")]
        public string? RunsDirectory { get; init; }

        public override ValidationResult Validate()
        {
            if (Repeat is < BenchPlan.MinimumRuns or > BenchPlan.MaximumRuns)
            {
                return ValidationResult.Error($"--repeat {Repeat}: give {BenchPlan.MinimumRuns} to {BenchPlan.MaximumRuns} runs (a median of fewer than {BenchPlan.MinimumRuns} says little)");
            }

            if (Calls is < BenchPlan.MinimumCalls or > BenchPlan.MaximumCalls)
            {
                return ValidationResult.Error($"--calls {Calls}: give {BenchPlan.MinimumCalls} to {BenchPlan.MaximumCalls} calls per run");
            }

            return base.Validate();
        }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        Reporter.GuardAsync(settings.Json, cancellationToken, async () =>
        {
            var project = ProjectLayout.Find();
            var specs = SpecInputs.LoadAll(project, SpecSelection.Resolve(project, settings.Specs, settings.All || settings.Specs.Length == 0));
            var runs = Path.GetFullPath(settings.RunsDirectory ?? project.RunsDir);
            CheckInputs(project, runs);

            var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            var directory = Path.Combine(runs, $"{stamp}-bench");
            Directory.CreateDirectory(directory);
            var report = await new BenchPipeline(project, Reporter.Progress).RunAsync(specs, directory, settings.Repeat, settings.Calls, cancellationToken);
            if (settings.Json)
            {
                Json.Print(BenchJson.ToDocument(report));
            }
            else
            {
                BenchTable.Print(report);
            }

            return report.Passed ? ExitCodes.Pass : ExitCodes.Failure;
        });

    private static void CheckInputs(ProjectLayout project, string runs)
    {
        var errors = new ErrorList();
        var paths = new DisplayPaths(project.Root);
        try
        {
            InputFile.ReadText(project.BenchConfigFragment, paths.Of(project.BenchConfigFragment), "Kconfig fragment");
        }
        catch (InputException ex)
        {
            errors.AddRange(ex.Errors);
        }

        if (FileProbe.Of(runs).Kind is not (FileKind.Directory or FileKind.Missing))
        {
            errors.Add(new LocatedError(paths.Of(runs), 0, 0, $"--runs: is {FileProbe.Describe(FileProbe.Of(runs).Kind)}, not a directory",
                "pass a directory (it is created when missing)"));
        }

        errors.ThrowIfAny();
    }
}
