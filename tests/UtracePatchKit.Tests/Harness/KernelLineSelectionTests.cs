using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Spec;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.Tests.Generator;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

public sealed class KernelLineSelectionTests : IDisposable
{
    private readonly TempDir _repo = new();

    public void Dispose() => _repo.Dispose();

    private VariantSpec Spec(string name, string kernel) =>
        new SpecLoader(["6.1", "6.12"], _repo.Path).Load(_repo.Write($"specs/{name}.yaml",
            SpecSamples.With(("variant: report-resume", $"variant: {name}"), ("kernel: \"6.1\"", $"kernel: {kernel}"))));

    [Fact]
    public void Without_the_option_every_line_of_every_spec_runs()
    {
        var targets = KernelLineSelection.Resolve([Spec("a", "[\"6.1\", \"6.12\"]"), Spec("b", "\"6.12\"")], null);

        Assert.Equal(["a-6.1", "a-6.12", "b-6.12"], targets.Select(t => t.Name));
    }

    [Fact]
    public void The_option_chooses_lines_in_its_order()
    {
        var targets = KernelLineSelection.Resolve([Spec("a", "[\"6.1\", \"6.12\"]")], "6.12, 6.1");

        Assert.Equal(["a-6.12", "a-6.1"], targets.Select(t => t.Name));
        Assert.Equal("6.12", targets[0].Line);
    }

    [Fact]
    public void A_line_a_spec_does_not_target_is_an_error_at_the_spec()
    {
        var error = Assert.Single(Assert.Throws<InputException>(() => KernelLineSelection.Resolve([Spec("a", "\"6.1\"")], "6.1,6.12")).Errors);

        Assert.Equal("specs/a.yaml", error.File);
        Assert.Equal(1, error.Line);
        Assert.Contains("--kernel 6.12: the spec does not target Linux 6.12 (it targets 6.1)", error.Message);
    }

    [Theory]
    [InlineData("6", "'6' is not a kernel line like 6.1")]
    [InlineData("6.1,,6.12", "'' is not a kernel line like 6.1")]
    [InlineData("6.1,6.1", "kernel line 6.1 is given twice")]
    public void Malformed_options_are_refused(string option, string message)
    {
        var errors = Assert.Throws<InputException>(() => KernelLineSelection.Resolve([Spec("a", "[\"6.1\", \"6.12\"]")], option)).Errors;

        Assert.Contains(errors, e => e.Message == message && e.File == "--kernel");
    }
}
