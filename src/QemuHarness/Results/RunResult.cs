using UtracePatchKit.QemuHarness.Boot;

namespace UtracePatchKit.QemuHarness.Results;

public enum CaseStatus
{
    Pass,
    Fail,
    Skip,
}

/// <summary>One test case of a run.</summary>
/// <param name="Message">One-line reason (failure or skip), if any.</param>
/// <param name="Details">Supporting lines: expectation diffs, agent output, quoted console.</param>
public sealed record CaseResult(
    string Name,
    CaseStatus Status,
    TimeSpan Duration,
    string? Message = null,
    IReadOnlyList<string>? Details = null);

/// <summary>A whole run (one suite against one variant's kernel), independent of output format.</summary>
public sealed record RunResult(
    string Suite,
    string Variant,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    IReadOnlyList<CaseResult> Cases)
{
    /// <summary>Kernel splats found on the console during the run.</summary>
    public IReadOnlyList<ConsoleFinding> ConsoleFindings { get; init; } = [];

    /// <summary>Artifacts by role, e.g. "console" → console.log, "build" → build.log.</summary>
    public IReadOnlyDictionary<string, string> Paths { get; init; } = new Dictionary<string, string>();

    /// <summary>Free-form facts: kernel version, tip commit, accelerator, boot time...</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>Numbers the run measured (the bench's figures); none for a scenario run.</summary>
    public IReadOnlyList<Measurement> Measurements { get; init; } = [];

    public int Passed => Cases.Count(c => c.Status == CaseStatus.Pass);

    public int Failed => Cases.Count(c => c.Status == CaseStatus.Fail);

    public int Skipped => Cases.Count(c => c.Status == CaseStatus.Skip);
}
