using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using UtracePatchKit.Cli.Output;
using UtracePatchKit.Generator;
using UtracePatchKit.Generator.Output;
using UtracePatchKit.QemuHarness.Pipeline;

namespace UtracePatchKit.Cli.Commands;

/// <summary>
/// <c>utpk generate</c>: spec → patches/&lt;variant&gt;/. With --check nothing is written and any
/// difference from what is committed is a failure (as the kernel's YNL generator does in CI).
/// </summary>
internal sealed class GenerateCommand : AsyncCommand<GenerateCommand.Settings>
{
    public sealed class Settings : SpecSettings
    {
        [CommandOption("--check")]
        [Description("Write nothing; fail (exit 1) when patches/ differs from what the specs generate.")]
        public bool Check { get; init; }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        Reporter.GuardAsync(async () =>
        {
            var project = ProjectLayout.Find();
            var specs = SpecSelection.Resolve(project, settings.Specs, settings.All);
            var results = new List<GenerateOutcome>();
            foreach (var spec in specs)
            {
                var kernel = await KernelSources.EnsureForSpecAsync(project, spec, Reporter.Progress, cancellationToken);
                var series = await SeriesGenerator.GenerateAsync(
                    new GenerateRequest(spec, project.TemplatesRoot, kernel.Tree) { RepoRoot = project.Root },
                    cancellationToken);
                var changes = settings.Check
                    ? SeriesWriter.Diff(series, project.PatchesRoot)
                    : SeriesWriter.Write(series, project.PatchesRoot);
                results.Add(new GenerateOutcome(
                    series.Variant,
                    series.Tip,
                    series.Patches.Select(p => p.Name).ToArray(),
                    changes.Select(c => $"{c.Kind.ToString().ToLowerInvariant()} {Path.GetRelativePath(project.Root, c.Path)}").ToArray()));
            }

            Print(results, settings);
            return settings.Check && results.Any(r => r.Changes.Count > 0) ? ExitCodes.Failure : ExitCodes.Pass;
        });

    private static void Print(IReadOnlyList<GenerateOutcome> results, Settings settings)
    {
        if (settings.Json)
        {
            Json.Print(results);
            return;
        }

        foreach (var result in results)
        {
            var verb = settings.Check ? (result.Changes.Count == 0 ? "up to date" : "OUT OF DATE") : $"{result.Changes.Count} file(s) changed";
            AnsiConsole.MarkupLineInterpolated($"[bold]{result.Variant}[/]: {result.Patches.Count} patch files, tip {result.Tip[..12]}, {verb}");
            foreach (var change in result.Changes)
            {
                Console.WriteLine("  " + change);
            }
        }

        if (settings.Check && results.Any(r => r.Changes.Count > 0))
        {
            AnsiConsole.MarkupLine("[red]patches/ does not match the specs: run 'utpk generate --all' and commit the result[/]");
        }
    }

    private sealed record GenerateOutcome(string Variant, string Tip, IReadOnlyList<string> Patches, IReadOnlyList<string> Changes);
}
