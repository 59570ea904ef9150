using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Yaml;
using Xunit;

namespace UtracePatchKit.Tests.Common;

/// <summary>The YAML layer on hostile input: nesting is bounded and tab errors point at the tab.</summary>
public sealed class YamlHardeningTests
{
    private static IReadOnlyList<LocatedError> Errors(string text)
    {
        var errors = new ErrorList();
        YamlTreeReader.Read(text, "f.yaml", errors);
        return errors.Items;
    }

    [Theory]
    [InlineData(40_000)]
    [InlineData(YamlTreeReader.MaxDepth + 1)]
    public void Deep_flow_nesting_is_an_error_at_the_level_that_is_too_deep(int depth)
    {
        var error = Assert.Single(Errors(new string('[', depth) + new string(']', depth)));

        Assert.Contains($"nests deeper than {YamlTreeReader.MaxDepth} levels", error.Message);
        Assert.Equal((1, YamlTreeReader.MaxDepth + 1), (error.Line, error.Column));
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_accepted()
    {
        var depth = YamlTreeReader.MaxDepth;

        Assert.Empty(Errors(new string('[', depth) + new string(']', depth)));
    }

    [Fact]
    public void Deep_block_nesting_is_an_error_too()
    {
        var text = string.Concat(Enumerable.Range(0, 200).Select(i => new string(' ', i) + "a:\n"));

        var error = Assert.Single(Errors(text));

        Assert.Contains("nests deeper than", error.Message);
        Assert.Equal(YamlTreeReader.MaxDepth, error.Line);
    }

    [Theory]
    [InlineData("variant: x\norder:\n  quiesce: priority\n\tresume: priority\n", 4, 1)]
    [InlineData("variant: x\norder:\n\tquiesce: priority\n", 3, 1)]
    [InlineData("a: b\n\t\nc: d\n", 2, 1)]
    [InlineData("a:\n  b: c\n  \td: e\n", 3, 3)]
    public void A_tab_error_points_at_the_tab(string text, int line, int column)
    {
        var error = Assert.Single(Errors(text));

        Assert.Contains("tab", error.Message);
        Assert.Equal((line, column), (error.Line, error.Column));
    }
}
