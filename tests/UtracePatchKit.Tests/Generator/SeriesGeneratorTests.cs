using LibGit2Sharp;
using UtracePatchKit.Generator;
using UtracePatchKit.Generator.Diagnostics;
using UtracePatchKit.Generator.Output;
using UtracePatchKit.Generator.Series;
using Xunit;

namespace UtracePatchKit.Tests.Generator;

public sealed class SeriesGeneratorTests : IDisposable
{
    private const string Author = "UtracePatchKit <utpk@utracepatchkit.org>";
    private readonly SeriesFixture _fixture = new();
    private readonly TempDir _kernels = new();

    public void Dispose()
    {
        _fixture.Dispose();
        _kernels.Dispose();
    }

    private (string Repo, string Base) NewKernel(string name)
    {
        var repo = _kernels.Combine(name);
        return (repo, KernelRepo.Create(repo, SeriesFixture.BaseFiles));
    }

    // Synchronous so that Assert.Throws reads naturally; the generator itself is async only.
    private GeneratedSeries Generate(string repo, string baseCommit = "utpk-base") =>
        SeriesGenerator.GenerateAsync(new GenerateRequest(_fixture.SpecPath, _fixture.TemplatesRoot, new BaseTree(repo, baseCommit))
        {
            RepoRoot = _fixture.Dir.Path,
        }).GetAwaiter().GetResult();

    [Fact]
    public void Commit_ids_and_patches_are_identical_across_runs_and_repositories()
    {
        var (first, firstBase) = NewKernel("a");
        var (second, secondBase) = NewKernel("b");

        var one = Generate(first);
        var again = Generate(first);
        var other = Generate(second, secondBase);

        Assert.Equal(firstBase, secondBase);
        Assert.Equal(firstBase, one.BaseCommit);
        Assert.Equal(one.Tip, again.Tip);
        Assert.Equal(one.Tip, other.Tip);
        Assert.Equal(one.Patches, again.Patches);
        Assert.Equal(one.Patches, other.Patches);
    }

    [Fact]
    public void Repository_config_cannot_change_the_output()
    {
        var (plain, _) = NewKernel("plain");
        var (configured, _) = NewKernel("configured");
        using (var repo = new Repository(configured))
        {
            repo.Config.Set("diff.noprefix", true);
            repo.Config.Set("core.abbrev", "7");
            repo.Config.Set("format.signature", "my machine");
            repo.Config.Set("format.thread", "shallow");
            repo.Config.Set("diff.algorithm", "histogram");
            repo.Config.Set("user.name", "Someone Else");
        }

        Assert.Equal(Generate(plain).Patches, Generate(configured).Patches);
    }

    [Fact]
    public void Patches_carry_base_commit_signoff_diffstat_and_the_filled_cover_letter()
    {
        var (repo, baseSha) = NewKernel("k");
        var series = Generate(repo);

        Assert.Equal("report-resume", series.Variant);
        Assert.Equal(["0000-cover-letter.patch", "0001-utrace-add-the-engine-core.patch", "0002-utrace-add-the-Kconfig-option.patch"],
            series.Patches.Select(p => p.Name));

        var cover = series.Patches[0].Content;
        Assert.StartsWith($"From {series.Tip} Mon Sep 17 00:00:00 2001\nFrom: {Author}\nDate: Mon, 5 Jan 2026 12:00:00 +0000\n", cover);
        Assert.Contains("Subject: [PATCH] utrace: report-resume engine ordering\n", cover);
        Assert.Contains("This series implements the report-resume variant.\n\nGenerated from specs/report-resume.yaml by UtracePatchKit", cover);
        Assert.DoesNotContain("***", cover);
        Assert.Contains($"base-commit: {baseSha}\n", cover);

        var core = series.Patches[1].Content;
        Assert.Contains("Date: Mon, 5 Jan 2026 12:01:00 +0000\nSubject: [PATCH] utrace: add the engine core\n", core);
        Assert.Contains($"Adds the core; resume order is priority.\n\nSigned-off-by: {Author}\n---\n", core);
        Assert.Contains(" kernel/Makefile | 1 +\n kernel/utrace.c | 2 ++\n 2 files changed, 3 insertions(+)\n", core);
        Assert.Contains("new file mode 100644\n", core);
        Assert.Contains("+obj-$(CONFIG_UTRACE) += utrace.o\n", core);
        Assert.DoesNotContain("\n-- \n", core);

        var kconfig = series.Patches[2].Content;
        Assert.Contains("Date: Mon, 5 Jan 2026 12:02:00 +0000\n", kconfig);
        Assert.Contains(" scripts/check.sh | 1 +\n", kconfig);
        Assert.Contains("index 039e4d0069c5..760bac250510 100755\n", kconfig);
    }

