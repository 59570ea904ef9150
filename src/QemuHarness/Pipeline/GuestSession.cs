using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Boot;
using UtracePatchKit.QemuHarness.Host;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>
/// One booted kernel with the guest agent ready, whatever kernel it is (a variant's, or the
/// unpatched one that has no spec). Disposing powers the guest off, then releases the VM.
/// </summary>
public sealed class GuestSession : IAsyncDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(3);
    private readonly QemuVm _vm;
    private bool _abandoned;

    private GuestSession(QemuVm vm, AgentReady ready, string accelerator)
    {
        _vm = vm;
        Ready = ready;
        Accelerator = accelerator;
    }

    public AgentReady Ready { get; }

    public string Accelerator { get; }

    public string ConsoleLogPath => _vm.ConsoleLogPath;

    public AgentChannel Agent => _vm.Agent;

    public static async Task<GuestSession> BootAsync(
        string bzImage,
        string initramfs,
        string runDirectory,
        IProgress<HarnessProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var kvm = await KvmProbe.ProbeAsync(cancellationToken: cancellationToken);
        progress.Report("boot", $"accelerator {kvm.Accelerator}: {kvm.Reason}");
        var options = new QemuVmOptions(bzImage, initramfs, runDirectory, kvm.Accelerator);
        var vm = await QemuVm.StartAsync(options, progress, cancellationToken);
        try
        {
            var ready = await vm.WaitForReadyAsync(BootTimeout, progress, cancellationToken);
            return new GuestSession(vm, ready, kvm.Accelerator);
        }
        catch
        {
            await vm.DisposeAsync();
            throw;
        }
    }

    public IReadOnlyList<string> ReadConsoleLines() => _vm.ReadConsoleLines();

    /// <summary>Splats anywhere on the console so far (boot included).</summary>
    public IReadOnlyList<ConsoleFinding> ConsoleFindings() => ConsoleClassifier.Classify(_vm.ReadConsoleLines());

    /// <summary>
    /// For a guest known to be wedged (a CPU spinning with preemption off, a task stuck in D
    /// state): disposing then kills QEMU at once instead of asking the agent to power off first.
    /// </summary>
    public void Abandon() => _abandoned = true;

    /// <summary>Powers the guest off (QEMU exits by itself), then releases the VM.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_abandoned)
        {
            await _vm.DisposeAsync();
            return;
        }

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
