namespace UtracePatchKit.QemuHarness.Bench;

/// <summary>Median, minimum and maximum of a few timed runs.</summary>
public sealed record Spread(double Median, double Min, double Max)
{
    /// <exception cref="ArgumentException">No sample.</exception>
    public static Spread Of(IReadOnlyList<double> samples)
    {
        if (samples.Count == 0)
        {
            throw new ArgumentException("a spread needs at least one sample", nameof(samples));
        }

        var sorted = samples.Order().ToArray();
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Spread(median, sorted[0], sorted[^1]);
    }

    /// <summary>Every figure divided by <paramref name="baseline"/> (ratios of a spread).</summary>
    public Spread DividedBy(double baseline) => new(Median / baseline, Min / baseline, Max / baseline);
}
