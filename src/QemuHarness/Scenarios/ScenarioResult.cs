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

    private static string Slug(string title) =>
        string.Join('-', title.ToLowerInvariant()
            .Select(c => char.IsLetterOrDigit(c) ? c : ' ')
            .ToArray()
            .AsSpan()
            .ToString()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
