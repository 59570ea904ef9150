namespace UtracePatchKit.QemuHarness.Selftests;

/// <summary>A test case's result, as KTAP/TAP reports it.</summary>
public enum SelftestOutcome
{
    Pass,
    Fail,
    Skip,
    XFail,
    Error,
}

/// <param name="Name">The case's description (e.g. "global.attach"), unique within its run.</param>
/// <param name="Detail">A SKIP/XFAIL/error reason, or why a program without TAP output passed or failed.</param>
public sealed record SelftestCase(string Name, SelftestOutcome Outcome, string? Detail = null)
{
    public override string ToString() => Detail is null ? Outcome.ToString().ToLowerInvariant() : $"{Outcome.ToString().ToLowerInvariant()} ({Detail})";
}

/// <summary>One selftest program run in the guest.</summary>
/// <param name="Ending">How it ended, from run-selftest's last line: "exited=N", "signaled=N", "timeout=S", or
/// "unknown" when that line is missing (with how the agent saw run-selftest end, when known).</param>
/// <param name="Plan">N of the TAP plan "1..N", when the program printed one.</param>
/// <param name="Output">Everything the program printed on stdout and stderr, as the agent returned it.</param>
/// <param name="OutputTruncated">The agent's EXEC said the output passed its limit: its end is missing.</param>
public sealed record SelftestRun(
    string Program,
    string Ending,
    int? Plan,
    IReadOnlyList<SelftestCase> Cases,
    IReadOnlyList<string> Output,
    bool OutputTruncated)
{
    public int Count(SelftestOutcome outcome) => Cases.Count(c => c.Outcome == outcome);

    /// <summary>"pass 2, fail 0, skip 0" (xfail and error only when present).</summary>
    public string Summary =>
        $"pass {Count(SelftestOutcome.Pass)}, fail {Count(SelftestOutcome.Fail)}, skip {Count(SelftestOutcome.Skip)}" +
        (Count(SelftestOutcome.XFail) > 0 ? $", xfail {Count(SelftestOutcome.XFail)}" : "") +
        (Count(SelftestOutcome.Error) > 0 ? $", error {Count(SelftestOutcome.Error)}" : "");
}
