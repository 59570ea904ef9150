using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Rendering;

namespace UtracePatchKit.Generator.Series;

/// <summary>A parsed series file (templates/series-&lt;line&gt;.yaml or a validation overlay).</summary>
/// <param name="Author">The overlay's own identity; the upstream series has none, its author comes from the spec, a flag or git.</param>
/// <param name="Date">Patch N (1-based) is dated Date + N minutes; the cover letter is dated Date.</param>
internal sealed record SeriesDefinition(
    string SourcePath,
    string DisplayPath,
    Author? Author,
    DateTimeOffset Date,
    CoverLetterDefinition? CoverLetter,
    IReadOnlyList<PatchDefinition> Patches)
{
    /// <summary>Where <c>author</c> is written, when it is.</summary>
    public SourceLocation? AuthorAt { get; init; }
}


internal sealed record CoverLetterDefinition(TemplateText Subject, TemplateText Body);

/// <param name="Location">Where the patch's list item starts.</param>
internal sealed record PatchDefinition(
    TemplateText Subject,
    TemplateText Body,
    IReadOnlyList<FileDefinition> Files,
    IReadOnlyList<EditDefinition> Edits,
    SourceLocation Location)
{
    /// <summary>Parts of files rendered by earlier patches that this patch adds.</summary>
    public IReadOnlyList<PartDefinition> Parts { get; init; } = [];
}

/// <summary>
/// A part of a whole rendered file that a later patch adds, so that a large file can be reviewed
/// in steps: the lines from the one whole-line occurrence of <see cref="From"/> up to (not
/// including) the one of <see cref="Until"/>, both in the fully rendered file. Every earlier
/// patch carries the file without this part.
/// </summary>
internal sealed record PartDefinition(
    string File,
    string From,
    string Until,
    SourceLocation FileLocation,
    SourceLocation FromLocation,
    SourceLocation UntilLocation);

/// <summary>A whole file rendered from a template (relative to the templates root).</summary>
internal sealed record FileDefinition(string Path, string Template, SourceLocation PathLocation, SourceLocation TemplateLocation);

internal enum EditPosition
{
    After,
    Before,
    Replace,
}

/// <summary>Inserts rendered <see cref="Text"/> next to (or instead of) the one place <see cref="Anchor"/> (whole lines) occurs.</summary>
/// <param name="Anchor">Exact text of one or more whole lines; always ends with a newline.</param>
internal sealed record EditDefinition(
    string File,
    string Anchor,
    EditPosition Position,
    TemplateText Text,
    SourceLocation FileLocation,
    SourceLocation AnchorLocation);
