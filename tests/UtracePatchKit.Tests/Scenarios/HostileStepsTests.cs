using Xunit;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Scenarios;
using static UtracePatchKit.Tests.Scenarios.Build;

namespace UtracePatchKit.Tests.Scenarios;

/// <summary>
/// The runner side of the hostile scenarios: a driver log that overflowed fails the scenario,
/// commands that must be refused with an errno, guest programs run with <c>exec</c> and their output.
/// </summary>
public sealed class HostileStepsTests : IDisposable
{
    private const string V = "report-resume";
    private const string Overflow = "seq=513 event=log_overflow dropped=7 truncated=0";

    private readonly string _dir = Directory.CreateTempSubdirectory("utpk-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Scenario WithSteps(IReadOnlyList<ScenarioStep> steps, Expectation? expectation = null) =>
        Scenario(new Dictionary<string, Expectation> { ["all"] = expectation ?? Expect(new TargetOutcome(0, null)) }, steps: steps);

    // ---- log overflow ----

    [Fact]
    public void An_overflowed_log_fails_the_scenario_even_when_every_check_passes()
    {
        var absent = Expect(records: [Record(Map(("engine", "B"), ("event", "syscall_exit")), absent: true)]);
        var scenario = Scenario(new Dictionary<string, Expectation> { ["all"] = absent });

        var clean = ExpectationChecker.Check(scenario, V, Seen(log: ["seq=1 engine=A event=syscall_entry"]));
        var failures = ExpectationChecker.Check(scenario, V, Seen(log: ["seq=1 engine=A event=syscall_entry", Overflow]));

        Assert.Empty(clean);
        var failure = Assert.Single(failures);
        Assert.Contains("overflowed", failure);
        Assert.Contains("dropped=7", failure);
    }

    [Fact]
    public void The_overflow_failure_comes_even_without_expectations_for_the_variant()
    {
        var scenario = Scenario(new Dictionary<string, Expectation> { ["utrace-2007"] = Expect() });

        var failures = ExpectationChecker.Check(scenario, V, Seen(log: [Overflow]));

        Assert.Equal(2, failures.Count);
        Assert.Contains("overflowed", failures[0]);
    }

    [Fact]
    public void An_engine_record_named_log_overflow_is_not_the_driver_overflow()
    {
        var seen = Seen(log: ["seq=1 engine=A event=log_overflow"]);

        Assert.Null(seen.LogOverflow);
        Assert.NotNull(Seen(log: [Overflow]).LogOverflow);
    }

    [Fact]
    public async Task The_runner_fails_a_scenario_whose_log_overflowed()
    {
        var agent = new FakeAgent();
        agent.LogLines.AddRange(["seq=1 engine=A event=attached", Overflow]);
        var scenario = Scenario(new Dictionary<string, Expectation>
        {
            ["all"] = Expect(new TargetOutcome(0, null), records: [Record(Map(("event", "late_callback")), absent: true)]),
        });

        var result = await new ScenarioRunner(agent, Repo.Spec(V)).RunAsync(scenario);

        Assert.False(result.Passed);
        Assert.Contains(result.Failures, f => f.Contains("log overflowed", StringComparison.Ordinal));
    }

    // ---- command and refused ----

    [Fact]
    public async Task Command_steps_are_sent_as_written_with_the_target_pid()
    {
        var agent = new FakeAgent { Pid = 31 };

        await new ScenarioRunner(agent, Repo.Spec(V)).ObserveAsync(WithSteps([new ScenarioStep.Command("counts A $pid")]));

        Assert.Contains("CTL counts A 31", agent.Commands);
    }

    [Fact]
    public async Task A_refused_step_passes_on_the_expected_errno()
    {
        var agent = new FakeAgent { Pid = 31 }.Fail("CTL attach B 31 10 none", "errno=16 Device or resource busy");

        var result = await new ScenarioRunner(agent, Repo.Spec(V)).RunAsync(WithSteps([new ScenarioStep.Refused("attach B $pid 10 none", 16)]));

        Assert.True(result.Passed, string.Join("; ", result.Failures));
    }

    [Fact]
    public async Task A_refused_step_fails_when_the_command_succeeds()
    {
        var agent = new FakeAgent();

        var result = await new ScenarioRunner(agent, Repo.Spec(V)).RunAsync(WithSteps([new ScenarioStep.Refused("detach A", 2)]));

        var failure = Assert.Single(result.Failures);
        Assert.Contains("'CTL detach A' succeeded", failure);
        Assert.Contains("ENOENT (2)", failure);
    }

    [Fact]
    public async Task A_refused_step_fails_on_another_errno()
    {
        var agent = new FakeAgent().Fail("CTL detach A", "errno=22 Invalid argument");

        var result = await new ScenarioRunner(agent, Repo.Spec(V)).RunAsync(WithSteps([new ScenarioStep.Refused("detach A", 2)]));

        var failure = Assert.Single(result.Failures);
        Assert.Contains("errno=22", failure);
        Assert.Contains("expected ENOENT (2)", failure);
    }

    [Fact]
    public async Task A_refused_step_fails_when_the_reply_names_no_errno()
    {
        var agent = new FakeAgent().Fail("CTL detach A", "timeout");

        var result = await new ScenarioRunner(agent, Repo.Spec(V)).RunAsync(WithSteps([new ScenarioStep.Refused("detach A", 2)]));

        Assert.Contains("refused with timeout", Assert.Single(result.Failures));
    }

    // ---- exec ----

    [Fact]
    public async Task Exec_runs_the_program_and_its_output_is_checked()
    {
        var agent = new FakeAgent { Pid = 8 }.On(c => c.StartsWith("EXEC ", StringComparison.Ordinal)
            ? new AgentReply(true, "exited=0", ["OUT open=EPERM attach=0", "noise without pairs", "OUT open=EACCES done=1"])
            : null);
        var expectation = Expect() with { Program = Map(("open", "EPERM"), ("attach", "0"), ("exited", "0"), ("done", "1")) };

        var result = await new ScenarioRunner(agent, Repo.Spec(V)).RunAsync(
            WithSteps([new ScenarioStep.Exec(["/utpk-hostile", "access", "$pid"], 5000)], expectation));

        Assert.True(result.Passed, string.Join("; ", result.Failures));
        Assert.Contains("EXEC /utpk-hostile access 8", agent.Commands);
        Assert.Equal("EPERM", result.Observation!.Program["open"]); // the first value of a key wins
    }

    [Fact]
    public async Task Exec_output_that_differs_or_is_missing_fails()
    {
        var agent = new FakeAgent().On(c => c.StartsWith("EXEC ", StringComparison.Ordinal)
            ? new AgentReply(true, "exited=1", ["OUT violations=3"])
            : null);
        var expectation = Expect() with { Program = Map(("exited", "0"), ("violations", "0"), ("done", "1"), ("rounds", ">=1")) };

        var result = await new ScenarioRunner(agent, Repo.Spec(V)).RunAsync(WithSteps([new ScenarioStep.Exec(["/utpk-churn"], 5000)], expectation));

        Assert.Equal(5, result.Failures.Count);
        Assert.Contains(result.Failures, f => f == "guest program output: violations=3 exited=1");
        Assert.Contains(result.Failures, f => f.Contains("exited=1, expected 0", StringComparison.Ordinal));
        Assert.Contains(result.Failures, f => f.Contains("violations=3, expected 0", StringComparison.Ordinal));
        Assert.Contains(result.Failures, f => f.Contains("done=(nothing)", StringComparison.Ordinal));
        Assert.Contains(result.Failures, f => f.Contains("rounds=(nothing)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_exec_the_agent_refuses_fails_the_scenario()
    {
        var agent = new FakeAgent().Fail("EXEC /nope", "usage");

        var result = await new ScenarioRunner(agent, Repo.Spec(V)).RunAsync(WithSteps([new ScenarioStep.Exec(["/nope"], 5000)]));

        Assert.Contains("'EXEC /nope' failed: usage", Assert.Single(result.Failures));
    }

    [Fact]
    public async Task Exec_waits_as_long_as_the_step_says()
    {
        TimeSpan? seen = null;
        var agent = new TimedAgent(t => seen = t);

        await new ScenarioRunner(agent, Repo.Spec(V)).ObserveAsync(WithSteps([new ScenarioStep.Exec(["/utpk-churn"], 123_000)]));

        Assert.Equal(TimeSpan.FromMilliseconds(123_000), seen);
    }

    [Theory]
    [InlineData("--duration ${UTPK_T:-3}", null, "--duration 3")]
    [InlineData("--duration ${UTPK_T:-3}", "", "--duration 3")]
    [InlineData("--duration ${UTPK_T:-3}", "60", "--duration 60")]
    [InlineData("${UTPK_T:-} $pid", "x", "x 77")]
    [InlineData("$UTPK_T {UTPK_T:-1}", "x", "$UTPK_T {UTPK_T:-1}")]
    public void Expand_fills_in_the_pid_and_host_variables(string text, string? value, string expected)
    {
        Assert.Equal(expected, ScenarioRunner.Expand(text, 77, name => name == "UTPK_T" ? value : null));
    }

    // ---- loading ----

    [Fact]
    public void The_loader_reads_command_refused_exec_and_program()
    {
        var file = Path.Combine(_dir, "x.yaml");
        File.WriteAllText(file, """
            id: "x"
            title: T
            why: w
            target: [getpid]
            before_go:
              - { command: "counts" }
              - { refused: { command: "attach A $pid 10 none", errno: EBUSY } }
              - { refused: { command: "detach A", errno: 2 } }
            steps:
              - { exec: { run: [/utpk-hostile, zombie] } }
              - { exec: { run: [/utpk-churn, --duration, "9"], timeout: 60000 } }
            expect:
              all:
                program: { exited: "0", done: "1" }
            """);

        var s = ScenarioLoader.Load(file);

        Assert.Equal(
            [new ScenarioStep.Command("counts"), new ScenarioStep.Refused("attach A $pid 10 none", 16), new ScenarioStep.Refused("detach A", 2)],
            s.BeforeGo);
        var first = Assert.IsType<ScenarioStep.Exec>(s.Steps[0]);
        Assert.Equal(["/utpk-hostile", "zombie"], first.Argv);
        Assert.Equal(ScenarioLoader.DefaultExecTimeoutMs, first.TimeoutMilliseconds);
        var second = Assert.IsType<ScenarioStep.Exec>(s.Steps[1]);
        Assert.Equal(60000, second.TimeoutMilliseconds);
        Assert.Equal(Map(("exited", "0"), ("done", "1")), s.Expect["all"].Program);
    }

    [Theory]
    [InlineData("- { refused: { command: \"x\", errno: EWHATEVER } }", "'EWHATEVER' is not an errno")]
    [InlineData("- { refused: { command: \"x\", errno: -1 } }", "'-1' is not an errno")]
    [InlineData("- { refused: { command: \"x\" } }", "errno")]
    [InlineData("- { exec: { run: [utpk-churn] } }", "absolute program path")]
    [InlineData("- { exec: { run: [] } }", "absolute program path")]
    [InlineData("- { exec: { run: [/a], timeout: 0 } }", "timeout")]
    public void Bad_hostile_steps_are_load_errors(string step, string message)
    {
        var file = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(file, $"""
            id: "x"
            title: T
            why: w
            target: [getpid]
            steps:
              {step}
            expect:
              all:
                outcome:
                  exited: 0
            """);

        var errors = Assert.Throws<InputException>(() => ScenarioLoader.Load(file)).Errors;

        Assert.Contains(errors, e => e.Message.Contains(message, StringComparison.Ordinal));
    }

    // ---- the catalog ----

    [Fact]
    public void Every_exec_step_runs_a_program_the_initramfs_holds()
    {
        var programs = KernelPreparer.GuestPrograms(new ProjectLayout(Repo.Root));
        var paths = programs.Select(p => p.GuestPath).ToHashSet(StringComparer.Ordinal);
        var missing =
            from s in Repo.Catalog
            from step in s.BeforeGo.Concat(s.Steps).OfType<ScenarioStep.Exec>()
            where !paths.Contains(step.Argv[0])
            select $"{s.File}: {step.Argv[0]}";

        Assert.Empty(missing);
        Assert.All(programs.SelectMany(p => p.Sources), source => Assert.True(File.Exists(source), source));
        Assert.Contains(Repo.Catalog, s => s.Steps.OfType<ScenarioStep.Exec>().Any(e => e.Argv[0] == "/utpk-churn"));
    }

    [Fact]
    public void Hostile_scenarios_expect_the_programs_to_finish_their_output()
    {
        // The agent reports exited=0 for a program killed by a signal: only done=1 tells.
        var careless =
            from s in Repo.Catalog
            where s.BeforeGo.Concat(s.Steps).OfType<ScenarioStep.Exec>().Any()
            from x in s.Expect
            where x.Value.Program.GetValueOrDefault("done") != "1"
            select $"{s.File}: expect.{x.Key}";

        Assert.Empty(careless);
    }

    [Theory]
    [InlineData("EPERM", 1)]
    [InlineData("ENAMETOOLONG", 36)]
    [InlineData("115", 115)]
    [InlineData("0", null)]
    [InlineData("-22", null)]
    [InlineData("einval", null)]
    public void Errno_names_and_numbers(string text, int? expected)
    {
        Assert.Equal(expected, Errno.Parse(text));
    }

    private sealed class TimedAgent(Action<TimeSpan> onExec) : IGuestAgent
    {
        private readonly FakeAgent _inner = new();

        public Task<AgentReply> SendAsync(string command, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            if (command.StartsWith("EXEC ", StringComparison.Ordinal))
            {
                onExec(timeout);
            }

            return _inner.SendAsync(command, timeout, cancellationToken);
        }
    }
}
