using CliWrap;
using CliWrap.Buffered;
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
    private static readonly ProjectLayout Project = ProjectLayout.Find(AppContext.BaseDirectory);

    public static TheoryData<string, string> SpecLines
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var path in Project.ShippedSpecs)
            {
                foreach (var line in SpecInputs.Load(Project, path).KernelLines)
                    data.Add(Path.GetFileName(path), line);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(SpecLines))]
    public async Task Committed_patches_are_what_the_spec_generates(string spec, string line)
    {
        var specPath = Path.Combine(Project.SpecsDir, spec);
        var source = await KernelTreeSetup.EnsureForLineAsync(line, null, CancellationToken.None);

        var series = await SeriesGenerator.GenerateAsync(
            new GenerateRequest(specPath, Project.TemplatesRoot, source.Tree) { RepoRoot = Project.Root, KernelLine = line });

        var stale = SeriesWriter.Diff(series, Project.PatchesRoot);
        Assert.True(stale.Count == 0, $"patches/ is stale, run './utpk generate --all': {string.Join(", ", stale.Select(c => $"{c.Kind} {c.Path}"))}");
    }

    [Theory]
    [MemberData(nameof(SpecLines))]
    public async Task Every_patch_passes_checkpatch_strict(string spec, string line)
    {
        var source = await KernelTreeSetup.EnsureForLineAsync(line, null, CancellationToken.None);
        var patches = Directory.EnumerateFiles(Path.Combine(Project.PatchesRoot, Path.GetFileNameWithoutExtension(spec), line), "*.patch")
            .Where(p => !Path.GetFileName(p).StartsWith("0000-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(patches);

        foreach (var patch in patches)
        {
            var (code, output) = await RunAsync("perl", source.Tree.RepoPath, "scripts/checkpatch.pl", "--strict", "--no-tree", patch);
            Assert.True(code == 0 && output.Contains("total: 0 errors, 0 warnings, 0 checks", StringComparison.Ordinal),
                $"checkpatch.pl --strict on {Path.GetFileName(patch)}:{Environment.NewLine}{output}");
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, string workingDirectory, params string[] arguments)
    {
        var result = await Cli.Wrap(program)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }
}
