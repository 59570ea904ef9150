using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using UtracePatchKit.Cli.Output;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Input;
using UtracePatchKit.QemuHarness.Matrix;
using UtracePatchKit.QemuHarness.Pipeline;

namespace UtracePatchKit.Cli.Commands;

/// <summary>
/// <c>utpk matrix</c>: variants × kernel lines × Kconfig profiles, run here one cell after the
/// other and merged into one result (matrix.json, matrix.junit.xml); or only merged (--merge, the
/// CI's last job); or written out as a GitHub Actions workflow (--emit github-actions).
/// Exit 0 when every cell passed, 1 when a scenario failed, 2 when a cell could not run.
/// </summary>
internal sealed class MatrixCommand : AsyncCommand<MatrixCommand.Settings>
{
    public sealed class Settings : SpecSettings
    {
        [CommandOption("--kernel <LINES>")]
        [Description("Kernel lines, comma-separated (default: every line each spec targets).")]
        public string? Kernel { get; init; }

        [CommandOption("--profile <NAMES>")]
        [Description("Kconfig profiles, comma-separated: plain, lockdep, kasan (default: all three).")]
        public string? Profile { get; init; }

        [CommandOption("-s|--scenario <ID>")]
        [Description("Run only these scenario ids (repeatable).")]
        public string[] Scenarios { get; init; } = [];

        [CommandOption("--out <DIR>")]
        [Description("Where cells/<cell>/ and the combined result go (default: runs/<time>-matrix).")]
        public string? Out { get; init; }

        [CommandOption("--merge <DIR>")]
        [Description("Run nothing: merge the cell folders found under DIR (e.g. CI artifacts) into --out.")]
        public string? Merge { get; init; }

        [CommandOption("--emit <KIND>")]
        [Description("Run nothing: print the matrix as a CI workflow (github-actions) on stdout.")]
        public string? Emit { get; init; }

        public override ValidationResult Validate()
        {
            if (Merge is not null && Emit is not null)
                return ValidationResult.Error("--merge and --emit exclude each other: give one or the other");
            if (Emit is not null && Emit != GithubActionsWorkflow.Name)
                return ValidationResult.Error($"--emit {Emit}: unknown kind (known: {GithubActionsWorkflow.Name})");
            if (Emit is not null && Out is not null)
                return ValidationResult.Error("--emit prints the workflow on stdout; --out does not apply (redirect stdout to a file)");
            return base.Validate();
        }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        Reporter.GuardAsync(settings.Json, cancellationToken, async () =>
        {
            var project = ProjectLayout.Find();
            var specPaths = SpecSelection.Resolve(project, settings.Specs, settings.All || settings.Specs.Length == 0);
            // Every input is checked before anything is written.
            // The plan checks --kernel together with --profile, so both are reported in one go.
            var inputs = RunInputs.Load(project, specPaths, project.ScenariosDir, settings.Scenarios, [], project.RunsDir);
            var plan = MatrixPlan.For(project, inputs.Specs, settings.Kernel, settings.Profile);
            var paths = new DisplayPaths(project.Root);

            if (settings.Emit is not null)
            {
                Console.Out.Write(GithubActionsWorkflow.Render(plan, SpecArguments(settings, inputs, paths), PlanOptions(settings), settings.Scenarios));
                return ExitCodes.Pass;
            }

            var output = OutputDirectory(project, settings.Out, paths);
            IReadOnlyList<MergedCell> cells;
            if (settings.Merge is { } mergeRoot)
            {
                if (!Directory.Exists(mergeRoot))
                    throw new InputException([new LocatedError(paths.Of(Path.GetFullPath(mergeRoot)), 0, 0, "--merge: no such directory", "pass the folder the cell artifacts were downloaded to")]);
                cells = MatrixMerge.Read(plan, Path.GetFullPath(mergeRoot), paths);
            }
            else
            {
                var cellsRoot = Path.Combine(output, "cells");
                await new MatrixRunner(project, Reporter.Progress).RunAsync(plan.Cells, inputs.Scenarios, cellsRoot, cancellationToken);
                cells = MatrixMerge.Read(plan, cellsRoot, paths);
            }

            var result = await MatrixMerge.WriteAsync(cells, output, cancellationToken);
            if (settings.Json)
                Json.Print(result);
            else
                MatrixTable.Print(result, output);
            return result.Passed ? ExitCodes.Pass : result.ErrorCells > 0 ? ExitCodes.Infrastructure : ExitCodes.Failure;
        });

    // The merge job names the specs as the emitting command did, so it plans the same cells.
    private static IReadOnlyList<string> SpecArguments(Settings settings, RunInputs inputs, DisplayPaths paths) =>
        settings.Specs.Length == 0 ? ["--all"] : inputs.Specs.Select(s => paths.Of(s.SourcePath)).ToArray();

    private static IReadOnlyList<string> PlanOptions(Settings settings) =>
        [.. settings.Kernel is { } k ? new[] { "--kernel", k } : [], .. settings.Profile is { } p ? new[] { "--profile", p } : []];

    private static string OutputDirectory(ProjectLayout project, string? option, DisplayPaths paths)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var output = Path.GetFullPath(option ?? Path.Combine(project.RunsDir, $"{stamp}-matrix"));
        var kind = FileProbe.Of(output).Kind;
        if (kind is not (FileKind.Directory or FileKind.Missing))
            throw new InputException([new LocatedError(paths.Of(output), 0, 0, $"--out: is {FileProbe.Describe(kind)}, not a directory", "pass a directory (it is created when missing)")]);
        return output;
    }
}
