using Xunit;
using UtracePatchKit.QemuHarness.Scenarios;
using static UtracePatchKit.Tests.Scenarios.Build;

namespace UtracePatchKit.Tests.Scenarios;

public sealed class ExpectationCheckerTests
{
    private const string V = "report-resume";

    private static IReadOnlyList<string> Check(Expectation expectation, ScenarioObservation seen, int? syscall = null) =>
        ExpectationChecker.Check(Scenario(new Dictionary<string, Expectation> { [V] = expectation }, syscall), V, seen);

    // ---- no expectation ----

    [Fact]
    public void A_variant_without_any_expectation_fails_with_a_hint()
    {
        var scenario = Scenario(new Dictionary<string, Expectation> { ["utrace-2007"] = Expect(new TargetOutcome(0, null)) });

        var failure = Assert.Single(ExpectationChecker.Check(scenario, V, Seen()));

        Assert.Contains($"'{V}'", failure);
        Assert.Contains("expect.all", failure);
    }

    // ---- outcome ----

    [Fact]
    public void Matching_outcome_passes()
    {
        Assert.Empty(Check(Expect(new TargetOutcome(null, 10)), Seen(outcome: new TargetOutcome(null, 10))));
        Assert.Empty(Check(Expect(new TargetOutcome(7, null)), Seen(outcome: new TargetOutcome(7, null))));
    }

    [Fact]
    public void Core_flag_is_checked_only_when_expected()
    {
        var dumped = new TargetOutcome(null, 6) { CoreDumped = true };

        Assert.Empty(Check(Expect(new TargetOutcome(null, 6)), Seen(outcome: dumped)));
        Assert.Empty(Check(Expect(new TargetOutcome(null, 6) { CoreDumped = true }), Seen(outcome: dumped)));
        var failure = Assert.Single(Check(Expect(new TargetOutcome(null, 6) { CoreDumped = false }), Seen(outcome: dumped)));
        Assert.Contains("core=1", failure);
    }

    [Fact]
    public void Exit_instead_of_signal_fails_naming_both()
    {
        var failure = Assert.Single(Check(Expect(new TargetOutcome(null, 10)), Seen(outcome: new TargetOutcome(0, null))));

        Assert.Contains("exited=0", failure);
        Assert.Contains("signaled=10", failure);
    }

    [Fact]
    public void Wrong_exit_code_fails()
    {
        Assert.Single(Check(Expect(new TargetOutcome(0, null)), Seen(outcome: new TargetOutcome(1, null))));
    }

    [Fact]
    public void No_outcome_expected_means_any_outcome()
    {
        Assert.Empty(Check(Expect(), Seen(outcome: new TargetOutcome(null, 9))));
    }

    // ---- report ----

    [Fact]
    public void Report_pid_placeholder_is_the_target_pid()
    {
        var expect = Expect(report: Map(("ret", "$pid")));

        Assert.Empty(Check(expect, Seen(pid: 317, report: Map(("ret", "317")))));
        var failure = Assert.Single(Check(expect, Seen(pid: 317, report: Map(("ret", "4242")))));
        Assert.Contains("ret=4242", failure);
        Assert.Contains("317", failure);
        Assert.DoesNotContain("$pid", failure);
    }

    [Fact]
    public void Report_pid_placeholder_is_not_taken_literally()
    {
        Assert.Single(Check(Expect(report: Map(("ret", "$pid"))), Seen(pid: 317, report: Map(("ret", "$pid")))));
    }

