using UtracePatchKit.QemuHarness.Results;
using UtracePatchKit.QemuHarness.Scenarios;
using Xunit;

namespace UtracePatchKit.Tests.Scenarios;

/// <summary>The verdict cells <c>utpk compare</c> shows, derived in one place from the scenario results.</summary>
public sealed class ComparisonTests
{
    private static ScenarioResult Result(string id, string variant, bool passed, ProposalVerdict? verdict = null)
    {
        var scenario = Build.Scenario(new Dictionary<string, Expectation>(), id: id) with
        {
            ProposalVerdicts = verdict is { } v ? new Dictionary<string, ProposalVerdict> { [variant] = v } : new Dictionary<string, ProposalVerdict>(),
        };
        return new ScenarioResult(scenario, variant, passed ? [] : ["it did not"], TimeSpan.Zero, null);
    }

    [Fact]
    public void A_result_shows_the_catalog_verdict_only_when_the_kernel_behaved_as_the_catalog_says()
    {
        Assert.Equal("wanted", Result("10", "report-resume", true, ProposalVerdict.Wanted).Cell);
        Assert.Equal("problem", Result("10", "utrace-2007", true, ProposalVerdict.Problem).Cell);
        Assert.Equal("ok", Result("10", "utrace-2009", true).Cell);
        Assert.Equal("FAIL", Result("10", "report-resume", false, ProposalVerdict.Wanted).Cell);
        Assert.Null(Result("10", "utrace-2009", true).Verdict);
    }

    [Fact]
    public void A_point_shows_its_worst_scenario()
    {
        var point = new ProposalPoint("P1", "quote", ["10", "11"], null);

        Assert.Equal("FAIL", Comparison.PointCell(point, [Result("10", "v", true, ProposalVerdict.Problem), Result("11", "v", false)]));
        Assert.Equal("problem", Comparison.PointCell(point, [Result("10", "v", true, ProposalVerdict.Wanted), Result("11", "v", true, ProposalVerdict.Problem)]));
        Assert.Equal("wanted", Comparison.PointCell(point, [Result("10", "v", true, ProposalVerdict.Wanted), Result("12", "v", false)]));
        Assert.Equal("-", Comparison.PointCell(point, [Result("12", "v", true)]));
        Assert.Equal("not modelled", Comparison.PointCell(new ProposalPoint("P2", "quote", [], "why not"), [Result("10", "v", true)]));
    }

    [Fact]
    public void Call_order_keeps_every_call_of_the_syscall_asked_for_and_only_syscall_events_filter_by_number()
    {
        var seen = Build.Seen(log:
        [
            "seq=1 engine=A event=syscall_entry nr=12",
            "seq=2 engine=B event=syscall_entry nr=39",
            "seq=3 engine=A event=syscall_entry nr=39",
            "seq=4 engine=B event=syscall_entry nr=39",
            "seq=5 event=log_overflow",
            "seq=6 engine=C event=exec",
        ]);

        Assert.Equal(["B", "A", "B"], seen.CallOrder("syscall_entry", 39));
        Assert.Equal(["A", "B", "A", "B"], seen.CallOrder("syscall_entry"));
        Assert.Equal(["C"], seen.CallOrder("exec", 39));
        Assert.Empty(seen.CallOrder("log_overflow"));
    }
}
