using UtracePatchKit.Common.Diagnostics;

namespace UtracePatchKit.Generator.Spec;

/// <summary>One validated variant spec (specs/&lt;variant&gt;.yaml).</summary>
/// <param name="Bands">Sorted by ascending priority, i.e. the order 'priority' runs them in.</param>
/// <param name="DefaultBand">Null exactly when <paramref name="Bands"/> is empty.</param>
/// <param name="InjectSignal">True for <c>inject_signal: present</c>.</param>
/// <param name="KernelLine">The line this spec is rendered for: the first of <see cref="KernelLines"/> as loaded,
/// another one through <see cref="ForLine"/>.</param>
/// <param name="SourcePath">The spec file as given to the loader.</param>
/// <param name="DisplayPath">The spec file relative to the repo root (as given when outside it), forward slashes; used in messages.</param>
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
    /// <summary>
    /// How generated output names the spec: relative to the repo root, or the bare file name when
    /// the spec is elsewhere, so no path of the user's machine reaches a patch.
    /// </summary>
    public string SourceName { get; init; } = Path.GetFileName(SourcePath);

    /// <summary>The series' author from the spec's optional <c>author</c> field (the shipped specs name the project).</summary>
    public Series.Author? Author { get; init; }

    /// <summary>Every kernel line the spec targets, in the spec's order.</summary>
    public IReadOnlyList<string> KernelLines
    {
        get => _kernelLines ?? [KernelLine];
        init => _kernelLines = value;
    }

    private readonly IReadOnlyList<string>? _kernelLines;

    /// <summary>The same spec rendered for another of its lines.</summary>
    public VariantSpec ForLine(string line) =>
        KernelLines.Contains(line)
            ? this with { KernelLine = line }
            : throw new ArgumentException($"{DisplayPath} does not target Linux {line}", nameof(line));

    /// <summary>Where the <c>variant</c> value is, for errors about the variant as a whole.</summary>
    public SourceLocation? VariantAt { get; init; }

    /// <summary>The YAML key for the resume slot of <c>order</c>, which follows <see cref="SignalReport"/>.</summary>
    public string ResumeOrderKey => SignalReport == SignalReport.ReportSignal ? "signal" : "resume";
}
