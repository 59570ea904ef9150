using UtracePatchKit.QemuHarness.Pipeline;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>Every prefix of the default variant's series builds, on every line: the series is bisectable.</summary>
public sealed class BisectTests
{
    [Theory]
    [InlineData("6.1")]
    [InlineData("6.12")]
    public async Task Every_prefix_of_the_report_resume_series_builds(string line)
    {
        var project = ProjectLayout.Find(AppContext.BaseDirectory);
        var runDirectory = Path.Combine(project.RunsDir, "tests", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-bisect-{line}");

        var builds = await new SeriesBisect(project).RunAsync(Path.Combine(project.SpecsDir, "report-resume.yaml"), runDirectory, line);

        var patches = Directory.EnumerateFiles(Path.Combine(project.PatchesRoot, "report-resume", line), "0*.patch").Count() - 1;
        Assert.Equal(Enumerable.Range(1, patches), builds.Select(b => b.Patches));
    }
}
