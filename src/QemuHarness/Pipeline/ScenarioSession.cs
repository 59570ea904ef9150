using UtracePatchKit.Generator.Spec;
using UtracePatchKit.QemuHarness.Boot;
using UtracePatchKit.QemuHarness.Host;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>
/// One booted VM of a variant, kept for many scenarios. Each scenario's verdict also covers the
/// console lines the kernel printed while it ran: a scenario that "passed" while the kernel
/// printed a splat fails.
/// </summary>
public sealed class ScenarioSession : IAsyncDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(3);
    private readonly QemuVm _vm;
    private readonly ScenarioRunner _runner;
    private int _consoleLinesSeen;

    private ScenarioSession(QemuVm vm, VariantSpec spec, AgentReady ready, string accelerator)
    {
        _vm = vm;
        Spec = spec;
        Ready = ready;
        Accelerator = accelerator;
        _runner = new ScenarioRunner(vm.Agent, spec);
    }

    public VariantSpec Spec { get; }

    public AgentReady Ready { get; }

    public string Accelerator { get; }

    public string ConsoleLogPath => _vm.ConsoleLogPath;

    public IGuestAgent Agent => _vm.Agent;

    public static async Task<ScenarioSession> BootAsync(
        PreparedKernel kernel,
        string runDirectory,
        IProgress<HarnessProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = await KvmProbe.ProbeAsync(cancellationToken: cancellationToken);
        progress.Report("boot", $"accelerator {kvm.Accelerator}: {kvm.Reason}");
        var options = new QemuVmOptions(kernel.Build.BzImagePath, kernel.Initramfs, runDirectory, kvm.Accelerator);
        var vm = await QemuVm.StartAsync(options, progress, cancellationToken);
        try
        {
            var ready = await vm.WaitForReadyAsync(BootTimeout, progress, cancellationToken);
            return new ScenarioSession(vm, kernel.Spec, ready, kvm.Accelerator);
        }
        catch
        {
            await vm.DisposeAsync();
            throw;
        }
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
    public IReadOnlyList<ConsoleFinding> ConsoleFindings() => ConsoleClassifier.Classify(_vm.ReadConsoleLines());

    private IReadOnlyList<ConsoleFinding> NewConsoleFindings()
    {
        var lines = _vm.ReadConsoleLines();
        var fresh = lines.Skip(_consoleLinesSeen).ToArray();
        _consoleLinesSeen = lines.Count;
        return ConsoleClassifier.Classify(fresh);
    }

    private static string Describe(ConsoleFinding finding) =>
        $"kernel console: {finding.Kind}: {finding.Title}" + Environment.NewLine + string.Join(Environment.NewLine, finding.Lines.Select(l => "    " + l));

    /// <summary>Powers the guest off (QEMU exits by itself), then releases the VM.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _vm.Agent.CommandAsync("POWEROFF", TimeSpan.FromSeconds(10));
            await _vm.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception ex) when (ex is InfrastructureException or TimeoutException or IOException or OperationCanceledException)
        {
            // The VM is killed below either way.
        }

        await _vm.DisposeAsync();
    }
}
