using Xunit;
using UtracePatchKit.Generator.Spec;
using UtracePatchKit.QemuHarness.Scenarios;
using static UtracePatchKit.Tests.Scenarios.Build;

namespace UtracePatchKit.Tests.Scenarios;

/// <summary>A guest agent that records every command and answers from a script.</summary>
internal sealed class FakeAgent : IGuestAgent
{
    private readonly List<Func<string, AgentReply?>> _rules = [];

    public List<string> Commands { get; } = [];

    public int Pid { get; set; } = 4242;

    public string WaitStatus { get; set; } = "exited=0";

    public List<string> WaitLines { get; } = [];

    public List<string> LogLines { get; } = [];

    /// <summary>Answers commands for which <paramref name="rule"/> returns a reply; earlier rules win.</summary>
    public FakeAgent On(Func<string, AgentReply?> rule)
    {
        _rules.Add(rule);
        return this;
    }

    public FakeAgent Fail(string command, string status, int times = int.MaxValue)
    {
        var left = times;
        return On(c => c == command && left-- > 0 ? new AgentReply(false, status, []) : null);
    }

    public Task<AgentReply> SendAsync(string command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Assert.True(timeout > TimeSpan.Zero);
        Commands.Add(command);
        foreach (var rule in _rules)
        {
            if (rule(command) is { } reply)
            {
                return Task.FromResult(reply);
            }
        }

        var verb = command.Split(' ')[0];
        return Task.FromResult(verb switch
        {
            "SPAWN" => new AgentReply(true, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), []),
            "WAIT" => new AgentReply(true, WaitStatus, WaitLines.ToArray()),
            "EXEC" => new AgentReply(true, "exited=0", []),
            "LOG" => new AgentReply(true, LogLines.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), LogLines.ToArray()),
            _ => new AgentReply(true, "", []),
        });
    }
}

public sealed class ScenarioRunnerTests
{
    private const int Pid = 4242;

    /// <summary>A real spec with band priorities no default could guess.</summary>
    private static VariantSpec Spec { get; } = Repo.Spec("report-resume") with
    {
        Bands = [new Band("warp", 3), new Band("observer", 17), new Band("enforcer", 55), new Band("last_resort", 90)],
    };

    private static Scenario TwoEngines(IReadOnlyList<ScenarioStep>? beforeGo = null, IReadOnlyList<ScenarioStep>? steps = null) => Scenario(
        new Dictionary<string, Expectation> { ["all"] = Expect(new TargetOutcome(null, 10)) },
        target: ["raise", "10"],
        engines:
        [
            new EngineSetup("E", "enforcer", ["resume"]),
            new EngineSetup("D", "observer", ["syscall_entry", "resume"]),
        ],
        script:
        [
            new ScriptLine("E", "resume", "disp term", null, false, false, null),
            new ScriptLine("D", "syscall_entry", "inject 12", 39, true, false, ["utrace-2007"]),
            new ScriptLine("D", "resume", "signal 12", null, true, true, ["utrace-2009", "report-resume"]),
            new ScriptLine("D", "syscall_entry", "set_arg 0 11", 39, false, false, ["report-resume"]),
        ],
        beforeGo: beforeGo ?? [new ScenarioStep.Query("status"), new ScenarioStep.Detach("E")],
        steps: steps ??
        [
            new ScenarioStep.WaitStopped(5000),
            new ScenarioStep.Query("regs"),
            new ScenarioStep.Control("D", "resume"),
            new ScenarioStep.Sleep(300),
            new ScenarioStep.Kill(10),
        ]);

    [Fact]
    public async Task Sends_the_protocol_commands_in_order()
    {
        var agent = new FakeAgent { Pid = Pid, WaitStatus = "signaled=10 core=0" };

        var result = await new ScenarioRunner(agent, Spec).RunAsync(TwoEngines());

        Assert.True(result.Passed, string.Join("; ", result.Failures));
        var commands = agent.Commands;
        Assert.Matches($"^WAIT {Pid} [1-9][0-9]*$", commands[^2]);
        Assert.Equal(
            [
                "CTL reset",
                "SPAWN raise 10",
                $"CTL attach E {Pid} 55 resume",
                $"CTL attach D {Pid} 17 syscall_entry,resume",
                "CTL on E resume disp term",
                "CTL on D resume signal 12 once unless_held",
                "CTL on D syscall_entry set_arg 0 11 nr=39",
                $"CTL status {Pid}",
                "CTL detach E",
                $"GO {Pid}",
                $"CTL wait_stopped {Pid} 5000",
                $"CTL regs {Pid}",
                "CTL control D resume",
                "SLEEP 300",
                $"KILL {Pid} 10",
                "WAIT",
                "LOG",
            ],
            commands.Select(c => c.StartsWith("WAIT ", StringComparison.Ordinal) ? "WAIT" : c));
    }

