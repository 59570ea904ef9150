using UtracePatchKit.QemuHarness.Pipeline;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>
/// Every prefix of every shipped series builds: the series are bisectable. After the first
/// variant, a prefix mostly rebuilds kernel/utrace.c, since the hook sites are the same.
/// </summary>
public sealed class BisectTests
{
    [Theory]
    [InlineData("report-resume")]
    [InlineData("utrace-2009")]
    [InlineData("utrace-2007")]
    public async Task Every_prefix_of_the_series_builds(string variant)
    {
        var project = ProjectLayout.Find(AppContext.BaseDirectory);
        var runDirectory = Path.Combine(project.RunsDir, "tests", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-bisect-{variant}");

        var builds = await new SeriesBisect(project).RunAsync(Path.Combine(project.SpecsDir, $"{variant}.yaml"), runDirectory);

        var patches = Directory.EnumerateFiles(Path.Combine(project.PatchesRoot, variant), "0*.patch").Count() - 1;
        Assert.Equal(Enumerable.Range(1, patches), builds.Select(b => b.Patches));
    }
}
