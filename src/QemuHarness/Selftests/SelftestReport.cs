namespace UtracePatchKit.QemuHarness.Selftests;

/// <summary>Selftest runs as text for a run folder: a summary line per program, then every case and the raw output.</summary>
public static class SelftestReport
{
    public static IEnumerable<string> Lines(IReadOnlyList<SelftestRun> runs)
    {
        foreach (var run in runs)
            yield return $"{run.Program}: {run.Summary}; {run.Ending}{(run.OutputTruncated ? "; OUTPUT TRUNCATED by the agent's EXEC limit" : "")}";
        foreach (var run in runs)
        {
            yield return "";
            yield return $"== {run.Program}";
            foreach (var testCase in run.Cases)
                yield return $"   {testCase.Name}: {testCase}";
            foreach (var line in run.Output)
                yield return "   | " + line;
        }
    }
}