    [Fact]
    public async Task Script_lines_follow_the_runner_variant()
    {
        var spec2007 = Repo.Spec("utrace-2007");
        var agent = new FakeAgent();

        await new ScenarioRunner(agent, spec2007).ObserveAsync(TwoEngines());

        Assert.Equal(
            ["CTL on E resume disp term", "CTL on D syscall_entry inject 12 once nr=39"],
            agent.Commands.Where(c => c.StartsWith("CTL on ", StringComparison.Ordinal)));
        var observer = spec2007.Bands.Single(b => b.Name == "observer").Priority;
        Assert.Contains($"CTL attach D 4242 {observer} syscall_entry,resume", agent.Commands);
    }

    [Fact]
    public async Task An_engine_without_events_is_attached_with_none()
    {
        var scenario = Scenario(
            new Dictionary<string, Expectation> { ["all"] = Expect() },
            engines: [new EngineSetup("Q", "warp", [])]);
        var agent = new FakeAgent { Pid = 7 };

        await new ScenarioRunner(agent, Spec).ObserveAsync(scenario);

        Assert.Contains("CTL attach Q 7 3 none", agent.Commands);
    }

    [Fact]
    public async Task Observe_returns_pid_outcome_report_and_log()
    {
        var agent = new FakeAgent { Pid = 311, WaitStatus = "exited=3" };
        agent.WaitLines.AddRange(["OUT ret=5 rdi=10", "OUT pipe_a=0", "stray line=1", "OUT pipe_b=5 note=a=b"]);
        agent.LogLines.AddRange(["seq=1 engine=A event=syscall_entry nr=1 a0=10", "seq=2 engine=W event=syscall_entry nr=1 a0=10"]);

        var seen = await new ScenarioRunner(agent, Spec).ObserveAsync(Scenario(new Dictionary<string, Expectation>()));

        Assert.Equal(311, seen.TargetPid);
        Assert.Equal(new TargetOutcome(3, null), seen.Outcome);
        Assert.Equal(
            new Dictionary<string, string> { ["ret"] = "5", ["rdi"] = "10", ["pipe_a"] = "0", ["pipe_b"] = "5", ["note"] = "a=b" },
            seen.Report.OrderBy(kv => kv.Key).ToDictionary());
        Assert.Equal(["A", "W"], seen.Log.Select(r => r["engine"]));
        Assert.Equal("seq=2 engine=W event=syscall_entry nr=1 a0=10", seen.Log[1].Line);
    }

    [Fact]
    public async Task A_signaled_target_is_reported_as_signaled()
    {
        var agent = new FakeAgent { WaitStatus = "signaled=9 core=0" };

        var seen = await new ScenarioRunner(agent, Spec).ObserveAsync(Scenario(new Dictionary<string, Expectation>()));

        Assert.Equal(new TargetOutcome(null, 9) { CoreDumped = false }, seen.Outcome);
        Assert.Empty(seen.Report);
    }

    [Fact]
    public async Task Run_checks_the_observation_against_the_expectations()
    {
        var agent = new FakeAgent { WaitStatus = "exited=0" };

        var result = await new ScenarioRunner(agent, Spec).RunAsync(TwoEngines());

        Assert.False(result.Passed);
        Assert.Contains(result.Failures, f => f.Contains("signaled=10"));
        Assert.NotNull(result.Observation);
        Assert.Equal("report-resume", result.Variant);
    }

    [Fact]
    public async Task An_ERR_reply_to_a_step_is_a_failed_result()
    {
        var agent = new FakeAgent().Fail($"CTL wait_stopped {Pid} 5000", "errno=110 Connection timed out");

        var result = await new ScenarioRunner(agent, Spec).RunAsync(TwoEngines());

        Assert.False(result.Passed);
        Assert.Null(result.Observation);
        var failure = Assert.Single(result.Failures);
        Assert.Contains("5000 ms", failure);
        // Nothing after the failed step is attempted but killing and reaping the target.
        Assert.Equal(
            [$"CTL wait_stopped {Pid} 5000", $"KILL {Pid} 9", $"WAIT {Pid} 20000"],
            agent.Commands.TakeLast(3));
    }

