namespace UtracePatchKit.QemuHarness.Scenarios;

/// <summary>Everything a scenario run saw: the target's end, what it reported, the callback log.</summary>
public sealed record ScenarioObservation(
    int TargetPid,
    TargetOutcome Outcome,
    IReadOnlyDictionary<string, string> Report,
    IReadOnlyList<LogRecord> Log)
{
    /// <summary>What the <c>exec</c> steps' programs printed, first value of a key wins, and <c>exited</c>.</summary>
    public IReadOnlyDictionary<string, string> Program { get; init; } = new Dictionary<string, string>();

    /// <summary>The driver's <c>event=log_overflow</c> record: records were dropped or cut short.</summary>
    public LogRecord? LogOverflow => Log.FirstOrDefault(r => r["event"] == "log_overflow" && r["engine"] is null);
}
