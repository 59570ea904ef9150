using UtracePatchKit.QemuHarness.Pipeline;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>
/// Every prefix of every shipped series builds, on every line the spec targets: the series are
/// bisectable. After the first variant of a line, a prefix mostly rebuilds kernel/utrace.c, since
/// the hook sites are the same.
/// </summary>
public sealed class BisectTests
{
    public static TheoryData<string, string> VariantLines => ShippedSeries.VariantLines();

    [Theory]
    [MemberData(nameof(VariantLines))]
    public async Task Every_prefix_of_the_series_builds(string variant, string line)
    {
        var runDirectory = Path.Combine(ShippedSeries.Project.RunsDir, "tests", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-bisect-{variant}-{line}");

        var builds = await new SeriesBisect(ShippedSeries.Project).RunAsync(ShippedSeries.SpecPath(variant), runDirectory, line);

        var patches = Directory.EnumerateFiles(ShippedSeries.PatchesDir(variant, line), "0*.patch").Count() - 1;
        Assert.Equal(Enumerable.Range(1, patches), builds.Select(b => b.Patches));
    }
}
