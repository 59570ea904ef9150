namespace UtracePatchKit.QemuHarness.Scenarios;

/// <summary>One scenario of the catalog (kernel-tests/scenarios/*.yaml), the same for every variant.</summary>
public sealed record Scenario(
    string Id,
    string Title,
    string Why,
    string? Notes,
    string File,
    IReadOnlyList<string> Target,
    int? Syscall,
    IReadOnlyList<EngineSetup> Engines,
    IReadOnlyList<ScriptLine> Script,
    IReadOnlyList<ScenarioStep> BeforeGo,
    IReadOnlyList<ScenarioStep> Steps,
    IReadOnlyDictionary<string, Expectation> Expect)
{
    /// <summary>
    /// For the scenarios the report_resume proposal is about: whether each variant gives the
    /// behaviour the proposal asks for (<see cref="ProposalVerdict.Wanted"/>) or shows the problem
    /// it describes. Empty for scenarios that only check mechanics.
    /// </summary>
    public IReadOnlyDictionary<string, ProposalVerdict> ProposalVerdicts { get; init; } = new Dictionary<string, ProposalVerdict>();

    public const string AllVariants = "all";

    /// <summary>A scenario built in code, for observing rather than judging (order checks, overhead).</summary>
    public static Scenario Adhoc(string title, IReadOnlyList<string> target, int? syscall, IReadOnlyList<EngineSetup> engines) =>
        new(Id: "adhoc", Title: title, Why: "", Notes: null, File: "(built in code)", Target: target, Syscall: syscall,
            Engines: engines, Script: [], BeforeGo: [], Steps: [], Expect: new Dictionary<string, Expectation>());

    /// <summary>The checks for one variant: those under <c>all</c>, then the variant's own.</summary>
    public IReadOnlyList<Expectation> ExpectationsFor(string variant) =>
        new[] { AllVariants, variant }
            .Where(Expect.ContainsKey)
            .Select(key => Expect[key])
            .ToArray();
}

public enum ProposalVerdict
{
    Wanted,
    Problem,
}

/// <summary>An engine to attach before the target runs; the band is resolved through the variant spec.</summary>
/// <param name="Quiet">Neither logs nor acts: for measuring what the core itself costs.</param>
public sealed record EngineSetup(string Name, string Band, IReadOnlyList<string> Events, bool Quiet = false);

/// <summary>One scripted action of a test engine: the driver's <c>on</c> command.</summary>
public sealed record ScriptLine(
    string Engine,
    string On,
    string Do,
    int? Nr,
    bool Once,
    bool UnlessHeld,
    IReadOnlyList<string>? Variants)
{
    public bool AppliesTo(string variant) => Variants is null || Variants.Contains(variant);

    public string ToDriverCommand()
    {
        var words = new List<string> { "on", Engine, On, Do };
        if (Once)
        {
            words.Add("once");
        }

        if (UnlessHeld)
        {
            words.Add("unless_held");
        }

        if (Nr is { } nr)
        {
            words.Add($"nr={nr}");
        }

        return string.Join(' ', words);
    }
}

/// <summary>What the host does while (or before) the target runs.</summary>
public abstract record ScenarioStep
{
    public sealed record WaitStopped(int Milliseconds) : ScenarioStep;

    /// <summary>Until the target's /proc state is <see cref="State"/> (e.g. T for a job-control stop).</summary>
    public sealed record WaitState(string State) : ScenarioStep;

    /// <summary>A driver query about the target (<c>regs</c>, <c>status</c>); its answer lands in the log.</summary>
    public sealed record Query(string Verb) : ScenarioStep;

    public sealed record Control(string Engine, string Action) : ScenarioStep;

    public sealed record Detach(string Engine) : ScenarioStep;

    /// <summary>utrace_set_events() for an attached engine.</summary>
    public sealed record SetEvents(string Engine, IReadOnlyList<string> Events) : ScenarioStep;

    public sealed record Kill(int Signal) : ScenarioStep;

    /// <summary>A driver command written as is (<c>$pid</c> is the target); it must succeed.</summary>
    public sealed record Command(string Text) : ScenarioStep;

    /// <summary>A driver command that the driver or the core must refuse with <see cref="Errno"/>.</summary>
    public sealed record Refused(string Text, int Errno) : ScenarioStep;

    /// <summary>
    /// A guest program run to its end (the agent's EXEC); its <c>key=value</c> output lines and
    /// <c>exited</c> land in <see cref="ScenarioObservation.Program"/>.
    /// </summary>
    public sealed record Exec(IReadOnlyList<string> Argv, int TimeoutMilliseconds) : ScenarioStep;

    public sealed record Sleep(int Milliseconds) : ScenarioStep;
}

/// <summary>How the target ended.</summary>
public sealed record TargetOutcome(int? ExitCode, int? Signal)
{
    /// <summary>Whether a killed target dumped core; null when not known or not asked.</summary>
    public bool? CoreDumped { get; init; }

    /// <summary>This expectation holds for <paramref name="seen"/>: the core flag only when one is expected.</summary>
    public bool IsMetBy(TargetOutcome seen) =>
        ExitCode == seen.ExitCode && Signal == seen.Signal && (CoreDumped is null || CoreDumped == seen.CoreDumped);

    public override string ToString() =>
        Signal is { } s ? $"signaled={s}{(CoreDumped is { } core ? $" core={(core ? 1 : 0)}" : "")}" : $"exited={ExitCode}";
}

/// <summary>A check on log records: all <see cref="Match"/> fields equal; then expect fields, a count, or absence.</summary>
public sealed record RecordCheck(
    IReadOnlyDictionary<string, string> Match,
    IReadOnlyDictionary<string, string> Fields,
    int? Count,
    bool Absent)
{
    /// <summary>When set, the first matching record must come before the first record matching this.</summary>
    public IReadOnlyDictionary<string, string>? Before { get; init; }
}

/// <summary>What a variant must show in a scenario.</summary>
public sealed record Expectation(
    TargetOutcome? Outcome,
    IReadOnlyDictionary<string, string> Report,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Order,
    IReadOnlyList<RecordCheck> Records)
{
    /// <summary><c>key: value</c> pairs the <c>exec</c> steps' programs printed (and <c>exited</c>).</summary>
    public IReadOnlyDictionary<string, string> Program { get; init; } = new Dictionary<string, string>();
}
