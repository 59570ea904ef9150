namespace UtracePatchKit.QemuHarness.Bench;

/// <summary>
/// The hot-path targets of a variant, as ratios within its boot (and to the unpatched boot for
/// the untraced cost): the added cost of 1 quiet engine at most 1.5x that of the seccomp
/// allow-all filter, 16 quiet engines at most 6x a bare getpid(), no engine within 3 % of the
/// unpatched kernel. Null where a figure is missing.
/// </summary>
public sealed record BenchTargets(string Variant, double? OneEngineVsSeccomp, double? SixteenEngines, double? UntracedVsUnpatched)
{
    public const double OneEngineVsSeccompTarget = 1.5;
    public const double SixteenEnginesTarget = 6.0;
    public const double UntracedVsUnpatchedTarget = 1.03;

    public bool? OneEngineVsSeccompMet => OneEngineVsSeccomp <= OneEngineVsSeccompTarget;

    public bool? SixteenEnginesMet => SixteenEngines <= SixteenEnginesTarget;

    public bool? UntracedVsUnpatchedMet => UntracedVsUnpatched <= UntracedVsUnpatchedTarget;

    /// <summary>From the getpid() figures.</summary>
    public static BenchTargets Of(BenchKernelRun variant, BenchKernelRun? unpatched)
    {
        double? Median(BenchKernelRun? run, string id) => run?.Figure(id)?.Nanoseconds.Median;
        var bare = Median(variant, "getpid/none");
        var seccomp = Median(variant, "getpid/seccomp");
        var one = Median(variant, "getpid/utrace-1");
        var sixteen = Median(variant, "getpid/utrace-16");
        var reference = Median(unpatched, "getpid/none");
        return new BenchTargets(
            variant.Name,
            seccomp - bare is > 0 ? (one - bare) / (seccomp - bare) : null,
            bare is > 0 ? sixteen / bare : null,
            reference is > 0 ? bare / reference : null);
    }
}
