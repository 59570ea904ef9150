namespace UtracePatchKit.QemuHarness.Scenarios;

/// <summary>The verdict of one scenario on one variant's kernel.</summary>
public sealed record ScenarioResult(
    Scenario Scenario,
    string Variant,
    IReadOnlyList<string> Failures,
    TimeSpan Duration,
    ScenarioObservation? Observation)
{
    public bool Passed => Failures.Count == 0;

    public string Name => $"{Scenario.Id}-{Slug(Scenario.Title)}";

    /// <summary>The catalog author's verdict on this variant: the proposal's wanted behaviour, its problem, or none.</summary>
    public ProposalVerdict? Verdict => Scenario.ProposalVerdicts.TryGetValue(Variant, out var verdict) ? verdict : null;

    /// <summary>As a comparison shows it: "wanted" or "problem" (the kernel behaved as the catalog says), "ok", or "FAIL".</summary>
    public string Cell => !Passed ? "FAIL" : Verdict switch
    {
        ProposalVerdict.Wanted => "wanted",
        ProposalVerdict.Problem => "problem",
        _ => "ok",
    };

    private static string Slug(string title) =>
        string.Join('-', title.ToLowerInvariant()
            .Select(c => char.IsLetterOrDigit(c) ? c : ' ')
            .ToArray()
            .AsSpan()
            .ToString()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
