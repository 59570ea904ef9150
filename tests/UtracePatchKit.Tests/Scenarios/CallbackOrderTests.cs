using Xunit;
using UtracePatchKit.Generator.Spec;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.Tests.Scenarios;

public sealed class CallbackOrderTests
{
    // Attach order W, A, L, B; bands A=B=10 < W=20 < L=40: attach and band order disagree,
    // and A and B share a band with A attached first.
    private static readonly OrderedEngine[] Engines =
    [
        new("W", 0, 20),
        new("A", 1, 10),
        new("L", 2, 40),
        new("B", 3, 10),
    ];

    private static readonly Dictionary<string, EventKind> Kinds = new(StringComparer.Ordinal)
    {
        ["quiesce"] = EventKind.Quiesce,
        ["resume"] = EventKind.Resume,
        ["syscall_entry"] = EventKind.SyscallEntry,
        ["syscall_exit"] = EventKind.SyscallExit,
        ["exec"] = EventKind.Exec,
        ["clone"] = EventKind.Clone,
        ["exit"] = EventKind.Exit,
        ["death"] = EventKind.Death,
        ["reap"] = EventKind.Reap,
    };

    [Theory]
    [InlineData(OrderRule.Attach, "W A L B")]
    [InlineData(OrderRule.ReverseAttach, "B L A W")]
    [InlineData(OrderRule.Priority, "A B W L")]
    [InlineData(OrderRule.ReversePriority, "L W A B")]
    public void Sort_applies_each_rule(OrderRule rule, string expected)
    {
        Assert.Equal(expected.Split(' '), CallbackOrder.Sort(rule, Engines).Select(e => e.Name));
    }

    [Theory]
    [InlineData(OrderRule.Attach)]
    [InlineData(OrderRule.ReverseAttach)]
    [InlineData(OrderRule.Priority)]
    [InlineData(OrderRule.ReversePriority)]
    public void Sort_does_not_depend_on_the_input_order(OrderRule rule)
    {
        var forward = CallbackOrder.Sort(rule, Engines).Select(e => e.Name);
        var shuffled = CallbackOrder.Sort(rule, [Engines[2], Engines[3], Engines[0], Engines[1]]).Select(e => e.Name);
        Assert.Equal(forward, shuffled);
    }

    [Fact]
    public void Reverse_priority_keeps_attach_order_within_a_band_unlike_reverse_attach()
    {
        OrderedEngine[] sameBand = [new("X", 0, 10), new("Y", 1, 10), new("Z", 2, 10)];

        Assert.Equal(["X", "Y", "Z"], CallbackOrder.Sort(OrderRule.ReversePriority, sameBand).Select(e => e.Name));
        Assert.Equal(["X", "Y", "Z"], CallbackOrder.Sort(OrderRule.Priority, sameBand).Select(e => e.Name));
        Assert.Equal(["Z", "Y", "X"], CallbackOrder.Sort(OrderRule.ReverseAttach, sameBand).Select(e => e.Name));
    }

    [Fact]
    public void For_uses_the_rule_of_the_event()
    {
        var spec = Repo.Spec("report-resume");

        Assert.Equal(["A", "B", "W", "L"], CallbackOrder.For(spec, EventKind.SyscallEntry, Engines));
        Assert.Equal(["L", "W", "A", "B"], CallbackOrder.For(spec, EventKind.SyscallExit, Engines));
        Assert.Equal(["B", "L", "A", "W"], CallbackOrder.For(Repo.Spec("utrace-2009"), EventKind.SyscallEntry, Engines));
        Assert.Equal(["W", "A", "L", "B"], CallbackOrder.For(Repo.Spec("utrace-2009"), EventKind.SyscallExit, Engines));
    }

    private static OrderedEngine[] Attached(Scenario scenario, VariantSpec spec) =>
        scenario.Engines
            .Select((e, i) => new OrderedEngine(e.Name, i, spec.Bands.Single(b => b.Name == e.Band).Priority))
            .ToArray();

    public static TheoryData<string> ShippedVariants() => new(Repo.Specs.Select(s => s.Variant));

    [Theory]
    [MemberData(nameof(ShippedVariants))]
    public void Scenario_01_order_table_matches_the_spec(string variant)
    {
        var spec = Repo.Spec(variant);
        var scenario = ScenarioLoader.Load(Path.Combine(Repo.CatalogDir, "01-syscall-order.yaml"));
        var orders = scenario.ExpectationsFor(variant).SelectMany(x => x.Order).ToList();

        // The file states both syscall events for every variant.
        Assert.Equal(["syscall_entry", "syscall_exit"], orders.Select(o => o.Key).Order(StringComparer.Ordinal));
        foreach (var (ev, expected) in orders)
        {
            Assert.Equal(expected, CallbackOrder.For(spec, Kinds[ev], Attached(scenario, spec)));
        }
    }

    [Theory]
    [MemberData(nameof(ShippedVariants))]
    public void Every_catalog_order_among_attached_engines_matches_the_spec(string variant)
    {
        var spec = Repo.Spec(variant);
        var compared = 0;
        foreach (var scenario in Repo.Catalog)
        {
            foreach (var (ev, expected) in scenario.ExpectationsFor(variant).SelectMany(x => x.Order))
            {
                // Engines attached from a callback (A.c in 11) have no band in the table.
                if (!expected.All(name => scenario.Engines.Any(e => e.Name == name)))
                {
                    continue;
                }

                var named = Attached(scenario, spec).Where(e => expected.Contains(e.Name));
                Assert.True(
                    expected.SequenceEqual(CallbackOrder.For(spec, Kinds[ev], named)),
                    $"{scenario.File}: {variant} {ev} expects [{string.Join(", ", expected)}], spec gives [{string.Join(", ", CallbackOrder.For(spec, Kinds[ev], named))}]");
                compared++;
            }
        }

        Assert.True(compared >= 2, $"only {compared} order lists compared for {variant}");
    }
}
