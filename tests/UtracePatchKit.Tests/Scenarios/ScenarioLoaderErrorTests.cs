using Xunit;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.Tests.Scenarios;

/// <summary>Bad scenario files: every error names file:line:column and says what is wrong.</summary>
public sealed class ScenarioLoaderErrorTests : IDisposable
{
    private readonly string _root;

    public ScenarioLoaderErrorTests()
    {
        _root = Directory.CreateTempSubdirectory("utpk-scenarios-").FullName;
        // A repository root, so errors name files relative to it as they do in the real catalog.
        Directory.CreateDirectory(Path.Combine(_root, ".git"));
        Directory.CreateDirectory(Path.Combine(_root, "scenarios"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private const string Good = """
        id: "42"
        title: A good scenario
        why: because
        target: [getpid]
        syscall: 39
        engines:
          - { name: A, band: observer, events: [syscall_entry] }
        script:
          - { engine: A, on: syscall_entry, do: stop, nr: 39, once: true }
        steps:
          - { wait_stopped: 100 }
        expect:
          all:
            outcome: { exited: 0 }
        """;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, "scenarios", name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        return path;
    }

    private IReadOnlyList<LocatedError> Errors(string text, string name = "bad.yaml") =>
        Assert.Throws<InputException>(() => ScenarioLoader.Load(Write(name, text))).Errors;

    private static void AssertError(LocatedError error, int line, int column, string message, string file = "scenarios/bad.yaml")
    {
        Assert.Equal(file, error.File);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message);
        Assert.False(string.IsNullOrWhiteSpace(error.Fix));
    }

    [Fact]
    public void The_good_sample_loads()
    {
        var scenario = ScenarioLoader.Load(Write("good.yaml", Good));

        Assert.Equal("42", scenario.Id);
        Assert.Equal("scenarios/good.yaml", scenario.File);
        Assert.Equal([new ScenarioStep.WaitStopped(100)], scenario.Steps);
        Assert.Equal("on A syscall_entry stop once nr=39", Assert.Single(scenario.Script).ToDriverCommand());
    }

    [Fact]
    public void Unknown_top_level_key_is_located_at_the_key_with_a_suggestion()
    {
        var text = Good.Replace("engines:", "engnes:");
        // With 'engines' misspelled, the script line's engine is not attached either.
        var errors = Errors(text);

        var unknown = Assert.Single(errors, e => e.Message.Contains("unknown key"));
        AssertError(unknown, 6, 1, "unknown key 'engnes' at the top level");
        Assert.Contains("'engines'", unknown.Fix);
    }

    [Fact]
    public void Unknown_key_in_an_engine_is_located_at_the_key()
    {
        var text = Good.Replace("{ name: A, band: observer,", "{ name: A, bnd: observer,");
        var errors = Errors(text);

        AssertError(errors[0], 7, 16, "unknown key 'bnd' in an engine");
        Assert.Contains(errors, e => e.Message.Contains("missing required key 'band'"));
    }

    [Fact]
    public void Missing_expect_is_reported_once_at_the_top_mapping()
    {
        var text = Good[..Good.IndexOf("expect:", StringComparison.Ordinal)];

        var error = Assert.Single(Errors(text));

        AssertError(error, 1, 1, "missing required key 'expect'");
    }

    [Fact]
    public void A_step_with_two_keys_is_located_at_the_step()
    {
        var text = Good.Replace("  - { wait_stopped: 100 }", "  - { wait_stopped: 100, sleep: 5 }");

        var error = Assert.Single(Errors(text));

        AssertError(error, 11, 5, "a step has exactly one key");
    }

    [Fact]
    public void Every_step_kind_loads()
    {
        var text = Good.Replace("  - { wait_stopped: 100 }", """
              - { wait_stopped: 100 }
              - { wait_state: T }
              - { ctl: regs }
              - { control: { engine: A, action: resume } }
              - { detach: A }
              - { kill: 9 }
              - { sleep: 0 }
            """.TrimEnd());

        var scenario = ScenarioLoader.Load(Write("steps.yaml", text));

        Assert.Equal(
            [
                new ScenarioStep.WaitStopped(100), new ScenarioStep.WaitState("T"), new ScenarioStep.Query("regs"),
                new ScenarioStep.Control("A", "resume"), new ScenarioStep.Detach("A"), new ScenarioStep.Kill(9), new ScenarioStep.Sleep(0),
            ],
            scenario.Steps);
    }

    [Fact]
    public void An_unknown_step_is_located_at_its_key()
    {
        var errors = Errors(Good.Replace("  - { wait_stopped: 100 }", "  - { wait_stoped: 100 }"));

        AssertError(errors[0], 11, 7, "unknown key 'wait_stoped' in a step");
        Assert.Contains("'wait_stopped'", errors[0].Fix);
    }

    [Fact]
    public void An_unknown_step_is_reported_once()
    {
        var error = Assert.Single(Errors(Good.Replace("  - { wait_stopped: 100 }", "  - { wait_stoped: 100 }")));

        AssertError(error, 11, 7, "unknown key 'wait_stoped' in a step");
    }

    [Fact]
    public void A_script_line_for_an_engine_not_under_engines_is_an_error()
    {
        var text = Good.Replace("  - { engine: A, on:", "  - { engine: Z, on:");

        var error = Assert.Single(Errors(text));

        Assert.Equal("scenarios/bad.yaml", error.File);
        Assert.Contains("script line for engine 'Z'", error.Message);
        Assert.Contains("not under 'engines'", error.Message);
    }

    [Fact]
    public void A_script_line_for_an_engine_not_under_engines_is_located_at_the_line()
    {
        var text = Good.Replace("  - { engine: A, on:", "  - { engine: Z, on:");

        var error = Assert.Single(Errors(text));

        AssertError(error, 9, 5, "script line for engine 'Z'");
    }

    [Fact]
    public void A_quoted_syscall_number_is_a_type_error_at_the_value()
    {
        var error = Assert.Single(Errors(Good.Replace("syscall: 39", "syscall: \"39\"")));

        AssertError(error, 5, 10, "'syscall' must be an integer, got the quoted string '39'");
    }

    [Fact]
    public void A_syscall_name_instead_of_a_number_is_a_type_error()
    {
        var error = Assert.Single(Errors(Good.Replace("syscall: 39", "syscall: getpid")));

        AssertError(error, 5, 10, "'syscall' must be an integer, got 'getpid'");
    }

    [Fact]
    public void A_syscall_list_is_a_type_error()
    {
        var error = Assert.Single(Errors(Good.Replace("syscall: 39", "syscall: [39]")));

        AssertError(error, 5, 10, "'syscall' must be a single value, not a list");
    }

    [Fact]
    public void A_syscall_number_out_of_range_is_an_error()
    {
        var error = Assert.Single(Errors(Good.Replace("syscall: 39", "syscall: 5000")));

        AssertError(error, 5, 10, "'syscall' is 5000, outside 0..1023");
    }

    [Fact]
    public void All_errors_of_a_file_are_reported_at_once_in_file_order()
    {
        var text = Good
            .Replace("syscall: 39", "syscall: x")
            .Replace("  - { wait_stopped: 100 }", "  - { wait_stopped: 100, sleep: 5 }")
            .Replace("    outcome:", "    outcom:");

        var errors = Errors(text);

        Assert.Equal(3, errors.Count);
        AssertError(errors[0], 5, 10, "'syscall' must be an integer");
        AssertError(errors[1], 11, 5, "a step has exactly one key");
        AssertError(errors[2], 14, 5, "unknown key 'outcom' in an expectation");
    }

    [Fact]
    public void A_non_boolean_once_is_an_error_at_the_value()
    {
        var error = Assert.Single(Errors(Good.Replace("once: true", "once: yes")));

        AssertError(error, 9, 61, "'once' must be a boolean, got 'yes'");
    }

    [Fact]
    public void Outcome_without_exited_or_signaled_is_an_error()
    {
        var error = Assert.Single(Errors(Good.Replace("outcome: { exited: 0 }", "outcome: {}")));

        AssertError(error, 14, 14, "'outcome' needs 'exited' or 'signaled'");
    }

    [Fact]
    public void The_catalog_reports_errors_of_every_file()
    {
        Write("a.yaml", Good.Replace("syscall: 39", "syscall: x"));
        Write("b.yaml", Good.Replace("id: \"42\"", "id: \"43\"").Replace("engines:", "engnes:"));

        var errors = Assert.Throws<InputException>(() => ScenarioLoader.LoadCatalog(Path.Combine(_root, "scenarios"))).Errors;

        Assert.Contains(errors, e => e.File == "scenarios/a.yaml" && e.Line == 5);
        Assert.Contains(errors, e => e.File == "scenarios/b.yaml" && e.Line == 6);
    }

    [Fact]
    public void The_catalog_rejects_a_duplicate_id_naming_the_second_file()
    {
        Write("01-first.yaml", Good);
        Write("02-second.yaml", Good);

        var error = Assert.Single(Assert.Throws<InputException>(() => ScenarioLoader.LoadCatalog(Path.Combine(_root, "scenarios"))).Errors);

        AssertError(error, 1, 1, "scenario id '42' is used twice", "scenarios/02-second.yaml");
    }

    [Fact]
    public void A_missing_catalog_directory_is_an_error()
    {
        var error = Assert.Single(Assert.Throws<InputException>(() => ScenarioLoader.LoadCatalog(Path.Combine(_root, "nope"))).Errors);

        Assert.Contains("not found", error.Message);
    }

    [Fact]
    public void The_catalog_loads_files_in_name_order()
    {
        Write("b.yaml", Good.Replace("id: \"42\"", "id: b"));
        Write("a.yaml", Good.Replace("id: \"42\"", "id: a"));

        var catalog = ScenarioLoader.LoadCatalog(Path.Combine(_root, "scenarios"));

        Assert.Equal(["a", "b"], catalog.Select(s => s.Id));
    }
}
