using UtracePatchKit.QemuHarness.Boot;

namespace UtracePatchKit.QemuHarness.Bench;

/// <summary>The bench on one booted kernel.</summary>
/// <param name="Name">"unpatched" or the variant.</param>
/// <param name="Variant">Null for the unpatched kernel.</param>
/// <param name="Accelerator">What QEMU really ran with ("tcg" or "kvm").</param>
public sealed record BenchKernelRun(
    string Name,
    string? Variant,
    string KernelLine,
    string KernelVersion,
    string Accelerator,
    IReadOnlyList<BenchFigure> Figures,
    IReadOnlyList<ConsoleFinding> ConsoleFindings,
    string RunDirectory,
    TimeSpan Duration)
{
    /// <summary>The TSC rate the figures were timed with, measured on this boot.</summary>
    public long TscKhz { get; init; }

    public bool Passed => ConsoleFindings.Count == 0 && Figures.All(f => f.Passed);

    public BenchFigure? Figure(string id) => Figures.FirstOrDefault(f => f.Case.Id == id);
}

/// <summary>One <c>utpk bench</c>: every kernel it booted, in boot order.</summary>
/// <param name="Directory">Holds bench.json and one folder per kernel.</param>
public sealed record BenchReport(DateTimeOffset StartedAt, TimeSpan Duration, int Runs, long Calls, IReadOnlyList<BenchKernelRun> Kernels, string Directory)
{
    public const string FileName = "bench.json";

    public bool Passed => Kernels.All(k => k.Passed);

    /// <summary>"tcg", "kvm", or both joined when boots differed.</summary>
    public string Accelerator => string.Join("+", Kernels.Select(k => k.Accelerator).Distinct(StringComparer.Ordinal));

    /// <summary>The unpatched kernel of a variant's line, if the bench booted one.</summary>
    public BenchKernelRun? UnpatchedFor(BenchKernelRun variant) =>
        Kernels.FirstOrDefault(k => k.Variant is null && k.KernelLine == variant.KernelLine);

    public IReadOnlyList<BenchTargets> Targets =>
        Kernels.Where(k => k.Variant is not null).Select(k => BenchTargets.Of(k, UnpatchedFor(k))).ToArray();
}
