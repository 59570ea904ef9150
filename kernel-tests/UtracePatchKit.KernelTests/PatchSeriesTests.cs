using UtracePatchKit.Common.Processes;
using UtracePatchKit.Generator;
using UtracePatchKit.Generator.Output;
using UtracePatchKit.QemuHarness.Pipeline;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>
/// The committed series against the real kernel tree of every line a spec targets: regenerating
/// from the specs changes nothing (as the YNL generator is checked upstream), and that tree's own
/// checkpatch.pl --strict finds nothing in any patch.
/// </summary>
public sealed class PatchSeriesTests
{
    private static readonly ProjectLayout Project = ShippedSeries.Project;

    public static TheoryData<string, string> VariantLines => ShippedSeries.VariantLines();

    [Theory]
    [MemberData(nameof(VariantLines))]
    public async Task Committed_patches_are_what_the_spec_generates(string variant, string line)
    {
        var specPath = ShippedSeries.SpecPath(variant);
        var source = await KernelTreeSetup.EnsureForLineAsync(line, null, CancellationToken.None);

        var series = await SeriesGenerator.GenerateAsync(
            new GenerateRequest(specPath, Project.TemplatesRoot, source.Tree) { RepoRoot = Project.Root, KernelLine = line });

        var stale = SeriesWriter.Diff(series, Project.PatchesRoot);
        Assert.True(stale.Count == 0, $"patches/ is stale, run './utpk generate --all': {string.Join(", ", stale.Select(c => $"{c.Kind} {c.Path}"))}");
    }

    [Theory]
    [MemberData(nameof(VariantLines))]
    public async Task Every_patch_passes_checkpatch_strict(string variant, string line)
    {
        var source = await KernelTreeSetup.EnsureForLineAsync(line, null, CancellationToken.None);
        var patches = Directory.EnumerateFiles(ShippedSeries.PatchesDir(variant, line), "*.patch")
            .Where(p => !Path.GetFileName(p).StartsWith("0000-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(patches);

        foreach (var patch in patches)
        {
            var result = await CommandRunner.RunAsync("perl", ["scripts/checkpatch.pl", "--strict", "--no-tree", patch], source.Tree.RepoPath);
            var output = result.StandardOutput + result.StandardError;
            Assert.True(result.Succeeded && output.Contains("total: 0 errors, 0 warnings, 0 checks", StringComparison.Ordinal),
                $"checkpatch.pl --strict on {Path.GetFileName(patch)}:{Environment.NewLine}{output}");
        }
    }
}
