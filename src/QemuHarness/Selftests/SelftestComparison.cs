namespace UtracePatchKit.QemuHarness.Selftests;

/// <summary>
/// Where one kernel's selftest results differ from a reference kernel's: per program, how it ended,
/// its TAP plan and the outcome of every case. Details (skip reasons) are not compared.
/// </summary>
public static class SelftestComparison
{
    /// <returns>One line per difference, naming program and case; empty when the results agree.</returns>
    public static IReadOnlyList<string> Differences(
        IReadOnlyList<SelftestRun> reference, IReadOnlyList<SelftestRun> observed, string referenceName = "unpatched")
    {
        var differences = new List<string>();
        var observedByProgram = observed.ToDictionary(r => r.Program, StringComparer.Ordinal);
        foreach (var expected in reference)
        {
            if (!observedByProgram.Remove(expected.Program, out var actual))
            {
                differences.Add($"{expected.Program}: not run ({referenceName}: {expected.Summary})");
                continue;
            }
            if (actual.Ending != expected.Ending)
                differences.Add($"{expected.Program}: {actual.Ending} ({referenceName}: {expected.Ending})");
            if (actual.Plan != expected.Plan)
                differences.Add($"{expected.Program}: plan 1..{actual.Plan?.ToString() ?? "none"} ({referenceName}: 1..{expected.Plan?.ToString() ?? "none"})");
            differences.AddRange(CaseDifferences(expected, actual, referenceName));
        }
        differences.AddRange(observedByProgram.Keys.Select(program => $"{program}: not run on the {referenceName} kernel"));
        return differences;
    }

    private static IEnumerable<string> CaseDifferences(SelftestRun expected, SelftestRun actual, string referenceName)
    {
        var actualCases = actual.Cases.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var expectedCase in expected.Cases)
        {
            if (!actualCases.Remove(expectedCase.Name, out var actualCase))
                yield return $"{expected.Program}: {expectedCase.Name}: missing ({referenceName}: {expectedCase})";
            else if (actualCase.Outcome != expectedCase.Outcome)
                yield return $"{expected.Program}: {expectedCase.Name}: {actualCase} ({referenceName}: {expectedCase})";
        }
        foreach (var extra in actualCases.Values)
            yield return $"{expected.Program}: {extra.Name}: {extra} (not reported on the {referenceName} kernel)";
    }
}
