using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Series;
using Xunit;

namespace UtracePatchKit.Tests.Generator;

public sealed class SeriesLoaderTests : IDisposable
{
    private readonly SeriesFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private IReadOnlyList<LocatedError> Errors(string series)
    {
        _fixture.WriteSeries(series);
        return Assert.Throws<InputException>(() => _fixture.LoadSeries()).Errors;
    }

    [Fact]
    public void Loads_the_sample_series()
    {
        var series = _fixture.LoadSeries();

        Assert.Null(series.Author); // a series is the user's: only the overlay names its own author
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero), series.Date);
        Assert.NotNull(series.CoverLetter);
        Assert.Equal(2, series.Patches.Count);
        var edit = series.Patches[0].Edits[0];
        Assert.Equal(("kernel/Makefile", "obj-$(CONFIG_KCOV) += kcov.o\n", EditPosition.After), (edit.File, edit.Anchor, edit.Position));
        Assert.Equal(new FileDefinition("kernel/utrace.c", "core/utrace.c.sbn",
            new("templates/series-6.1.yaml", 13, 15), new("templates/series-6.1.yaml", 14, 19)), series.Patches[0].Files[0]);
        Assert.Equal(3, series.Patches[1].Edits.Count);
    }

    [Fact]
    public void Cover_letter_is_optional()
    {
        _fixture.WriteSeries(string.Join('\n', SeriesFixture.Series.Split('\n').Where((_, i) => i is < 1 or > 6)));
        Assert.Null(_fixture.LoadSeries().CoverLetter);
    }

    [Fact]
    public void Unknown_key_in_an_edit_is_located()
    {
        var series = SeriesFixture.Series.Replace("position: after", "positon: after");
        var errors = Errors(series);
        var line = SeriesFixture.LineOf(series, "positon");
        Assert.Contains(errors, e => e.Message == "unknown key 'positon' under 'patches[0].edits[0]'" && (e.Line, e.Column) == (line, 9) && e.Fix.Contains("'position'"));
        Assert.Contains(errors, e => e.Message == "missing required key 'position' under 'patches[0].edits[0]'");
    }

    [Fact]
    public void Bad_position_lists_the_choices()
    {
        var first = SeriesFixture.Series.IndexOf("position: before", StringComparison.Ordinal);
        var series = SeriesFixture.Series[..first] + "position: instead" + SeriesFixture.Series[(first + "position: before".Length)..];
        var error = Assert.Single(Errors(series));
        Assert.Equal((SeriesFixture.LineOf(series, "instead"), 19), (error.Line, error.Column));
        Assert.Contains("allowed: after, before", error.Message);
    }

    [Fact]
    public void Bad_author_and_date_are_both_reported()
    {
        var series = "author: nobody\n" + SeriesFixture.Series.Replace("+00:00", "");
        var errors = Errors(series);
        Assert.Contains(errors, e => e.Line == 1 && e.Message.Contains("not 'Name <email>'"));
        Assert.Contains(errors, e => e.Line == 2 && e.Message.Contains("not an ISO 8601 time with an offset"));
    }

    [Fact]
    public void Paths_must_stay_inside_the_tree()
    {
        var error = Assert.Single(Errors(SeriesFixture.Series.Replace("path: kernel/utrace.c", "path: ../utrace.c")));
        Assert.Contains("is not a clean relative path", error.Message);
    }

    [Fact]
    public void Duplicate_keys_in_a_patch_are_reported()
    {
        var series = SeriesFixture.Series.Replace("  - subject: \"utrace: add the Kconfig option\"", "  - subject: \"utrace: add the Kconfig option\"\n    subject: again");
        var error = Assert.Single(Errors(series));
        Assert.StartsWith("duplicate key 'subject'", error.Message);
        Assert.Equal(SeriesFixture.LineOf(series, "subject: again"), error.Line);
    }
}
