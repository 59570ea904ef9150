using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Spec;
using UtracePatchKit.QemuHarness.Matrix;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.Tests.Generator;
using Xunit;

namespace UtracePatchKit.Tests.Matrix;

public sealed class MatrixPlanTests : IDisposable
{
    private readonly TempDir _repo = new();

    public void Dispose() => _repo.Dispose();

    private ProjectLayout Project => new(_repo.Path);

    private VariantSpec Spec(string name) =>
        new SpecLoader(["6.1", "6.12"], _repo.Path).Load(_repo.Write($"specs/{name}.yaml",
            SpecSamples.With(("variant: report-resume", $"variant: {name}"), ("kernel: \"6.1\"", "kernel: [\"6.1\", \"6.12\"]"))));

    [Fact]
    public void Cells_go_line_by_line_then_profile_by_profile_so_variants_share_a_build()
    {
        var plan = MatrixPlan.For(Project, [Spec("a"), Spec("b")], null, null);

        Assert.Equal(
            [
                "a-6.1-plain", "b-6.1-plain", "a-6.1-lockdep", "b-6.1-lockdep", "a-6.1-kasan", "b-6.1-kasan",
                "a-6.12-plain", "b-6.12-plain", "a-6.12-lockdep", "b-6.12-lockdep", "a-6.12-kasan", "b-6.12-kasan",
            ],
            plan.Cells.Select(c => c.Id));
        Assert.Equal(new MatrixCell("a", "specs/a.yaml", "6.12", "kasan"), plan.Find("a-6.12-kasan"));
    }

    [Fact]
    public void Kernel_and_profile_options_narrow_the_matrix()
    {
        var plan = MatrixPlan.For(Project, [Spec("a")], "6.12", "kasan,plain");

        Assert.Equal(["a-6.12-kasan", "a-6.12-plain"], plan.Cells.Select(c => c.Id));
    }

    [Fact]
    public void Unknown_or_repeated_profiles_and_lines_are_all_reported()
    {
        var errors = Assert.Throws<InputException>(() => MatrixPlan.For(Project, [Spec("a")], "6.6", "plain,ubsan,plain")).Errors;

        Assert.Equal(
            ["--kernel 6.6: the spec does not target Linux 6.6 (it targets 6.1, 6.12)", "unknown profile 'ubsan'", "profile plain is given twice"],
            errors.Select(e => e.Message));
    }

    [Fact]
    public void Profiles_name_the_debug_fragments_the_kernel_tests_build_with()
    {
        Assert.Equal(["plain", "lockdep", "kasan"], KconfigProfile.All.Select(p => p.Name));
        var repo = ProjectLayout.Find(AppContext.BaseDirectory);
        Assert.All(KconfigProfile.All.SelectMany(p => p.Fragments(repo)), fragment => Assert.True(File.Exists(fragment), fragment));
    }
}
