using Xunit;
using UtracePatchKit.QemuHarness.Scenarios;
using static UtracePatchKit.Tests.Scenarios.Build;

namespace UtracePatchKit.Tests.Scenarios;

public sealed class ScenarioParsingTests
{
    [Fact]
    public void KeyValueLine_splits_on_the_first_equals_and_skips_words_without_a_key()
    {
        var fields = KeyValueLine.Parse("seq=3  engine=A.c note=inject=-16 bare =x empty=");

        Assert.Equal(
            new Dictionary<string, string> { ["seq"] = "3", ["engine"] = "A.c", ["note"] = "inject=-16", ["empty"] = "" },
            fields.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary());
    }

    [Fact]
    public void KeyValueLine_keys_are_case_sensitive()
    {
        var fields = KeyValueLine.Parse("A=1 a=2");
        Assert.Equal("1", fields["A"]);
        Assert.Equal("2", fields["a"]);
    }

    [Fact]
    public void LogRecord_keeps_the_line_and_answers_missing_fields_with_null()
    {
        const string line = "seq=7 engine=B event=barrier err=0 waited_ms=250";
        var record = LogRecord.Parse(line);

        Assert.Equal(line, record.Line);
        Assert.Equal("250", record["waited_ms"]);
        Assert.Null(record["nr"]);
    }

    [Fact]
    public void LogRecord_matches_only_when_every_field_is_equal()
    {
        var record = LogRecord.Parse("engine=A event=syscall_entry nr=39");

        Assert.True(record.Matches(Map(("engine", "A"), ("nr", "39"))));
        Assert.True(record.Matches(Map()));
        Assert.False(record.Matches(Map(("engine", "A"), ("nr", "1"))));
        Assert.False(record.Matches(Map(("engine", "A"), ("held", "0"))));
        Assert.False(record.Matches(Map(("engine", "a"))));
    }

    [Theory]
    [InlineData(null, false, false, "on W syscall_entry set_arg 0 11")]
    [InlineData(1, true, false, "on W syscall_entry set_arg 0 11 once nr=1")]
    [InlineData(null, false, true, "on W syscall_entry set_arg 0 11 unless_held")]
    [InlineData(0, true, true, "on W syscall_entry set_arg 0 11 once unless_held nr=0")]
    public void ScriptLine_is_the_driver_on_command(int? nr, bool once, bool unlessHeld, string expected)
    {
        // utrace_test.c: on NAME EVENT OP [ARG...] [once] [unless_held] [nr=SYSCALL]
        var line = new ScriptLine("W", "syscall_entry", "set_arg 0 11", nr, once, unlessHeld, ["utrace-2007"]);
        Assert.Equal(expected, line.ToDriverCommand());
    }

    [Fact]
    public void ScriptLine_variants_limit_where_it_applies()
    {
        Assert.True(new ScriptLine("X", "resume", "stop", null, false, false, null).AppliesTo("anything"));
        var limited = new ScriptLine("X", "resume", "stop", null, false, false, ["utrace-2009", "report-resume"]);
        Assert.True(limited.AppliesTo("report-resume"));
        Assert.False(limited.AppliesTo("utrace-2007"));
    }

    [Theory]
    [InlineData("02a", "Observer vs syscall warper, observer attached first", "02a-observer-vs-syscall-warper-observer-attached-first")]
    [InlineData("06", "Last-resort engine acts only as the last resort", "06-last-resort-engine-acts-only-as-the-last-resort")]
    [InlineData("13b", "  Detaching the LAST syscall engine: clears the work bit!  ", "13b-detaching-the-last-syscall-engine-clears-the-work-bit")]
    [InlineData("07", "Two engines want to decide the next signal", "07-two-engines-want-to-decide-the-next-signal")]
    public void ScenarioResult_name_is_id_and_title_slug(string id, string title, string expected)
    {
        var result = new ScenarioResult(Scenario(new Dictionary<string, Expectation>(), id: id, title: title), "report-resume", [], TimeSpan.Zero, null);
        Assert.Equal(expected, result.Name);
    }

    [Fact]
    public void ScenarioResult_passes_only_without_failures()
    {
        var scenario = Scenario(new Dictionary<string, Expectation>());
        Assert.True(new ScenarioResult(scenario, "v", [], TimeSpan.Zero, null).Passed);
        Assert.False(new ScenarioResult(scenario, "v", ["x"], TimeSpan.Zero, null).Passed);
    }

    [Fact]
    public void TargetOutcome_text_names_how_the_target_ended()
    {
        Assert.Equal("exited=7", new TargetOutcome(7, null).ToString());
        Assert.Equal("signaled=9", new TargetOutcome(null, 9).ToString());
    }

    [Fact]
    public void ExpectationsFor_puts_all_before_the_variant()
    {
        var all = Expect(new TargetOutcome(0, null));
        var own = Expect(new TargetOutcome(1, null));
        var scenario = Scenario(new Dictionary<string, Expectation> { ["v"] = own, ["all"] = all, ["w"] = Expect() });

        Assert.Equal([all, own], scenario.ExpectationsFor("v"));
        Assert.Equal([all], scenario.ExpectationsFor("x"));
    }
}