    [Fact]
    public async Task An_ERR_reply_to_a_setup_command_names_the_command_and_the_status()
    {
        var agent = new FakeAgent().Fail("CTL on E resume disp term", "errno=22 Invalid argument");

        var result = await new ScenarioRunner(agent, Spec).RunAsync(TwoEngines());

        var failure = Assert.Single(result.Failures);
        Assert.Contains("CTL on E resume disp term", failure);
        Assert.Contains("errno=22", failure);
        Assert.DoesNotContain(agent.Commands, c => c.StartsWith("GO ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_ERR_reply_to_a_before_go_step_stops_before_GO()
    {
        var agent = new FakeAgent().Fail("CTL detach E", "errno=2 No such file or directory");

        var result = await new ScenarioRunner(agent, Spec).RunAsync(TwoEngines());

        Assert.False(result.Passed);
        Assert.DoesNotContain(agent.Commands, c => c.StartsWith("GO ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_band_the_spec_does_not_define_is_a_failed_result()
    {
        var scenario = Scenario(
            new Dictionary<string, Expectation> { ["all"] = Expect() },
            engines: [new EngineSetup("A", "no_such_band", ["exit"])]);

        var result = await new ScenarioRunner(new FakeAgent(), Spec).RunAsync(scenario);

        var failure = Assert.Single(result.Failures);
        Assert.Contains("no_such_band", failure);
    }

    [Fact]
    public async Task A_WAIT_timeout_kills_the_target_and_fails()
    {
        var agent = new FakeAgent { Pid = 77 };
        agent.On(c => c.StartsWith("WAIT ", StringComparison.Ordinal) && !agent.Commands.Contains("KILL 77 9")
            ? new AgentReply(false, "timeout pid=77", [])
            : null);

        var result = await new ScenarioRunner(agent, Spec).RunAsync(TwoEngines(steps: []));

        Assert.False(result.Passed);
        Assert.Null(result.Observation);
        var failure = Assert.Single(result.Failures);
        Assert.Contains("timeout pid=77", failure);
        var waitIndex = agent.Commands.FindIndex(c => c.StartsWith("WAIT 77 ", StringComparison.Ordinal));
        Assert.True(waitIndex >= 0);
        Assert.Equal("KILL 77 9", agent.Commands[waitIndex + 1]);
        // The killed target is reaped, and the log of a run that failed is not read.
        Assert.StartsWith("WAIT 77 ", agent.Commands[waitIndex + 2]);
        Assert.DoesNotContain("LOG", agent.Commands);
    }

    [Fact]
    public async Task Wait_state_step_asks_the_agent_for_the_proc_state()
    {
        var agent = new FakeAgent { Pid = 90 };

        await new ScenarioRunner(agent, Spec).ObserveAsync(TwoEngines(steps: [new ScenarioStep.WaitState("T"), new ScenarioStep.Kill(18)]));

        var go = agent.Commands.IndexOf("GO 90");
        Assert.Matches("^WAIT_STATE 90 T [1-9][0-9]*$", agent.Commands[go + 1]);
        Assert.Equal("KILL 90 18", agent.Commands[go + 2]);
    }

    [Fact]
    public async Task A_wait_state_ERR_is_a_failed_result_naming_the_state()
    {
        var agent = new FakeAgent { Pid = 90 }.On(c => c.StartsWith("WAIT_STATE ", StringComparison.Ordinal) ? new AgentReply(false, "timeout", []) : null);

        var result = await new ScenarioRunner(agent, Spec).RunAsync(TwoEngines(steps: [new ScenarioStep.WaitState("T")]));

        var failure = Assert.Single(result.Failures);
        Assert.Contains("state T", failure);
    }

    [Fact]
    public async Task Real_scenario_01_runs_against_each_spec_with_the_spec_priorities()
    {
        foreach (var spec in Repo.Specs)
        {
            var agent = new FakeAgent { Pid = 55 };
            await new ScenarioRunner(agent, spec).ObserveAsync(Repo.Scenario("01"));

            int P(string band) => spec.Bands.Single(b => b.Name == band).Priority;
            Assert.Equal(
                [
                    $"CTL attach A 55 {P("observer")} syscall_entry,syscall_exit",
                    $"CTL attach W 55 {P("warp")} syscall_entry,syscall_exit",
                    $"CTL attach B 55 {P("observer")} syscall_entry,syscall_exit",
                ],
                agent.Commands.Where(c => c.StartsWith("CTL attach ", StringComparison.Ordinal)));
            Assert.Equal("SPAWN getpid", agent.Commands[1]);
        }
    }
}
