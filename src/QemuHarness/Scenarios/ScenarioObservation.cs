namespace UtracePatchKit.QemuHarness.Scenarios;

/// <summary>Everything a scenario run saw: the target's end, what it reported, the callback log.</summary>
public sealed record ScenarioObservation(
    int TargetPid,
    TargetOutcome Outcome,
    IReadOnlyDictionary<string, string> Report,
    IReadOnlyList<LogRecord> Log);
