using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Scenarios;
using UtracePatchKit.QemuHarness.Selftests;
using UtracePatchKit.QemuHarness;
using Xunit;
using static UtracePatchKit.Tests.Scenarios.Build;

namespace UtracePatchKit.Tests.Scenarios;

/// <summary>The agent's final WAIT/EXEC line, and every reader of it: the scenario runner and the selftest runner.</summary>
public sealed class AgentEndTests
{
    private const string V = "report-resume";

    private static Scenario WithSteps(IReadOnlyList<ScenarioStep> steps, Expectation? expectation = null) =>
        Scenario(new Dictionary<string, Expectation> { ["all"] = expectation ?? Expect(new TargetOutcome(0, null)) }, steps: steps);

    [Theory]
    [InlineData("exited=5", 5, null, false, false)]
    [InlineData("exited=0 truncated=1", 0, null, false, true)]
    [InlineData("signaled=11 core=0", null, 11, false, false)]
    [InlineData("signaled=6 core=1 truncated=1", null, 6, true, true)]
    public void Final_lines_parse(string status, int? exitCode, int? signal, bool core, bool truncated) =>
        Assert.Equal(new AgentEnd(exitCode, signal, core, truncated), AgentEnd.Parse(status));

    [Theory]
    [InlineData("")]
    [InlineData("PONG")]
    [InlineData("exited=abc")]
    [InlineData("signaled=-1")]
    public void A_status_without_an_ending_is_an_agent_failure(string status) =>
        Assert.Equal(FailureKind.Agent, Assert.Throws<InfrastructureException>(() => AgentEnd.Parse(status)).Kind);

    [Fact]
    public async Task An_exec_program_killed_by_a_signal_does_not_pass_as_exited_0()
    {
        var agent = new FakeAgent().On(c => c.StartsWith("EXEC ", StringComparison.Ordinal)
            ? new AgentReply(true, "signaled=13 core=0", ["OUT done=1"])
            : null);
        var expectation = Expect() with { Program = Map(("exited", "0"), ("done", "1")) };

        var result = await new ScenarioRunner(agent, Repo.Spec(V)).RunAsync(WithSteps([new ScenarioStep.Exec(["/utpk-churn"], 5000)], expectation));

        Assert.False(result.Passed);
        Assert.Equal("13", result.Observation!.Program["signaled"]);
        Assert.Contains(result.Failures, f => f.Contains("exited=(nothing), expected 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cut_exec_output_fails_the_scenario()
    {
        var agent = new FakeAgent().On(c => c.StartsWith("EXEC ", StringComparison.Ordinal)
            ? new AgentReply(true, "signaled=13 core=0 truncated=1", ["OUT rounds=9"])
            : null);

        var result = await new ScenarioRunner(agent, Repo.Spec(V)).RunAsync(WithSteps([new ScenarioStep.Exec(["/utpk-churn"], 5000)]));

        Assert.Contains("'EXEC /utpk-churn' printed more than the agent keeps (8191 bytes): its output was cut (signaled=13)", result.Failures);
    }

    [Fact]
    public async Task A_cut_target_report_fails_the_scenario()
    {
        var agent = new FakeAgent { WaitStatus = "exited=0 truncated=1" };

        var result = await new ScenarioRunner(agent, Repo.Spec(V)).RunAsync(WithSteps([]));

        Assert.Contains(result.Failures, f => f.StartsWith("the target's report passed the 8191 bytes the agent keeps", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_selftest_runner_takes_truncation_and_the_ending_from_the_agent()
    {
        var agent = new FakeAgent().On(c => c.StartsWith("EXEC ", StringComparison.Ordinal)
            ? new AgentReply(true, "signaled=13 core=0 truncated=1", ["OUT 1..3", "OUT ok 1 first"])
            : null);

        var run = await new SelftestRunner(agent).RunAsync(new SelftestProgram("t", "/selftests/t"));

        Assert.True(run.OutputTruncated);
        Assert.Equal("unknown (run-selftest signaled=13)", run.Ending);
    }
}