    [Fact]
    public void Only_the_series_ref_moves_and_file_modes_are_kept()
    {
        var (path, baseSha) = NewKernel("k");
        var series = Generate(path);

        using var repo = new Repository(path);
        Assert.Equal(baseSha, repo.Head.Tip.Sha);
        Assert.Equal(series.Tip, repo.Refs["refs/utpk/series/report-resume"].TargetIdentifier);
        Assert.Single(repo.Branches);
        Assert.False(repo.RetrieveStatus().IsDirty);
        Assert.Equal(SeriesFixture.BaseFiles["kernel/Makefile"], File.ReadAllText(Path.Combine(path, "kernel/Makefile")));

        var tip = repo.Lookup<Commit>(series.Tip);
        Assert.Equal(Mode.ExecutableFile, tip["scripts/check.sh"].Mode);
        Assert.Equal(Mode.NonExecutableFile, tip["kernel/utrace.c"].Mode);
        Assert.Equal(baseSha, tip.Parents.Single().Parents.Single().Sha);
        Assert.Equal("utrace: add the Kconfig option", tip.MessageShort);
    }

    [Fact]
    public void Errors_surface_as_one_exception_and_leave_no_ref()
    {
        var (path, _) = NewKernel("k");
        _fixture.WriteSeries(SeriesFixture.Series.Replace("menu \"General setup\"", "menu \"Gone\""));

        var ex = Assert.Throws<GeneratorException>(() => Generate(path));
        Assert.Contains("templates/series-6.1.yaml:", ex.Message);
        Assert.Contains("anchor not found in init/Kconfig: menu \"Gone\"", ex.Message);
        using var repo = new Repository(path);
        Assert.Null(repo.Refs["refs/utpk/series/report-resume"]);
    }

    [Fact]
    public void Spec_errors_surface_as_generator_exceptions()
    {
        var (path, _) = NewKernel("k");
        _fixture.Dir.Write("specs/report-resume.yaml", SpecSamples.With(("kernel: \"6.1\"", "kernel: \"6.12\"")));

        var ex = Assert.Throws<UtracePatchKit.Generator.Spec.SpecException>(() => Generate(path));
        Assert.Contains("specs/report-resume.yaml:4:9: error: kernel line '6.12' is not supported; supported: 6.1", ex.Message);
    }

    [Fact]
    public void Annotated_tag_resolves_to_its_commit()
    {
        var (path, baseSha) = NewKernel("k");
        var series = Generate(path, "utpk-base-annotated");
        Assert.Equal(baseSha, series.BaseCommit);
        Assert.Equal(Generate(path).Tip, series.Tip);
    }

    [Fact]
    public void Unknown_base_commit_is_reported()
    {
        var (path, _) = NewKernel("k");
        var ex = Assert.Throws<GeneratorException>(() => Generate(path, "0123456789abcdef0123456789abcdef01234567"));
        Assert.Contains("commit '0123456789abcdef0123456789abcdef01234567' not found", ex.Message);
    }

    [Fact]
    public async Task Overlay_is_built_on_the_given_parent_without_a_cover_letter()
    {
        var (path, _) = NewKernel("k");
        var series = Generate(path);
        _fixture.Dir.Write("kernel-tests/overlay/driver.c.sbn", "/* {{ spec.variant }} bands: {{ spec.bands.size }} */\n");
        var overlayPath = _fixture.Dir.Write("kernel-tests/overlay/overlay.yaml", """
            author: "UtracePatchKit <utpk@utracepatchkit.org>"
            date: "2026-01-05T13:00:00+00:00"
            patches:
              - subject: "utrace: add the validation driver"
                files:
                  - path: drivers/misc/utrace-validate.c
                    template: driver.c.sbn
                edits:
                  - file: kernel/Makefile
                    anchor: "obj-$(CONFIG_UTRACE) += utrace-bands.o"
                    position: after
                    text: |
                      obj-y += validate.o
            """);

        var overlay = await SeriesGenerator.GenerateOverlayAsync(new OverlayRequest(
            _fixture.SpecPath, overlayPath, _fixture.Dir.Combine("kernel-tests", "overlay"), path, series.Tip) { RepoRoot = _fixture.Dir.Path });

        Assert.Equal(series.Tip, overlay.BaseCommit);
        var patch = Assert.Single(overlay.Patches);
        Assert.Equal("0001-utrace-add-the-validation-driver.patch", patch.Name);
        Assert.Contains("+/* report-resume bands: 4 */\n", patch.Content);
        Assert.Contains($"base-commit: {series.Tip}\n", patch.Content);
        using var repo = new Repository(path);
        Assert.Equal(overlay.Tip, repo.Refs["refs/utpk/overlay/report-resume"].TargetIdentifier);
        Assert.Equal(series.Tip, repo.Refs["refs/utpk/series/report-resume"].TargetIdentifier);
    }
}
