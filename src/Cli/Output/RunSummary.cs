using UtracePatchKit.QemuHarness.Pipeline;

namespace UtracePatchKit.Cli.Output;

/// <summary>The JSON shape of one validated variant on stdout.</summary>
internal sealed record RunSummary(
    string Variant,
    string Kernel,
    bool Passed,
    int PassedCount,
    int FailedCount,
    string RunDirectory,
    IReadOnlyDictionary<string, string> Properties,
    IReadOnlyList<ScenarioSummary> Scenarios,
    IReadOnlyList<string> ConsoleFindings,
    IReadOnlyList<string> StalePatches)
{
    public static RunSummary From(ValidationReport report) => new(
        report.Run.Variant,
        report.Kernel.Spec.KernelLine,
        report.Passed,
        report.Run.Passed,
        report.Run.Failed,
        report.RunDirectory,
        report.Run.Properties,
        report.Scenarios.Select(s => new ScenarioSummary(s.Scenario.Id, s.Scenario.Title, s.Passed, s.Failures, s.Duration.TotalSeconds)).ToArray(),
        report.Run.ConsoleFindings.Select(f => $"{f.Kind}: {f.Title}").ToArray(),
        report.Kernel.StalePatches.Select(c => c.Path).ToArray());
}

internal sealed record ScenarioSummary(string Id, string Title, bool Passed, IReadOnlyList<string> Failures, double Seconds);
