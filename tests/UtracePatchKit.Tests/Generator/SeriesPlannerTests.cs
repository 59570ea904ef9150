using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Series;
using Xunit;

namespace UtracePatchKit.Tests.Generator;

public sealed class SeriesPlannerTests : IDisposable
{
    private readonly SeriesFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private SeriesPlan Plan(IReadOnlyDictionary<string, string>? baseFiles = null) =>
        _fixture.Planner(baseFiles ?? SeriesFixture.BaseFiles).Plan(_fixture.LoadSeries(), SeriesFixture.ProjectAuthor, "report-resume");

    private IReadOnlyList<LocatedError> PlanErrors(string series, IReadOnlyDictionary<string, string>? baseFiles = null)
    {
        _fixture.WriteSeries(series);
        return Assert.Throws<InputException>(() => Plan(baseFiles)).Errors;
    }

    [Fact]
    public void Renders_files_applies_edits_and_builds_messages()
    {
        var plan = Plan();

        Assert.Equal(2, plan.Patches.Count);
        var core = plan.Patches[0];
        Assert.Equal("utrace: add the engine core", core.Subject);
        Assert.Equal("utrace: add the engine core\n\nAdds the core; resume order is priority.\n\nSigned-off-by: UtracePatchKit <utpk@utracepatchkit.org>\n", core.Message);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 12, 1, 0, TimeSpan.Zero), core.Date);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 12, 2, 0, TimeSpan.Zero), plan.Patches[1].Date);
        Assert.Equal(["kernel/Makefile", "kernel/utrace.c"], core.Files.Keys);
        Assert.StartsWith("// specs/report-resume.yaml\n", core.Files["kernel/utrace.c"]);
        Assert.Equal("obj-y = fork.o exec_domain.o\nobj-$(CONFIG_KCOV) += kcov.o\nobj-$(CONFIG_UTRACE) += utrace.o\nobj-y += exit.o\n", core.Files["kernel/Makefile"]);
        Assert.Equal("utrace: report-resume engine ordering", plan.CoverLetter!.Subject);
        Assert.EndsWith("regenerate with: utpk generate specs/report-resume.yaml", plan.CoverLetter.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Later_patches_see_earlier_results()
    {
        var kconfig = Plan().Patches[1];
        Assert.Equal("obj-y = fork.o exec_domain.o\nobj-$(CONFIG_KCOV) += kcov.o\nobj-$(CONFIG_UTRACE) += utrace.o\nobj-$(CONFIG_UTRACE) += utrace-bands.o\nobj-y += exit.o\n",
            kconfig.Files["kernel/Makefile"]);
        Assert.Equal("config DEFCONFIG_LIST\n\tstring\n\nconfig UTRACE\n\tbool \"utrace (report_resume)\"\nmenu \"General setup\"\n\nendmenu\n", kconfig.Files["init/Kconfig"]);
    }

    [Fact]
    public void Edit_text_without_a_final_newline_still_inserts_whole_lines()
    {
        // The sample series ends in a block scalar with no newline after it.
        Assert.Equal("#!/bin/sh\necho utrace\nexit 0\n", Plan().Patches[1].Files["scripts/check.sh"]);
    }

    [Fact]
    public void Missing_anchor_names_series_location_patch_file_and_anchor()
    {
        var series = SeriesFixture.Series.Replace("obj-$(CONFIG_KCOV) += kcov.o", "obj-$(CONFIG_KCSAN) += kcsan.o");
        var errors = PlanErrors(series);
        var error = errors[0];
        var line = SeriesFixture.LineOf(series, "anchor: |");
        Assert.Equal(("templates/series-6.1.yaml", line, 17), (error.File, error.Line, error.Column));
        Assert.Equal("patch 'utrace: add the engine core': anchor not found in kernel/Makefile: obj-$(CONFIG_KCSAN) += kcsan.o", error.Message);
        Assert.Equal("update the anchor to the kernel's current source", error.Fix);
        Assert.StartsWith($"templates/series-6.1.yaml:{line}:17: error: patch 'utrace: add the engine core': anchor not found in kernel/Makefile", error.Format());

        // The next patch anchors on the line this edit would have added, so it fails too.
        Assert.Equal("patch 'utrace: add the Kconfig option': anchor not found in kernel/Makefile: obj-$(CONFIG_UTRACE) += utrace.o", errors[1].Message);
        Assert.Equal(2, errors.Count);
    }

    private const string PartPatch = """

          - subject: "utrace: add the middle"
            parts:
              - file: kernel/utrace.c
                from: "/* quiesce: {{ spec.order.quiesce }} */"
                until: |
                  /* end */
        """;

    [Fact]
    public void A_part_of_a_rendered_file_is_left_out_until_the_patch_that_adds_it()
    {
        _fixture.Dir.Write("templates/core/utrace.c.sbn", "// {{ spec.source_path }}\n/* quiesce: {{ spec.order.quiesce }} */\nint middle;\n/* end */\n");
        _fixture.WriteSeries(SeriesFixture.Series.TrimEnd('\n') + PartPatch.Replace("{{ spec.order.quiesce }}", "priority"));

        var plan = Plan();

        Assert.Equal("// specs/report-resume.yaml\n/* end */\n", plan.Patches[0].Files["kernel/utrace.c"]);
        Assert.False(plan.Patches[1].Files.ContainsKey("kernel/utrace.c"));
        var middle = plan.Patches[2];
        Assert.Equal(["kernel/utrace.c"], middle.Files.Keys);
        Assert.Equal("// specs/report-resume.yaml\n/* quiesce: priority */\nint middle;\n/* end */\n", middle.Files["kernel/utrace.c"]);
    }

    [Fact]
    public void A_part_whose_lines_are_not_in_the_rendered_file_is_located()
    {
        _fixture.Dir.Write("templates/core/utrace.c.sbn", "// {{ spec.source_path }}\n/* quiesce: {{ spec.order.quiesce }} */\n/* end */\n/* end */\n");
        var series = SeriesFixture.Series.TrimEnd('\n') + PartPatch.Replace("{{ spec.order.quiesce }}", "attach");

        var errors = PlanErrors(series);

        Assert.Equal(2, errors.Count);
        Assert.Equal((SeriesFixture.LineOf(series, "from: \"/* quiesce: attach"), 15), (errors[0].Line, errors[0].Column));
        Assert.Equal("part of kernel/utrace.c: 'from' not found in the rendered file: /* quiesce: attach */", errors[0].Message);
        Assert.Equal(SeriesFixture.LineOf(series, "until: |"), errors[1].Line);
        Assert.StartsWith("part of kernel/utrace.c: 'until' is ambiguous in the rendered file (lines 3, 4)", errors[1].Message);
    }

    [Fact]
    public void A_part_of_a_file_no_earlier_patch_renders_is_an_error()
    {
        var series = SeriesFixture.Series.TrimEnd('\n') + PartPatch.Replace("kernel/utrace.c", "kernel/other.c");

        var error = Assert.Single(PlanErrors(series));

        Assert.Equal(SeriesFixture.LineOf(series, "file: kernel/other.c"), error.Line);
        Assert.Contains("adds a part of kernel/other.c, which no earlier patch renders", error.Message);
    }

    [Fact]
    public void Ambiguous_anchor_is_an_error()
    {
        var files = new Dictionary<string, string>(SeriesFixture.BaseFiles)
        {
            ["kernel/Makefile"] = "obj-$(CONFIG_KCOV) += kcov.o\nobj-$(CONFIG_KCOV) += kcov.o\n",
        };
        _fixture.WriteSeries(SeriesFixture.Series);
        var errors = Assert.Throws<InputException>(() => Plan(files)).Errors;

        // The second patch's Makefile edit also fails: its anchor came from the failed first edit.
        Assert.Contains(errors, e => e.Message.StartsWith("patch 'utrace: add the engine core': anchor is ambiguous in kernel/Makefile (2 matches, at lines 1, 2)"));
    }

    [Fact]
    public void Editing_a_missing_file_is_an_error()
    {
        var files = SeriesFixture.BaseFiles.Where(f => f.Key != "init/Kconfig").ToDictionary();
        _fixture.WriteSeries(SeriesFixture.Series);
        var error = Assert.Single(Assert.Throws<InputException>(() => Plan(files)).Errors);
        Assert.Equal(SeriesFixture.LineOf(SeriesFixture.Series, "file: init/Kconfig"), error.Line);
        Assert.Contains("cannot edit init/Kconfig: no such file", error.Message);
    }

    [Fact]
    public void All_errors_of_the_series_are_collected()
    {
        var series = SeriesFixture.Series
            .Replace("obj-$(CONFIG_KCOV) += kcov.o", "nope")
            .Replace("{{ spec.order.resume }}", "{{ spec.order.rsume }}");
        var errors = PlanErrors(series);
        Assert.Contains(errors, e => e.Message.Contains("rsume") && e.Line == SeriesFixture.LineOf(series, "rsume"));
        Assert.Contains(errors, e => e.Message.Contains("anchor not found in kernel/Makefile: nope"));
    }

    [Fact]
    public void A_patch_that_changes_nothing_is_an_error()
    {
        var series = """
            author: "A U Thor <a@example.org>"
            date: "2026-01-05T12:00:00+00:00"
            patches:
              - subject: "noop"
                files:
                  - path: scripts/check.sh
                    template: same.sbn
            """;
        _fixture.Dir.Write("templates/same.sbn", SeriesFixture.BaseFiles["scripts/check.sh"]);
        var error = Assert.Single(PlanErrors(series));
        Assert.Equal("patch 'noop' changes nothing", error.Message);
    }
}
