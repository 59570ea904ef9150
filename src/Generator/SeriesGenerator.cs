using LibGit2Sharp;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Output;
using UtracePatchKit.Generator.Rendering;
using UtracePatchKit.Generator.Series;
using UtracePatchKit.Generator.Spec;

namespace UtracePatchKit.Generator;

/// <summary>
/// The entry point for the CLI and the harness: spec + series definition + base commit →
/// commits under refs/utpk/… and their format-patch files. Writes no files; pass the result to
/// <see cref="SeriesWriter"/>. Every failure is a <see cref="InputException"/>.
/// </summary>
public static class SeriesGenerator
{
    public const string SeriesRefPrefix = "refs/utpk/series/";
    public const string OverlayRefPrefix = "refs/utpk/overlay/";

    public static async Task<GeneratedSeries> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken = default)
    {
        var paths = new DisplayPaths(request.RepoRoot ?? DisplayPaths.FindRepoRoot(request.SpecPath));
        var supported = request.SupportedKernelLines ?? KernelLines(request.TemplatesRoot);
        var spec = ForLine(new SpecLoader(supported, paths.RepoRoot).Load(request.SpecPath), request.KernelLine);
        var seriesPath = request.SeriesPath ?? Path.Combine(request.TemplatesRoot, $"series-{spec.KernelLine}.yaml");
        var definition = new SeriesLoader(paths).Load(seriesPath);
        if (definition.AuthorAt is { } authorAt)
        {
            // Else every user's series would silently carry whoever wrote the definition.
            throw new InputException([LocatedError.At(authorAt, "a series definition may not name an author: the series is the user's",
                $"remove 'author' here; give it to the spec (author: {Author.Example}), to --author, or to git config")]);
        }

        var author = await SeriesAuthor.ResolveAsync(request.Author, spec, cancellationToken);
        return await BuildAsync(spec, author, definition, request.TemplatesRoot, paths, request.Base.RepoPath, request.Base.BaseCommit,
            SeriesRefPrefix + spec.Variant, cancellationToken);
    }

    public static async Task<GeneratedSeries> GenerateOverlayAsync(OverlayRequest request, CancellationToken cancellationToken = default)
    {
        var paths = new DisplayPaths(request.RepoRoot ?? DisplayPaths.FindRepoRoot(request.SpecPath));
        var spec = ForLine(new SpecLoader(request.SupportedKernelLines, paths.RepoRoot).Load(request.SpecPath), request.KernelLine);
        var definition = new SeriesLoader(paths).Load(request.OverlayPath);
        var author = definition.Author ?? await SeriesAuthor.ResolveAsync(null, spec, cancellationToken);
        return await BuildAsync(spec, author, definition, request.TemplatesRoot, paths, request.RepoPath, request.ParentCommit,
            OverlayRefPrefix + spec.Variant, cancellationToken);
    }

    private static VariantSpec ForLine(VariantSpec spec, string? line)
    {
        if (line is null || line == spec.KernelLine)
            return spec;
        if (!spec.KernelLines.Contains(line))
            throw new InputException([new LocatedError(spec.DisplayPath, 0, 0, $"the spec does not target Linux {line}",
                $"add \"{line}\" to its kernel lines, or choose one of: {string.Join(", ", spec.KernelLines)}")]);
        return spec.ForLine(line);
    }

    /// <summary>Kernel lines that have a series definition: templates/series-&lt;line&gt;.yaml.</summary>
    public static IReadOnlyList<string> KernelLines(string templatesRoot) =>
        Directory.Exists(templatesRoot)
            ? Directory.GetFiles(templatesRoot, "series-*.yaml")
                .Select(f => Path.GetFileNameWithoutExtension(f)["series-".Length..])
                .Order(StringComparer.Ordinal)
                .ToArray()
            : [];

    private static async Task<GeneratedSeries> BuildAsync(
        VariantSpec spec, Author author, SeriesDefinition definition, string templatesRoot, DisplayPaths paths, string repoPath,
        string parentRevision, string refName, CancellationToken cancellationToken)
    {
        var renderer = new TemplateRenderer(templatesRoot, new TemplateGlobals(spec, author), paths);
        var repoDisplay = paths.Of(repoPath);
        try
        {
            using var repo = new Repository(repoPath);
            // Peel explicitly so annotated tags (like the cache's utpk-base) name their commit.
            var parent = repo.Lookup<Commit>($"{parentRevision}^{{commit}}")
                ?? throw new InputException([new LocatedError(repoDisplay, 0, 0, $"commit '{parentRevision}' not found",
                    "pass a commit that exists in the repository (e.g. refresh the kernel source cache)")]);

            var plan = new SeriesPlanner(renderer, GitFiles.Reader(parent, repoDisplay)).Plan(definition, author, spec.Variant);
            var tip = CommitWriter.Write(repo, parent, plan);
            var patches = await FormatPatch.RunAsync(repo.Info.Path, parent.Sha, tip.Sha, plan, cancellationToken);

            // Only the generator's own ref moves, and only once everything succeeded.
            repo.Refs.Add(refName, tip.Id, allowOverwrite: true);
            return new GeneratedSeries(spec.Variant, parent.Sha, tip.Sha, patches) { KernelLine = spec.KernelLine };
        }
        catch (LibGit2SharpException ex)
        {
            throw new InputException([new LocatedError(repoDisplay, 0, 0, $"git: {ex.Message}", "check that the path is a git repository the generator can write objects to")], ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CliWrap.Exceptions.CliWrapException or System.ComponentModel.Win32Exception)
        {
            throw new InputException([new LocatedError(repoDisplay, 0, 0, ex.Message, "check that git is installed and the repository is readable")], ex);
        }
    }
}
