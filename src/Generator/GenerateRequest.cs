using UtracePatchKit.Generator.Series;

namespace UtracePatchKit.Generator;

/// <summary>Generate the patch series of one variant on a base tree.</summary>
/// <param name="TemplatesRoot">The repo's templates/ directory; series-&lt;line&gt;.yaml lives there.</param>
public sealed record GenerateRequest(string SpecPath, string TemplatesRoot, BaseTree Base)
{
    /// <summary>Root for repo-relative paths in messages and the cover letter; default: nearest ancestor of the spec with .git.</summary>
    public string? RepoRoot { get; init; }

    /// <summary>
    /// The series' author (<c>--author</c>); before the spec's <c>author</c> and the user's git
    /// identity (see <see cref="SeriesAuthor"/>).
    /// </summary>
    public Author? Author { get; init; }

    /// <summary>Which of the spec's kernel lines to render; default: the first it names.</summary>
    public string? KernelLine { get; init; }

    /// <summary>Series definition; default: &lt;TemplatesRoot&gt;/series-&lt;kernel&gt;.yaml.</summary>
    public string? SeriesPath { get; init; }

    /// <summary>Kernel lines a spec may name; default: every line with a series-&lt;line&gt;.yaml in TemplatesRoot.</summary>
    public IReadOnlyCollection<string>? SupportedKernelLines { get; init; }
}

/// <summary>
/// Build a series file (e.g. the validation overlay) for a variant on top of an arbitrary
/// commit, such as the tip of that variant's generated series.
/// </summary>
/// <param name="TemplatesRoot">Root that the overlay's file templates are relative to.</param>
/// <param name="ParentCommit">The commit the overlay's first patch goes on.</param>
public sealed record OverlayRequest(string SpecPath, string OverlayPath, string TemplatesRoot, string RepoPath, string ParentCommit)
{
    /// <inheritdoc cref="GenerateRequest.RepoRoot"/>
    public string? RepoRoot { get; init; }

    /// <inheritdoc cref="GenerateRequest.KernelLine"/>
    public string? KernelLine { get; init; }

    /// <summary>Kernel lines the spec may name; default: no check (the spec was validated when its series was generated).</summary>
    public IReadOnlyCollection<string>? SupportedKernelLines { get; init; }
}
