using UtracePatchKit.Generator.Spec;
using UtracePatchKit.QemuHarness.Boot;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>
/// One booted VM of a variant, kept for many scenarios. Each scenario's verdict also covers the
/// console lines the kernel printed while it ran: a scenario that "passed" while the kernel
/// printed a splat fails.
/// </summary>
public sealed class ScenarioSession : IAsyncDisposable
{
    private readonly GuestSession _guest;
    private readonly ScenarioRunner _runner;
    private int _consoleLinesSeen;

    private ScenarioSession(GuestSession guest, VariantSpec spec)
    {
        _guest = guest;
        Spec = spec;
        _runner = new ScenarioRunner(guest.Agent, spec);
    }

    public VariantSpec Spec { get; }

    public AgentReady Ready => _guest.Ready;

    public string Accelerator => _guest.Accelerator;

    public string ConsoleLogPath => _guest.ConsoleLogPath;

    public IGuestAgent Agent => _guest.Agent;

    public static async Task<ScenarioSession> BootAsync(
        PreparedKernel kernel,
        string runDirectory,
        IProgress<HarnessProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var guest = await GuestSession.BootAsync(kernel.Build.BzImagePath, kernel.Initramfs, runDirectory, progress, cancellationToken);
        return new ScenarioSession(guest, kernel.Spec);
    }

    public async Task<ScenarioResult> RunAsync(Scenario scenario, CancellationToken cancellationToken = default)
    {
        var result = await _runner.RunAsync(scenario, cancellationToken);
        var findings = NewConsoleFindings();
        return findings.Count == 0
            ? result
            : result with { Failures = [.. result.Failures, .. findings.Select(Describe)] };
    }

    /// <summary>Runs a scenario built in code and returns what happened; console splats throw.</summary>
    public async Task<ScenarioObservation> ObserveAsync(Scenario scenario, CancellationToken cancellationToken = default)
    {
        var seen = await _runner.ObserveAsync(scenario, cancellationToken);
        var findings = NewConsoleFindings();
        if (findings.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, findings.Select(Describe)));
        }

        return seen;
    }

    /// <summary>Splats anywhere on the console so far (boot included).</summary>
    public IReadOnlyList<ConsoleFinding> ConsoleFindings() => _guest.ConsoleFindings();

    /// <summary>The whole console so far (boot included).</summary>
    public IReadOnlyList<string> ReadConsoleLines() => _guest.ReadConsoleLines();

    /// <summary>Splats printed since the last scenario (or since boot).</summary>
    public IReadOnlyList<ConsoleFinding> NewConsoleFindings()
    {
        var lines = _guest.ReadConsoleLines();
        var fresh = lines.Skip(_consoleLinesSeen).ToArray();
        _consoleLinesSeen = lines.Count;
        return ConsoleClassifier.Classify(fresh);
    }

    public static string Describe(ConsoleFinding finding) =>
        $"kernel console: {finding.Kind}: {finding.Title}" + Environment.NewLine + string.Join(Environment.NewLine, finding.Lines.Select(l => "    " + l));

    /// <summary>Powers the guest off (QEMU exits by itself), then releases the VM.</summary>
    public ValueTask DisposeAsync() => _guest.DisposeAsync();
}
