namespace UtracePatchKit.QemuHarness.Bench;

/// <summary>
/// One case on one booted kernel: nanoseconds per call (median, min, max of the runs) and the
/// same as a ratio to the untraced figure of the same call in the same boot.
/// </summary>
/// <param name="Ratio">Null for the untraced figure itself, or when that boot has none.</param>
/// <param name="Problems">Why the figure cannot be trusted (engines not called as expected); empty when it can.</param>
public sealed record BenchFigure(
    BenchCase Case,
    IReadOnlyList<double> Samples,
    Spread Nanoseconds,
    Spread? Ratio,
    IReadOnlyList<EngineCounts> Engines,
    CallbackWant? Want,
    IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;

    /// <summary>Figures of one boot, with ratios to the untraced figure of each call.</summary>
    public static IReadOnlyList<BenchFigure> FromBoot(IReadOnlyList<BenchMeasurement> measurements)
    {
        var baselines = measurements
            .Where(m => m.Case.IsBaseline)
            .GroupBy(m => m.Case.Call)
            .ToDictionary(g => g.Key, g => Spread.Of(g.First().NanosecondsPerCall).Median);
        return measurements.Select(m =>
        {
            var ns = Spread.Of(m.NanosecondsPerCall);
            var ratio = !m.Case.IsBaseline && baselines.TryGetValue(m.Case.Call, out var b) && b > 0 ? ns.DividedBy(b) : null;
            return new BenchFigure(m.Case, m.NanosecondsPerCall, ns, ratio, m.Engines, m.Want, CallbackCheck.Problems(m));
        }).ToArray();
    }
}
