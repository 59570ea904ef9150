namespace UtracePatchKit.Generator.Output;

/// <summary>The result of generation: commits in the caller's repository and their format-patch files.</summary>
/// <param name="BaseCommit">Full sha the series is built on (for overlays: the parent commit).</param>
/// <param name="Tip">Full sha of the last patch's commit.</param>
/// <param name="Patches">In series order; 0000-cover-letter.patch first when there is one.</param>
public sealed record GeneratedSeries(string Variant, string BaseCommit, string Tip, IReadOnlyList<PatchFile> Patches);

/// <summary>One format-patch file: its name (e.g. 0001-utrace-add-the-engine-core.patch) and text.</summary>
public sealed record PatchFile(string Name, string Content);
