using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using UtracePatchKit.Cli.Output;
using UtracePatchKit.Generator;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Output;
using UtracePatchKit.QemuHarness.Pipeline;

namespace UtracePatchKit.Cli.Commands;

/// <summary>
/// <c>utpk generate</c>: spec → patches/&lt;variant&gt;/. With --check nothing is written and any
/// difference from what is committed is a failure (as the kernel's YNL generator does in CI).
/// All or nothing: every spec is loaded and every series generated before the first file is written.
/// </summary>
internal sealed class GenerateCommand : AsyncCommand<GenerateCommand.Settings>
{
    public sealed class Settings : SpecSettings
    {
        [CommandOption("--check")]
        [Description("Write nothing; fail (exit 1) when patches/ differs from what the specs generate.")]
        public bool Check { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Write (or check) DIR/<variant>/ instead of patches/<variant>/; needed for a spec outside specs/.")]
        public string? Out { get; init; }

        [CommandOption("--author <NAME_EMAIL>")]
        [Description("Author and Signed-off-by of the series, \"Name <email>\" (default: the spec's 'author', else git's user.name and user.email).")]
        public string? Author { get; init; }

        public override ValidationResult Validate()
        {
            if (Out is not null && File.Exists(Out))
            {
                return ValidationResult.Error($"--out {Out}: is a file, not a directory");
            }

            return Author is not null && Generator.Series.Author.Parse(Author) is null
                ? ValidationResult.Error($"--author '{Author}' is not \"Name <email>\": write it like --author {Generator.Series.Author.Example}")
                : base.Validate();
        }
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        Reporter.GuardAsync(settings.Json, cancellationToken, async () =>
        {
            var project = ProjectLayout.Find();
            var specs = SpecInputs.LoadAll(project, SpecSelection.Resolve(project, settings.Specs, settings.All));
            var roots = OutputRoots(project, specs, settings.Out);
            var authors = await Authors(specs, settings.Author is null ? null : Generator.Series.Author.Parse(settings.Author), cancellationToken);

            var generated = new List<(GeneratedSeries Series, string Root)>();
            foreach (var (spec, root, author) in specs.Zip(roots, authors))
            {
                foreach (var line in spec.KernelLines)
                {
                    var kernel = await KernelTreeSetup.EnsureForLineAsync(line, Reporter.Progress, cancellationToken);
                    var series = await SeriesGenerator.GenerateAsync(
                        new GenerateRequest(spec.SourcePath, project.TemplatesRoot, kernel.Tree)
                        {
                            RepoRoot = project.Root, Author = author, KernelLine = line,
                        },
                        cancellationToken);
                    generated.Add((series, root));
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            var results = generated.Select(g =>
            {
                var changes = settings.Check ? SeriesWriter.Diff(g.Series, g.Root) : SeriesWriter.Write(g.Series, g.Root);
                return new GenerateOutcome(
                    g.Series.Variant,
                    g.Series.KernelLine!,
                    g.Series.Tip,
                    g.Series.Patches.Select(p => p.Name).ToArray(),
                    changes.Select(c => $"{c.Kind.ToString().ToLowerInvariant()} {Shown(project, c.Path)}").ToArray());
            }).ToList();

            Print(results, settings);
            return settings.Check && results.Any(r => r.Changes.Count > 0) ? ExitCodes.Failure : ExitCodes.Pass;
        });

    // Before the first kernel import: a series without an author is an input error like a bad spec.
    private static async Task<IReadOnlyList<Generator.Series.Author>> Authors(
        IReadOnlyList<Generator.Spec.VariantSpec> specs, Generator.Series.Author? requested, CancellationToken cancellationToken)
    {
        var errors = new ErrorList();
        var authors = new List<Generator.Series.Author>();
        foreach (var spec in specs)
        {
            try
            {
                authors.Add(await Generator.Series.SeriesAuthor.ResolveAsync(requested, spec, cancellationToken));
            }
            catch (InputException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        errors.ThrowIfAny();
        return authors;
    }

    private static IReadOnlyList<string> OutputRoots(ProjectLayout project, IReadOnlyList<Generator.Spec.VariantSpec> specs, string? output)
    {
        var errors = new ErrorList();
        var roots = new List<string>();
        foreach (var spec in specs)
        {
            try
            {
                roots.Add(SeriesOutput.RootFor(project, spec, output));
            }
            catch (InputException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        errors.ThrowIfAny();
        return roots;
    }

    // Repo-relative inside the repository, absolute outside it (--out elsewhere).
    private static string Shown(ProjectLayout project, string path)
    {
        var relative = Path.GetRelativePath(project.Root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

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
            AnsiConsole.MarkupLineInterpolated($"[bold]{result.Variant}[/] (Linux {result.Kernel}): {result.Patches.Count} patch files, tip {result.Tip[..12]}, {verb}");
            foreach (var change in result.Changes)
            {
                Console.WriteLine("  " + change);
            }
        }

        if (settings.Check && results.Any(r => r.Changes.Count > 0))
        {
            Console.WriteLine("patches/ does not match the specs: run 'utpk generate --all' and commit the result");
        }
    }

    private sealed record GenerateOutcome(string Variant, string Kernel, string Tip, IReadOnlyList<string> Patches, IReadOnlyList<string> Changes);
}
