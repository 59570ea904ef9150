namespace UtracePatchKit.QemuHarness.Results;

/// <summary>
/// A number a run measured (e.g. nanoseconds per call): median, min and max of its samples, and
/// optionally the same as a ratio to another measurement of the run.
/// </summary>
/// <param name="Name">The case it belongs to.</param>
/// <param name="RatioTo">The measurement the ratios are taken against, when there are ratios.</param>
public sealed record Measurement(
    string Name,
    string Unit,
    double Median,
    double Min,
    double Max,
    IReadOnlyList<double> Samples,
    string? RatioTo = null,
    double? RatioMedian = null,
    double? RatioMin = null,
    double? RatioMax = null);
