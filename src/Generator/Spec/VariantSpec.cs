namespace UtracePatchKit.Generator.Spec;

/// <summary>One validated variant spec (specs/&lt;variant&gt;.yaml).</summary>
/// <param name="Bands">Sorted by ascending priority, i.e. the order 'priority' runs them in.</param>
/// <param name="DefaultBand">Null exactly when <paramref name="Bands"/> is empty.</param>
/// <param name="InjectSignal">True for <c>inject_signal: present</c>.</param>
/// <param name="SourcePath">The spec file as given to the loader.</param>
/// <param name="DisplayPath">The spec file relative to the repo root, forward slashes; used in messages and output.</param>
public sealed record VariantSpec(
    string Variant,
    string Description,
    string KernelLine,
    IReadOnlyList<Band> Bands,
    string? DefaultBand,
    OrderRules Order,
    SignalReport SignalReport,
    ReportWithoutSignal ReportWithoutSignal,
    bool ActionChaining,
    bool InjectSignal,
    SyscallAbort SyscallAbort,
    RegisterRestore RegisterRestore,
    ResumeActionMerge ResumeActionMerge,
    SignalMerge SignalMerge,
    AttachDuringEvent AttachDuringEvent,
    string SourcePath,
    string DisplayPath)
{
    /// <summary>The YAML key for the resume slot of <c>order</c>, which follows <see cref="SignalReport"/>.</summary>
    public string ResumeOrderKey => SignalReport == SignalReport.ReportSignal ? "signal" : "resume";
}
