namespace UtracePatchKit.Generator.Output;

/// <summary>The result of generation: commits in the caller's repository and their format-patch files.</summary>
/// <param name="BaseCommit">Full sha the series is built on (for overlays: the parent commit).</param>
/// <param name="Tip">Full sha of the last patch's commit.</param>
/// <param name="Patches">In series order; 0000-cover-letter.patch first when there is one.</param>
public sealed record GeneratedSeries(string Variant, string BaseCommit, string Tip, IReadOnlyList<PatchFile> Patches)
{
    /// <summary>The kernel line the series is for; it names the series' folder under &lt;variant&gt;/.</summary>
    public string? KernelLine { get; init; }

    /// <summary>Where the series lives under a patches root: &lt;variant&gt;/&lt;line&gt;, or &lt;variant&gt; without a line.</summary>
    public string RelativeDirectory => KernelLine is null ? Variant : Path.Combine(Variant, KernelLine);
}

/// <summary>One format-patch file: its name (e.g. 0001-utrace-add-the-engine-core.patch) and text.</summary>
public sealed record PatchFile(string Name, string Content);
