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
    private static readonly ProjectLayout Project = ProjectLayout.Find(AppContext.BaseDirectory);

    public static TheoryData<string, string> SpecLines
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var path in Project.ShippedSpecs)
            {
                foreach (var line in SpecInputs.Load(Project, path).KernelLines)
                    data.Add(Path.GetFileNameWithoutExtension(path), line);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SpecLines))]
    public async Task Every_prefix_of_the_series_builds(string variant, string line)
    {
        var runDirectory = Path.Combine(Project.RunsDir, "tests", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-bisect-{variant}-{line}");

        var builds = await new SeriesBisect(Project).RunAsync(Path.Combine(Project.SpecsDir, $"{variant}.yaml"), runDirectory, line);

        var patches = Directory.EnumerateFiles(Path.Combine(Project.PatchesRoot, variant, line), "0*.patch").Count() - 1;
        Assert.Equal(Enumerable.Range(1, patches), builds.Select(b => b.Patches));
    }
}
