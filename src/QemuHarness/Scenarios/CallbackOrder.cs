using UtracePatchKit.Generator.Spec;

namespace UtracePatchKit.QemuHarness.Scenarios;

/// <summary>An engine as the order rules see it: its attach position and its band priority.</summary>
public sealed record OrderedEngine(string Name, int AttachIndex, int Priority);

/// <summary>
/// The order in which a variant calls engines for an event, computed from the spec alone. It
/// mirrors utrace_runs_before() in templates/core/utrace.c.sbn, so the booted-kernel tests can
/// compare the kernel's real order with what the spec says, for any set of engines. A test
/// oracle, so it lives with the scenarios rather than with the generator it checks.
/// </summary>
public static class CallbackOrder
{
    public static IReadOnlyList<string> For(VariantSpec spec, EventKind kind, IEnumerable<OrderedEngine> engines) =>
        Sort(spec.Order[kind], engines).Select(e => e.Name).ToArray();

    public static IReadOnlyList<OrderedEngine> Sort(OrderRule rule, IEnumerable<OrderedEngine> engines) => rule switch
    {
        OrderRule.Attach => engines.OrderBy(e => e.AttachIndex).ToArray(),
        OrderRule.ReverseAttach => engines.OrderByDescending(e => e.AttachIndex).ToArray(),
        OrderRule.Priority => engines.OrderBy(e => e.Priority).ThenBy(e => e.AttachIndex).ToArray(),
        // Bands reversed, but attach order kept within a band.
        OrderRule.ReversePriority => engines.OrderByDescending(e => e.Priority).ThenBy(e => e.AttachIndex).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
    };
}
