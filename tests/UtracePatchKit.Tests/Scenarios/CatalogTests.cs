using Xunit;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.Tests.Scenarios;

/// <summary>The shipped catalog (kernel-tests/scenarios) against the shipped specs (specs/).</summary>
public sealed class CatalogTests
{
    private static IReadOnlyList<string> Variants => Repo.Specs.Select(s => s.Variant).ToArray();

    [Fact]
    public void The_catalog_loads_without_errors()
    {
        var yamlFiles = Directory.EnumerateFiles(Repo.CatalogDir, "*.yaml").Count();

        var catalog = ScenarioLoader.LoadCatalog(Repo.CatalogDir);

        Assert.Equal(yamlFiles, catalog.Count);
        Assert.All(catalog, s => Assert.StartsWith("kernel-tests/scenarios/", s.File));
    }

    [Fact]
    public void The_shipped_specs_are_the_three_known_variants()
    {
        Assert.Equal(["report-resume", "utrace-2007", "utrace-2009"], Variants.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Scenario_ids_are_unique()
    {
        var duplicates = Repo.Catalog.GroupBy(s => s.Id).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Result_names_are_unique_file_name_slugs()
    {
        var names = Repo.Catalog.Select(s => new ScenarioResult(s, "x", [], TimeSpan.Zero, null).Name).ToArray();
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", n));
    }

    [Fact]
    public void Every_scenario_has_an_expectation_for_every_shipped_variant()
    {
        var missing =
            from s in Repo.Catalog
            from v in Variants
            where s.ExpectationsFor(v).Count == 0
            select $"{s.File}: {v}";
        Assert.Empty(missing);
    }

    [Fact]
    public void Expectation_keys_are_all_or_a_shipped_variant()
    {
        var allowed = Variants.Append(Scenario.AllVariants).ToHashSet();
        var unknown =
            from s in Repo.Catalog
            from key in s.Expect.Keys
            where !allowed.Contains(key)
            select $"{s.File}: expect.{key}";
        Assert.Empty(unknown);
    }

    [Fact]
    public void Every_engine_band_is_defined_in_every_shipped_spec()
    {
        var undefined =
            from s in Repo.Catalog
            from e in s.Engines
            from spec in Repo.Specs
            where spec.Bands.All(b => b.Name != e.Band)
            select $"{s.File}: engine {e.Name} band '{e.Band}' not in {spec.DisplayPath}";
        Assert.Empty(undefined);
    }

    [Fact]
    public void Script_line_variants_name_only_shipped_variants()
    {
        var unknown =
            from s in Repo.Catalog
            from line in s.Script
            from v in line.Variants ?? []
            where !Variants.Contains(v)
            select $"{s.File}: {line.ToDriverCommand()} names '{v}'";
        Assert.Empty(unknown);
    }

    [Fact]
    public void Script_line_variants_are_never_an_empty_list()
    {
        // 'variants: []' would silently disable a line everywhere.
        var empty = Repo.Catalog.SelectMany(s => s.Script.Where(l => l.Variants is { Count: 0 }).Select(l => $"{s.File}: {l.ToDriverCommand()}"));
        Assert.Empty(empty);
    }

    [Fact]
    public void Script_on_events_and_engine_events_are_driver_events()
    {
        var bad =
            (from s in Repo.Catalog
             from line in s.Script
             where !Repo.Events.Contains(line.On)
             select $"{s.File}: script on '{line.On}'")
            .Concat(
                from s in Repo.Catalog
                from e in s.Engines
                from ev in e.Events
                where !Repo.Events.Contains(ev)
                select $"{s.File}: engine {e.Name} event '{ev}'");
        Assert.Empty(bad);
    }

    [Fact]
    public void Order_checks_name_driver_events_and_each_engine_once()
    {
        var bad =
            from s in Repo.Catalog
            from x in s.Expect
            from o in x.Value.Order
            where !Repo.Events.Contains(o.Key) || o.Value.Distinct().Count() != o.Value.Count || o.Value.Count < 2
            select $"{s.File}: expect.{x.Key}.order.{o.Key}";
        Assert.Empty(bad);
    }

    [Fact]
    public void Script_lines_listen_to_an_event_their_engine_is_attached_for()
    {
        // A script line for an event the engine does not receive can never fire; the engines
        // a "follow NAME PRIORITY EVENTS" line attaches to children run the same script.
        var deaf =
            from s in Repo.Catalog
            from line in s.Script
            let engine = s.Engines.Single(e => e.Name == line.Engine)
            let followed = FollowedEvents(s.Script.Where(l => l.Engine == line.Engine))
            where !engine.Events.Contains(line.On) && !followed.Contains(line.On)
            select $"{s.File}: {line.ToDriverCommand()}";
        Assert.Empty(deaf);
    }

    private static HashSet<string> FollowedEvents(IEnumerable<ScriptLine> script) =>
        script.Select(l => l.Do.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words is ["follow", _, _, _])
            .SelectMany(words => words[3].Split(','))
            .ToHashSet();

    [Fact]
    public void Steps_name_only_attached_engines()
    {
        var bad =
            from s in Repo.Catalog
            from step in s.BeforeGo.Concat(s.Steps)
            let engine = step switch
            {
                ScenarioStep.Control c => c.Engine,
                ScenarioStep.Detach d => d.Engine,
                ScenarioStep.SetEvents e => e.Engine,
                _ => null,
            }
            where engine is not null && s.Engines.All(e => e.Name != engine)
            select $"{s.File}: step for '{engine}'";
        Assert.Empty(bad);
    }

    [Fact]
    public void Events_ops_name_listed_engines()
    {
        var bad =
            from s in Repo.Catalog
            from line in s.Script
            let words = line.Do.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            where words is ["events", _, _] && s.Engines.All(e => e.Name != words[1])
            select $"{s.File}: {line.ToDriverCommand()}";
        Assert.Empty(bad);
    }

    [Fact]
    public void Engine_names_are_unique_within_a_scenario()
    {
        var bad = Repo.Catalog.Where(s => s.Engines.Select(e => e.Name).Distinct().Count() != s.Engines.Count).Select(s => s.File);
        Assert.Empty(bad);
    }

    [Fact]
    public void Syscall_numbered_script_lines_agree_with_the_scenario_syscall()
    {
        var bad =
            from s in Repo.Catalog
            where s.Syscall is not null
            from line in s.Script
            where line.Nr is { } nr && nr != s.Syscall
            select $"{s.File}: {line.ToDriverCommand()}";
        Assert.Empty(bad);
    }

    [Fact]
    public void Scenario_01_loads_into_the_model()
    {
        var s = ScenarioLoader.Load(Path.Combine(Repo.CatalogDir, "01-syscall-order.yaml"));

        Assert.Equal("01", s.Id);
        Assert.Equal("kernel-tests/scenarios/01-syscall-order.yaml", s.File);
        Assert.Equal(["getpid"], s.Target);
        Assert.Equal(39, s.Syscall);
        Assert.Equal(["A", "W", "B"], s.Engines.Select(e => e.Name));
        Assert.Equal(["observer", "warp", "observer"], s.Engines.Select(e => e.Band));
        Assert.All(s.Engines, e => Assert.Equal(["syscall_entry", "syscall_exit"], e.Events));
        Assert.Equal(new TargetOutcome(0, null), s.Expect["all"].Outcome);
        Assert.Equal("$pid", s.Expect["all"].Report["ret"]);
        Assert.Equal(["B", "W", "A"], s.Expect["utrace-2009"].Order["syscall_entry"]);
        Assert.Equal(["W", "A", "B"], s.Expect["report-resume"].Order["syscall_exit"]);
    }

    [Fact]
    public void Scenario_08_loads_steps_and_script_flags()
    {
        var s = Repo.Scenario("08");

        Assert.Equal(
            [new ScenarioStep.WaitStopped(5000), new ScenarioStep.Query("regs"), new ScenarioStep.Control("B", "resume")],
            s.Steps);
        var held = s.Script.Single(l => l.UnlessHeld && l.On == "resume");
        Assert.Equal(new[] { "report-resume" }, held.Variants);
        Assert.False(held.Once);
        Assert.Null(held.Nr);
        Assert.Equal("on A resume set_ret 4242 unless_held", held.ToDriverCommand());
        var record = s.Expect["report-resume"].Records.Single(r => r.Count is not null);
        Assert.Equal(1, record.Count);
        Assert.Equal("0", record.Match["held"]);
    }

    [Fact]
    public void Different_verdicts_rest_on_different_expectations()
    {
        // A verdict label is the catalog author's judgement: two variants labelled differently
        // must be told apart by what the booted kernel shows, or the label stands on nothing.
        Assert.Empty(UnbackedVerdicts(Repo.Catalog));
    }

    [Fact]
    public void A_verdict_difference_without_an_expectation_difference_is_found()
    {
        var same = new Expectation(new TargetOutcome(0, null), new Dictionary<string, string>(),
            new Dictionary<string, IReadOnlyList<string>>(), []);
        var scenario = Scenario.Adhoc("t", ["getpid"], null, []) with
        {
            Expect = new Dictionary<string, Expectation> { ["all"] = same },
            ProposalVerdicts = new Dictionary<string, ProposalVerdict>
            {
                ["utrace-2009"] = ProposalVerdict.Problem,
                ["report-resume"] = ProposalVerdict.Wanted,
            },
        };

        Assert.Single(UnbackedVerdicts([scenario]));
        var told = scenario with
        {
            Expect = new Dictionary<string, Expectation> { ["all"] = same, ["report-resume"] = same with { Report = new Dictionary<string, string> { ["ret"] = "1" } } },
        };
        Assert.Empty(UnbackedVerdicts([told]));
    }

    private static IEnumerable<string> UnbackedVerdicts(IEnumerable<Scenario> catalog) =>
        from s in catalog
        from a in s.ProposalVerdicts
        from b in s.ProposalVerdicts
        where string.CompareOrdinal(a.Key, b.Key) < 0 && a.Value != b.Value
              && Canonical(s.ExpectationsFor(a.Key)) == Canonical(s.ExpectationsFor(b.Key))
        select $"{s.File}: {a.Key} ({a.Value}) and {b.Key} ({b.Value}) expect the same";

    private static string Canonical(IReadOnlyList<Expectation> expectations) =>
        System.Text.Json.JsonSerializer.Serialize(expectations);
}
