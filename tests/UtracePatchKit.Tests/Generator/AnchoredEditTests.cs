using UtracePatchKit.Generator.Series;
using Xunit;

namespace UtracePatchKit.Tests.Generator;

public sealed class AnchoredEditTests
{
    private const string Makefile = "obj-y += fork.o\nobj-$(CONFIG_KCOV) += kcov.o\nobj-y += exit.o\n";

    [Fact]
    public void After_inserts_right_after_the_anchors_last_line()
    {
        var result = AnchoredEdit.Apply(Makefile, "obj-y += fork.o\nobj-$(CONFIG_KCOV) += kcov.o\n", EditPosition.After, "obj-$(CONFIG_UTRACE) += utrace.o\n");
        Assert.Equal("obj-y += fork.o\nobj-$(CONFIG_KCOV) += kcov.o\nobj-$(CONFIG_UTRACE) += utrace.o\nobj-y += exit.o\n", result.Content);
        Assert.Equal([1], result.MatchLines);
    }

    [Fact]
    public void Before_inserts_right_before_the_anchors_first_line()
    {
        var result = AnchoredEdit.Apply(Makefile, "obj-$(CONFIG_KCOV) += kcov.o\n", EditPosition.Before, "# utrace\n");
        Assert.Equal("obj-y += fork.o\n# utrace\nobj-$(CONFIG_KCOV) += kcov.o\nobj-y += exit.o\n", result.Content);
        Assert.Equal([2], result.MatchLines);
    }

    [Fact]
    public void Missing_anchor_gives_no_content_and_no_matches()
    {
        var result = AnchoredEdit.Apply(Makefile, "obj-y += signal.o\n", EditPosition.After, "x\n");
        Assert.Null(result.Content);
        Assert.Empty(result.MatchLines);
    }

    [Fact]
    public void Ambiguous_anchor_reports_every_match()
    {
        var result = AnchoredEdit.Apply("a\nb\na\nb\n", "a\n", EditPosition.After, "x\n");
        Assert.Null(result.Content);
        Assert.Equal([1, 3], result.MatchLines);
    }

    [Fact]
    public void Anchors_match_whole_lines_only()
    {
        // "kcov.o" ends a line but does not start one, so it is not a whole-line match.
        var result = AnchoredEdit.Apply(Makefile, "kcov.o\n", EditPosition.After, "x\n");
        Assert.Null(result.Content);
    }

    [Fact]
    public void Last_line_without_newline_still_matches()
    {
        Assert.Equal("a\nx\nb", AnchoredEdit.Apply("a\nb", "a\n", EditPosition.After, "x\n").Content);
        Assert.Equal("a\nb\nx\n", AnchoredEdit.Apply("a\nb", "b\n", EditPosition.After, "x\n").Content);
        Assert.Equal("a\nx\nb", AnchoredEdit.Apply("a\nb", "b\n", EditPosition.Before, "x\n").Content);
    }

    [Fact]
    public void Replace_swaps_the_anchor_lines_and_nothing_else()
    {
        Assert.Equal("a\ny\nc\n", AnchoredEdit.Apply("a\nb\nc\n", "b\n", EditPosition.Replace, "y\n").Content);
        Assert.Null(AnchoredEdit.Apply("b\nb\n", "b\n", EditPosition.Replace, "y\n").Content);
    }
}
