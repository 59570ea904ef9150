using UtracePatchKit.Generator.Output;
using UtracePatchKit.Generator.Spec;
using UtracePatchKit.QemuHarness.Build;
using UtracePatchKit.QemuHarness.Source;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>A variant's kernel, built from its generated series plus the validation overlay.</summary>
/// <param name="StalePatches">Files under patches/&lt;variant&gt;/ that differ from what the spec generates now.</param>
public sealed record PreparedKernel(
    VariantSpec Spec,
    string KernelVersion,
    GeneratedSeries Series,
    string SeriesTip,
    string TestTip,
    KernelBuildResult Build,
    string Initramfs,
    IReadOnlyList<PatchFileChange> StalePatches);

/// <summary>A spec's series, generated against the cached kernel tree.</summary>
/// <param name="PatchFiles">The patch files written for this run, cover letter first.</param>
public sealed record GeneratedVariant(
    VariantSpec Spec,
    KernelTree Source,
    GeneratedSeries Series,
    IReadOnlyList<string> PatchFiles,
    IReadOnlyList<PatchFileChange> StalePatches);