    [Fact]
    public void Report_values_are_compared_exactly_and_each_key_is_checked()
    {
        var expect = Expect(report: Map(("ret", "5"), ("pipe_a", "0"), ("pipe_b", "5")));

        Assert.Empty(Check(expect, Seen(report: Map(("ret", "5"), ("pipe_a", "0"), ("pipe_b", "5"), ("extra", "1")))));
        var failures = Check(expect, Seen(report: Map(("ret", "5"), ("pipe_a", "5"), ("pipe_b", "0"))));
        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.Contains("pipe_a=5"));
        Assert.Contains(failures, f => f.Contains("pipe_b=0"));
    }

    [Fact]
    public void A_missing_report_key_fails()
    {
        var failure = Assert.Single(Check(Expect(report: Map(("survived", "1"))), Seen(report: Map(("ret", "0")))));
        Assert.Contains("survived", failure);
    }

    [Fact]
    public void Report_comparisons_are_applied()
    {
        Assert.Empty(Check(Expect(report: Map(("n", ">=3"))), Seen(report: Map(("n", "3")))));
        Assert.Single(Check(Expect(report: Map(("n", ">=3"))), Seen(report: Map(("n", "2")))));
    }

    // ---- order ----

    private static readonly string[] EntryLog =
    [
        "seq=1 engine=A event=syscall_entry nr=1",   // another syscall: ignored
        "seq=2 engine=X event=syscall_entry nr=39",  // not named: ignored
        "seq=3 engine=B event=syscall_entry nr=39",
        "seq=4 engine=W event=syscall_entry nr=39",
        "seq=5 engine=B event=syscall_entry nr=39",  // B again: only its first callback counts
        "seq=6 engine=A event=syscall_entry nr=39",
        "seq=7 engine=A event=syscall_exit nr=39",
        "seq=8 engine=B event=syscall_exit nr=39",
    ];

    private static Expectation Order(string ev, params string[] engines) =>
        Expect(order: new Dictionary<string, IReadOnlyList<string>> { [ev] = engines });

    [Fact]
    public void Order_uses_first_callbacks_of_named_engines_for_the_scenario_syscall()
    {
        Assert.Empty(Check(Order("syscall_entry", "B", "W", "A"), Seen(log: EntryLog), syscall: 39));
    }

    [Fact]
    public void Order_mismatch_fails_listing_actual_and_expected()
    {
        var failure = Assert.Single(Check(Order("syscall_entry", "A", "W", "B"), Seen(log: EntryLog), syscall: 39));

        Assert.Contains("syscall_entry", failure);
        Assert.Contains("[B, W, A]", failure);
        Assert.Contains("[A, W, B]", failure);
    }

    [Fact]
    public void Order_counts_other_syscalls_when_the_scenario_names_none()
    {
        // Without a scenario syscall, A's nr=1 entry is A's first callback.
        Assert.Empty(Check(Order("syscall_entry", "A", "B", "W"), Seen(log: EntryLog), syscall: null));
        Assert.Single(Check(Order("syscall_entry", "B", "W", "A"), Seen(log: EntryLog), syscall: null));
    }

    [Fact]
    public void Order_of_other_syscall_number_is_not_seen()
    {
        // Scenario syscall 1: only A's first record is for nr=1.
        var failure = Assert.Single(Check(Order("syscall_entry", "A", "W"), Seen(log: EntryLog), syscall: 1));
        Assert.Contains("[A]", failure);
    }

    [Fact]
    public void Order_fails_when_an_engine_was_never_called()
    {
        var failure = Assert.Single(Check(Order("syscall_exit", "A", "W", "B"), Seen(log: EntryLog), syscall: 39));
        Assert.Contains("[A, B]", failure);
    }

    [Fact]
    public void Order_of_non_syscall_events_ignores_the_syscall_filter()
    {
        string[] log =
        [
            "seq=1 engine=D event=resume sig_in=10",
            "seq=2 engine=E event=resume sig_in=10",
            "seq=3 engine=D event=resume sig_in=0",
        ];

        Assert.Empty(Check(Order("resume", "D", "E"), Seen(log: log), syscall: 39));
        Assert.Single(Check(Order("resume", "E", "D"), Seen(log: log), syscall: 39));
    }

    [Fact]
    public void Order_checks_only_the_named_event()
    {
        // Entry order B,W,A must not leak into an exit order check.
        Assert.Empty(Check(Order("syscall_exit", "A", "B"), Seen(log: EntryLog), syscall: 39));
    }

    // ---- records ----

    private static readonly string[] RecordLog =
    [
        "seq=1 engine=A event=syscall_entry nr=1 a0=10 pid=4242 note=inject=0",
        "seq=2 engine=A event=syscall_entry nr=1 a0=11 pid=4242 note=second",
        "seq=3 engine=B event=barrier err=0 waited_ms=250",
        "seq=4 event=regs pid=4242 stopped=1 ax=4242",
    ];

    private static IReadOnlyList<string> Records(params RecordCheck[] checks) =>
        Check(Expect(records: checks), Seen(pid: 4242, log: RecordLog));

    [Fact]
    public void Record_expect_fields_are_checked_on_the_first_match()
    {
        Assert.Empty(Records(Record(Map(("engine", "A"), ("event", "syscall_entry")), Map(("a0", "10"), ("note", "inject=0")))));

        var failure = Assert.Single(Records(Record(Map(("engine", "A"), ("event", "syscall_entry")), Map(("a0", "11")))));
        Assert.Contains("a0=10", failure);
        Assert.Contains("expected 11", failure);
    }

    [Fact]
    public void Record_match_needs_all_fields_equal()
    {
        var failure = Assert.Single(Records(Record(Map(("engine", "A"), ("event", "syscall_exit")))));
        Assert.Contains("found none", failure);
        Assert.Empty(Records(Record(Map(("engine", "A"), ("a0", "11")), Map(("note", "second")))));
    }

    [Fact]
    public void Record_missing_expect_field_fails()
    {
        var failure = Assert.Single(Records(Record(Map(("event", "regs")), Map(("bx", "0")))));
        Assert.Contains("(missing)", failure);
    }

    [Fact]
    public void Record_pid_placeholder_works_in_match_and_expect()
    {
        Assert.Empty(Records(Record(Map(("event", "regs"), ("pid", "$pid")), Map(("ax", "$pid")))));
        Assert.Single(Check(
            Expect(records: [Record(Map(("event", "regs")), Map(("ax", "$pid")))]),
            Seen(pid: 99, log: RecordLog)));
    }

    [Fact]
    public void Report_reference_is_what_the_target_reported()
    {
        var expect = Expect(records: [Record(Map(("event", "regs")), Map(("ax", "$report.resume_ip")))]);

        Assert.Empty(Check(expect, Seen(pid: 4242, log: RecordLog, report: Map(("resume_ip", "4242")))));
        Assert.Single(Check(expect, Seen(pid: 4242, log: RecordLog, report: Map(("resume_ip", "4247")))));
        var failure = Assert.Single(Check(expect, Seen(pid: 4242, log: RecordLog)));
        Assert.Contains("did not report resume_ip", failure);
    }

    [Fact]
    public void Record_count_is_the_number_of_matches()
    {
        Assert.Empty(Records(Record(Map(("engine", "A")), count: 2)));
        var failure = Assert.Single(Records(Record(Map(("engine", "A")), count: 1)));
        Assert.Contains("expected 1", failure);
        Assert.Contains("found 2", failure);
    }

    [Fact]
    public void Record_count_zero_passes_when_nothing_matches()
    {
        Assert.Empty(Records(Record(Map(("engine", "Z")), count: 0)));
    }

    [Fact]
    public void Record_count_zero_fails_when_something_matches()
    {
        Assert.Single(Records(Record(Map(("engine", "A")), count: 0)));
    }

    [Fact]
    public void Record_count_and_expect_together_check_both()
    {
        Assert.Empty(Records(Record(Map(("engine", "B")), Map(("err", "0")), count: 1)));
        Assert.Single(Records(Record(Map(("engine", "B")), Map(("err", "1")), count: 1)));
    }

    [Fact]
    public void Record_absent_passes_without_match_and_fails_with_one()
    {
        Assert.Empty(Records(Record(Map(("engine", "B"), ("event", "syscall_exit")), absent: true)));

        var failure = Assert.Single(Records(Record(Map(("engine", "B"), ("event", "barrier")), absent: true)));
        Assert.Contains("seq=3", failure);
    }

    [Fact]
    public void Record_before_passes_in_log_order_and_fails_otherwise_or_without_the_later_record()
    {
        Assert.Empty(Records(Record(Map(("engine", "A"))) with { Before = Map(("engine", "B")) }));

        var late = Assert.Single(Records(Record(Map(("engine", "B"))) with { Before = Map(("engine", "A")) }));
        Assert.Contains("came after", late);

        var missing = Assert.Single(Records(Record(Map(("engine", "A"))) with { Before = Map(("engine", "C")) }));
        Assert.Contains("found none", missing);
    }

    [Theory]
    [InlineData(">=100", true)]
    [InlineData(">=250", true)]
    [InlineData(">=251", false)]
    [InlineData("<=250", true)]
    [InlineData("<=249", false)]
    [InlineData("!=0", true)]
    [InlineData("!=250", false)]
    [InlineData("250", true)]
    [InlineData("25", false)]
    public void Record_expect_comparisons(string expected, bool passes)
    {
        var failures = Records(Record(Map(("event", "barrier")), Map(("waited_ms", expected))));
        Assert.Equal(passes, failures.Count == 0);
    }

    // ---- ValueMatches ----

    [Theory]
    [InlineData("5", "5", true)]
    [InlineData("5", "05", false)]
    [InlineData("term", "term", true)]
    [InlineData(">=10", "10", true)]
    [InlineData(">=10", "9", false)]
    [InlineData(">=10", "100", true)]   // numeric, not text, comparison
    [InlineData("<=10", "9", true)]
    [InlineData("<=10", "11", false)]
    [InlineData("<=-1", "-16", true)]
    [InlineData(">=0", "-16", false)]
    [InlineData(">=10", "many", false)]
    [InlineData("!=0", "5", true)]
    [InlineData("!=0", "0", false)]
    [InlineData("!=ign", "term", true)]
    [InlineData("!=ign", "ign", false)]
    [InlineData("5", null, false)]
    [InlineData(">=0", null, false)]
    public void ValueMatches_compares(string expected, string? actual, bool matches)
    {
        Assert.Equal(matches, ExpectationChecker.ValueMatches(expected, actual));
    }

    // ---- all + variant ----

    [Fact]
    public void Both_all_and_the_variant_expectations_are_applied_but_not_other_variants()
    {
        var scenario = Scenario(new Dictionary<string, Expectation>
        {
            ["all"] = Expect(new TargetOutcome(0, null)),
            [V] = Expect(report: Map(("survived", "1"))),
            ["utrace-2007"] = Expect(report: Map(("other", "1"))),
        });

        Assert.Empty(ExpectationChecker.Check(scenario, V, Seen(report: Map(("survived", "1")))));

        var failures = ExpectationChecker.Check(scenario, V, Seen(outcome: new TargetOutcome(null, 9), report: Map(("survived", "0"))));
        Assert.Equal(2, failures.Count);
        Assert.Contains(failures, f => f.Contains("signaled=9"));
        Assert.Contains(failures, f => f.Contains("survived=0"));
        Assert.DoesNotContain(failures, f => f.Contains("other"));
    }

    [Fact]
    public void Expect_all_alone_covers_every_variant()
    {
        var scenario = Scenario(new Dictionary<string, Expectation> { ["all"] = Expect(new TargetOutcome(0, null)) });

        Assert.Empty(ExpectationChecker.Check(scenario, "utrace-2009", Seen()));
        Assert.Single(ExpectationChecker.Check(scenario, "utrace-2009", Seen(outcome: new TargetOutcome(1, null))));
    }

    [Fact]
    public void Real_scenario_01_passes_and_fails_per_variant_order()
    {
        var scenario = Repo.Scenario("01");
        string[] log =
        [
            "seq=1 engine=A event=syscall_entry nr=39",
            "seq=2 engine=B event=syscall_entry nr=39",
            "seq=3 engine=W event=syscall_entry nr=39",
            "seq=4 engine=W event=syscall_exit nr=39",
            "seq=5 engine=A event=syscall_exit nr=39",
            "seq=6 engine=B event=syscall_exit nr=39",
        ];
        var seen = Seen(pid: 120, report: Map(("ret", "120")), log: log);

        Assert.Empty(ExpectationChecker.Check(scenario, "report-resume", seen));
        Assert.Equal(2, ExpectationChecker.Check(scenario, "utrace-2007", seen).Count);
        Assert.Single(ExpectationChecker.Check(scenario, "report-resume", seen with { Report = Map(("ret", "121")) }));
    }
}
