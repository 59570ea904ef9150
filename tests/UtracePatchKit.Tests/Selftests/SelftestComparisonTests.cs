using UtracePatchKit.QemuHarness.Selftests;
using Xunit;

namespace UtracePatchKit.Tests.Selftests;

public class SelftestComparisonTests
{
    private static SelftestRun Run(string program, string ending, params (string Name, SelftestOutcome Outcome)[] cases) =>
        new(program, ending, cases.Length, cases.Select(c => new SelftestCase(c.Name, c.Outcome)).ToArray(), [], false);

    private static readonly SelftestRun[] Unpatched =
    [
        Run("get_syscall_info", "exited=0", ("global.get_syscall_info", SelftestOutcome.Pass)),
        Run("vmaccess", "exited=1", ("global.vmaccess", SelftestOutcome.Pass), ("global.attach", SelftestOutcome.Fail)),
    ];

    [Fact]
    public void Equal_results_have_no_difference_even_when_cases_fail_on_both()
    {
        Assert.Empty(SelftestComparison.Differences(Unpatched, Unpatched.Select(r => r with { Output = ["other text"] }).ToArray()));
    }

    [Fact]
    public void A_case_whose_outcome_changed_is_named_with_both_outcomes()
    {
        SelftestRun[] observed =
        [
            Unpatched[0],
            Run("vmaccess", "exited=1", ("global.vmaccess", SelftestOutcome.Fail), ("global.attach", SelftestOutcome.Fail)),
        ];

        Assert.Equal(["vmaccess: global.vmaccess: fail (unpatched: pass)"], SelftestComparison.Differences(Unpatched, observed));
    }

    [Fact]
    public void Missing_and_extra_cases_programs_endings_and_plans_are_differences()
    {
        SelftestRun[] observed =
        [
            Run("vmaccess", "signaled=11", ("global.vmaccess", SelftestOutcome.Pass), ("global.new", SelftestOutcome.Pass)),
            Run("peeksiginfo", "exited=0", ("peeksiginfo", SelftestOutcome.Pass)),
        ];

        Assert.Equal(
            [
                "get_syscall_info: not run (unpatched: pass 1, fail 0, skip 0)",
                "vmaccess: signaled=11 (unpatched: exited=1)",
                "vmaccess: global.attach: missing (unpatched: fail)",
                "vmaccess: global.new: pass (not reported on the unpatched kernel)",
                "peeksiginfo: not run on the unpatched kernel",
            ],
            SelftestComparison.Differences(Unpatched, observed));
    }
}
