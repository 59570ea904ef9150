using UtracePatchKit.QemuHarness.Scenarios;
using UtracePatchKit.QemuHarness.Selftests;
using Xunit;

namespace UtracePatchKit.Tests.Selftests;

public class KtapParserTests
{
    // vmaccess from Linux 6.1 under run-selftest, as a kernel where PTRACE_ATTACH hangs prints it.
    private static readonly string[] Vmaccess =
    [
        "TAP version 13",
        "1..2",
        "# Starting 2 tests from 1 test cases.",
        "#  RUN           global.vmaccess ...",
        "#            OK  global.vmaccess",
        "ok 1 global.vmaccess",
        "#  RUN           global.attach ...",
        "# attach: Test terminated by timeout",
        "#          FAIL  global.attach",
        "not ok 2 global.attach",
        "# FAILED: 1 / 2 tests passed.",
        "# Totals: pass:1 fail:1 xfail:0 xpass:0 skip:0 error:0",
        "# run-selftest: exited=1",
    ];

    [Fact]
    public void Harness_output_gives_one_case_per_result_line()
    {
        var run = KtapParser.Parse("vmaccess", Vmaccess);

        Assert.Equal(2, run.Plan);
        Assert.Equal("exited=1", run.Ending);
        Assert.Equal(
            [new SelftestCase("global.vmaccess", SelftestOutcome.Pass), new SelftestCase("global.attach", SelftestOutcome.Fail)],
            run.Cases);
        Assert.Equal("pass 1, fail 1, skip 0", run.Summary);
        Assert.False(run.OutputTruncated);
    }

    [Fact]
    public void A_skipped_case_without_a_name_takes_it_from_the_harness_RUN_line()
    {
        var run = KtapParser.Parse("t", ["1..2", "#  RUN           global.first ...", "ok 1 # SKIP needs root", "ok 2 - second # XFAIL known", "not ok 3 third # error broken"]);

        Assert.Equal(
            [
                new SelftestCase("global.first", SelftestOutcome.Skip, "needs root"),
                new SelftestCase("second", SelftestOutcome.XFail, "known"),
                new SelftestCase("third", SelftestOutcome.Error, "broken"),
            ],
            run.Cases);
    }

    [Fact]
    public void Indented_subtest_lines_and_plain_comments_are_not_cases_of_their_own()
    {
        var run = KtapParser.Parse("t", ["1..1", "    ok 1 inner", "ok 1 outer # a remark"]);

        Assert.Equal([new SelftestCase("outer", SelftestOutcome.Pass)], run.Cases);
    }

    [Fact]
    public void Repeated_case_names_stay_apart()
    {
        var run = KtapParser.Parse("t", ["ok 1 same", "not ok 2 same"]);

        Assert.Equal(["same", "same (#2)"], run.Cases.Select(c => c.Name));
    }

    [Theory]
    [InlineData("exited=0", SelftestOutcome.Pass)]
    [InlineData("exited=4", SelftestOutcome.Skip)]
    [InlineData("exited=1", SelftestOutcome.Fail)]
    [InlineData("signaled=11", SelftestOutcome.Fail)]
    [InlineData("timeout=45", SelftestOutcome.Fail)]
    public void A_program_without_TAP_output_is_one_case_judged_by_how_it_ended(string ending, SelftestOutcome outcome)
    {
        var run = KtapParser.Parse("peeksiginfo", ["PASS", $"# run-selftest: {ending}"]);

        var only = Assert.Single(run.Cases);
        Assert.Equal("peeksiginfo", only.Name);
        Assert.Equal(outcome, only.Outcome);
        Assert.Null(run.Plan);
    }

    [Fact]
    public void Without_run_selftests_line_the_ending_is_unknown_and_a_bare_program_fails()
    {
        var run = KtapParser.Parse("peeksiginfo", ["PASS"]);

        Assert.Equal(KtapParser.UnknownEnding, run.Ending);
        Assert.Equal(SelftestOutcome.Fail, Assert.Single(run.Cases).Outcome);
    }

    [Fact]
    public void A_skipped_plan_is_one_skipped_case()
    {
        var run = KtapParser.Parse("t", ["TAP version 13", "1..0 # SKIP no ptrace here", "# run-selftest: exited=4"]);

        Assert.Equal(new SelftestCase("t", SelftestOutcome.Skip, "no ptrace here"), Assert.Single(run.Cases));
    }

    [Fact]
    public void Truncation_comes_from_the_agent_and_a_missing_ending_says_how_run_selftest_ended()
    {
        var cut = KtapParser.Parse("t", ["1..2", "ok 1 first"], AgentEnd.Parse("signaled=13 core=0 truncated=1"));
        var whole = KtapParser.Parse("t", ["1..1", "ok 1 first", "# run-selftest: exited=0"], AgentEnd.Parse("exited=0"));

        Assert.True(cut.OutputTruncated);
        Assert.Equal("unknown (run-selftest signaled=13)", cut.Ending);
        Assert.False(whole.OutputTruncated);
        Assert.Equal("exited=0", whole.Ending);
    }
}
