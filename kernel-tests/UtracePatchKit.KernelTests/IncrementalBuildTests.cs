using UtracePatchKit.QemuHarness.Pipeline;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>With nothing changed since the kernel was prepared, preparing it again runs no make at all.</summary>
[Collection(ReportResumeKernel.Collection)]
public sealed class IncrementalBuildTests(ReportResumeKernel kernel)
{
    [Fact]
    public async Task Preparing_an_unchanged_variant_again_rebuilds_nothing()
    {
        var again = await new KernelPreparer(kernel.Project).PrepareAsync(
            Path.Combine(kernel.Project.SpecsDir, "report-resume.yaml"),
            kernel.RunDirectory + "-again");

        Assert.True(again.Build.Skipped, $"make ran again: {again.Build.Steps} steps, see {again.Build.LogPath}");
        Assert.Equal(kernel.Kernel.TestTip, again.TestTip);
    }
}
