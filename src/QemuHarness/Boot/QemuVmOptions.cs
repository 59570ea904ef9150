namespace UtracePatchKit.QemuHarness.Boot;

/// <summary>How to boot one kernel + initramfs.</summary>
/// <param name="RunDirectory">Receives console.log, qemu.log and the agent socket.</param>
/// <param name="Accelerator">"kvm" or "tcg"; take it from <c>KvmProbe</c>.</param>
internal sealed record QemuVmOptions(string KernelImage, string Initrd, string RunDirectory, string Accelerator = "tcg")
{
    public string QemuBinary { get; init; } = "qemu-system-x86_64";

    public int MemoryMiB { get; init; } = 256;

    public int Cpus { get; init; } = 2;

    /// <summary>Appended after the harness's own kernel arguments.</summary>
    public string? ExtraKernelArguments { get; init; }

    /// <summary>The VM is killed after this long, whatever it is doing.</summary>
    public TimeSpan WallClockTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The VM is killed when neither the console nor the agent said anything for this long.</summary>
    public TimeSpan SilenceTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Kernel arguments the harness relies on: console on ttyS0, reboot (= QEMU exit) on panic.</summary>
    public string KernelCommandLine =>
        "console=ttyS0 earlyprintk=serial,ttyS0,115200 panic=-1" +
        (string.IsNullOrWhiteSpace(ExtraKernelArguments) ? "" : " " + ExtraKernelArguments.Trim());
}

/// <summary>Why the VM is no longer running.</summary>
internal enum VmStopReason
{
    /// <summary>QEMU exited by itself (guest power-off/reboot, panic with panic=-1, QEMU error).</summary>
    Exited,

    /// <summary>Killed after <see cref="QemuVmOptions.WallClockTimeout"/>.</summary>
    WallClockTimeout,

    /// <summary>Killed after <see cref="QemuVmOptions.SilenceTimeout"/> without output.</summary>
    Silent,

    /// <summary>Killed by <see cref="QemuVm.DisposeAsync"/>.</summary>
    Disposed,
}

/// <param name="Limit">The timeout that triggered a watchdog kill.</param>
internal sealed record VmTermination(VmStopReason Reason, int? ExitCode, TimeSpan Uptime, TimeSpan? Limit = null)
{
    public bool KilledByWatchdog => Reason is VmStopReason.WallClockTimeout or VmStopReason.Silent;

    public override string ToString() => Reason switch
    {
        VmStopReason.Exited => $"QEMU exited with code {ExitCode} after {Uptime.TotalSeconds:0.0} s",
        VmStopReason.WallClockTimeout => $"QEMU killed: wall-clock limit of {Limit?.TotalSeconds:0} s reached",
        VmStopReason.Silent => $"QEMU killed: console and agent silent for {Limit?.TotalSeconds:0} s (uptime {Uptime.TotalSeconds:0} s)",
        _ => $"QEMU stopped by the harness after {Uptime.TotalSeconds:0.0} s",
    };
}
