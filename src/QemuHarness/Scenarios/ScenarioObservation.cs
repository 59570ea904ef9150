using System.Globalization;

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

    /// <summary>
    /// The one query of callback order: the engine of every callback for <paramref name="eventName"/>,
    /// in log order (an engine called twice is there twice); for syscall events only the calls for
    /// system call <paramref name="syscall"/> when one is given (the target's own startup makes others).
    /// </summary>
    public IReadOnlyList<string> CallOrder(string eventName, int? syscall = null)
    {
        var nr = syscall?.ToString(CultureInfo.InvariantCulture);
        var syscallEvent = eventName is "syscall_entry" or "syscall_exit";
        return Log
            .Where(r => r["event"] == eventName && r["engine"] is not null)
            .Where(r => nr is null || !syscallEvent || r["nr"] == nr)
            .Select(r => r["engine"]!)
            .ToArray();
    }

    /// <summary>The driver's <c>event=log_overflow</c> record: records were dropped or cut short.</summary>
    public LogRecord? LogOverflow => Log.FirstOrDefault(r => r["event"] == "log_overflow" && r["engine"] is null);
}
