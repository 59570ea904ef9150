using UtracePatchKit.QemuHarness.Scenarios;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>The validation driver's log on a booted kernel: an overflow is never silent.</summary>
[Collection(ReportResumeKernel.Collection)]
public sealed class DriverLogTests(ReportResumeKernel kernel)
{
    [Fact]
    public async Task A_log_that_overflows_ends_with_its_count_and_fails_the_scenario()
    {
        // 600 getpid() calls, each logged at entry: more than the driver's 512 records.
        var absentCheck = new Expectation(
            new TargetOutcome(0, null),
            new Dictionary<string, string>(),
            new Dictionary<string, IReadOnlyList<string>>(),
            [new RecordCheck(new Dictionary<string, string> { ["engine"] = "A", ["event"] = "syscall_exit" }, new Dictionary<string, string>(), null, true)]);
        var scenario = new Scenario("overflow", "Log overflow", "", null, "(built in code)", ["getpid_loop", "600"], 39,
            [new EngineSetup("A", "observer", ["syscall_entry"])], [], [], [], new Dictionary<string, Expectation> { ["all"] = absentCheck });

        var result = await kernel.Session.RunAsync(scenario);

        Assert.False(result.Passed);
        var failure = Assert.Single(result.Failures);
        Assert.Contains("overflowed", failure);
        var overflow = result.Observation?.LogOverflow;
        Assert.NotNull(overflow);
        Assert.True(long.Parse(overflow["dropped"]!) > 0, overflow.Line);
        Assert.Equal("0", overflow["truncated"]);
        Assert.Equal(512, result.Observation!.Log.Count(r => r["event"] != "log_overflow"));
    }
}
