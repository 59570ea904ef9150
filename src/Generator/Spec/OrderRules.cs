namespace UtracePatchKit.Generator.Spec;

/// <summary>
/// The callback order for each event; <see cref="Resume"/> is the resume or signal report.
/// A class rather than a record only because records may not have a member named Clone.
/// </summary>
public sealed class OrderRules
{
    private readonly IReadOnlyDictionary<EventKind, OrderRule> _rules;

    /// <param name="rules">A rule for every <see cref="EventKind"/>.</param>
    public OrderRules(IReadOnlyDictionary<EventKind, OrderRule> rules)
    {
        var missing = Enum.GetValues<EventKind>().Where(k => !rules.ContainsKey(k)).ToArray();
        if (missing.Length > 0)
        {
            throw new ArgumentException($"missing order rules for: {string.Join(", ", missing)}", nameof(rules));
        }

        _rules = Enum.GetValues<EventKind>().ToDictionary(k => k, k => rules[k]);
    }

    public OrderRule this[EventKind kind] => _rules[kind];

    public OrderRule Quiesce => this[EventKind.Quiesce];

    public OrderRule Resume => this[EventKind.Resume];

    public OrderRule SyscallEntry => this[EventKind.SyscallEntry];

    public OrderRule SyscallExit => this[EventKind.SyscallExit];

    public OrderRule Exec => this[EventKind.Exec];

    public OrderRule Clone => this[EventKind.Clone];

    public OrderRule Exit => this[EventKind.Exit];

    public OrderRule Death => this[EventKind.Death];

    public OrderRule Reap => this[EventKind.Reap];

    /// <summary>Every event with its rule, in <see cref="EventKind"/> declaration order.</summary>
    public IEnumerable<KeyValuePair<EventKind, OrderRule>> All =>
        Enum.GetValues<EventKind>().Select(k => KeyValuePair.Create(k, _rules[k]));

    public override bool Equals(object? obj) => obj is OrderRules other && All.SequenceEqual(other.All);

    public override int GetHashCode() => All.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Value));
}
