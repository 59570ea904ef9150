namespace UtracePatchKit.Generator.Series;

/// <summary>A fully rendered series, ready to be written as commits.</summary>
/// <param name="ChangeId">b4's change-id line of the cover letter (see <see cref="Series.ChangeId"/>).</param>
internal sealed record SeriesPlan(Author Author, DateTimeOffset Date, RenderedCoverLetter? CoverLetter, IReadOnlyList<PlannedPatch> Patches, string ChangeId);

internal sealed record RenderedCoverLetter(string Subject, string Body);

/// <param name="Message">The full commit message, Signed-off-by included.</param>
/// <param name="Files">Tree path → full new content of every file this patch touches.</param>
internal sealed record PlannedPatch(string Subject, string Message, DateTimeOffset Date, IReadOnlyDictionary<string, string> Files);
