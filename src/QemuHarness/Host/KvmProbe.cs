using System.Collections.Concurrent;
using System.Diagnostics;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Processes;

namespace UtracePatchKit.QemuHarness.Host;

/// <summary>Which QEMU accelerator to use and why.</summary>
/// <param name="Accelerator">"kvm" or "tcg", ready for <c>-accel</c>.</param>
public sealed record KvmStatus(bool Usable, string Accelerator, string Reason, TimeSpan ProbeTime);

/// <summary>
/// Decides between KVM and TCG by running a real guest. Having /dev/kvm is not enough: under some
/// nested hypervisors a KVM guest runs the firmware fine but crawls (or resets) once it turns
/// paging on, so the kernel looks hung. The probe therefore boots a tiny multiboot image that
/// enables paging, touches 4 MiB sixteen times and reports success through isa-debug-exit.
/// </summary>
internal static class KvmProbe
{
    /// <summary>Exit status QEMU reports for <c>outb 0x31, 0xf4</c>: (0x31 &lt;&lt; 1) | 1.</summary>
    private const int SuccessExitCode = 99;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(8);

    // The host does not change while we run; a failed KVM probe costs seconds each time.
    private static readonly ConcurrentDictionary<string, KvmStatus> Verdicts = new(StringComparer.Ordinal);

    /// <summary>
    /// Flat multiboot v1 image (a.out kludge, loaded at 1 MiB), assembled from:
    /// <code>
    /// hdr:   .long 0x1BADB002, 0x00010000, -(0x1BADB002 + 0x00010000)
    ///        .long 0x100000, 0x100000, 0, 0, 0x100020         ; header/load addr, entry
    /// start: cli
    ///        mov $0x200000,%edi; mov $0x83,%eax; mov $4,%ecx   ; 4 x 4 MiB identity PDEs (PSE)
    /// 1:     mov %eax,(%edi); add $0x400000,%eax; add $4,%edi; loop 1b
    ///        mov $0x200000,%eax; mov %eax,%cr3
    ///        mov %cr4,%eax; or $0x10,%eax; mov %eax,%cr4        ; CR4.PSE
    ///        mov %cr0,%eax; or $0x80000000,%eax; mov %eax,%cr0  ; CR0.PG
    ///        mov $16,%edx
    /// 2:     mov $0x400000,%edi
    /// 3:     incl (%edi); add $64,%edi; cmp $0x800000,%edi; jb 3b
    ///        dec %edx; jnz 2b
    ///        mov $0x31,%al; out %al,$0xf4                      ; isa-debug-exit
    /// 4:     hlt; jmp 4b
    /// </code>
    /// </summary>
    private static ReadOnlySpan<byte> ProbeImage =>
    [
        0x02, 0xb0, 0xad, 0x1b, 0x00, 0x00, 0x01, 0x00, 0xfe, 0x4f, 0x51, 0xe4,
        0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x10, 0x00, 0xfa, 0xbf, 0x00, 0x00,
        0x20, 0x00, 0xb8, 0x83, 0x00, 0x00, 0x00, 0xb9, 0x04, 0x00, 0x00, 0x00,
        0x89, 0x07, 0x05, 0x00, 0x00, 0x40, 0x00, 0x83, 0xc7, 0x04, 0xe2, 0xf4,
        0xb8, 0x00, 0x00, 0x20, 0x00, 0x0f, 0x22, 0xd8, 0x0f, 0x20, 0xe0, 0x83,
        0xc8, 0x10, 0x0f, 0x22, 0xe0, 0x0f, 0x20, 0xc0, 0x0d, 0x00, 0x00, 0x00,
        0x80, 0x0f, 0x22, 0xc0, 0xba, 0x10, 0x00, 0x00, 0x00, 0xbf, 0x00, 0x00,
        0x40, 0x00, 0xff, 0x07, 0x83, 0xc7, 0x40, 0x81, 0xff, 0x00, 0x00, 0x80,
        0x00, 0x72, 0xf3, 0x4a, 0x75, 0xeb, 0xb0, 0x31, 0xe6, 0xf4, 0xf4, 0xeb,
        0xfd,
    ];

    /// <summary>
    /// Probes KVM (at most <paramref name="timeout"/>), once per process and QEMU binary.
    /// <c>UTPK_ACCEL=kvm|tcg</c> skips the probe.
    /// </summary>
    public static async Task<KvmStatus> ProbeAsync(
        string qemuBinary = "qemu-system-x86_64",
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        if (Verdicts.TryGetValue(qemuBinary, out var known))
            return known;
        var verdict = await ProbeOnceAsync(qemuBinary, timeout ?? DefaultTimeout, cancellationToken).ConfigureAwait(false);
        return Verdicts.GetOrAdd(qemuBinary, verdict);
    }

    private static async Task<KvmStatus> ProbeOnceAsync(string qemuBinary, TimeSpan limit, CancellationToken cancellationToken)
    {
        var forced = Environment.GetEnvironmentVariable("UTPK_ACCEL")?.Trim().ToLowerInvariant();
        if (forced is "kvm" or "tcg")
            return new KvmStatus(forced == "kvm", forced, "forced by UTPK_ACCEL", TimeSpan.Zero);

        const string device = "/dev/kvm";
        if (!File.Exists(device))
            return Tcg("no /dev/kvm (KVM module not loaded or not exposed to this machine)");
        try
        {
            using var _ = File.Open(device, FileMode.Open, FileAccess.ReadWrite);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return Tcg($"cannot open {device}: {ex.Message} (is the user in group 'kvm'?)");
        }

        var imagePath = Path.Combine(Path.GetTempPath(), $"utpk-kvm-probe-{Environment.ProcessId}.bin");
        await File.WriteAllBytesAsync(imagePath, ProbeImage.ToArray(), cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(limit);
            CommandResult result;
            try
            {
                result = await CommandRunner.RunAsync(
                    qemuBinary,
                    [
                        "-accel", "kvm", "-machine", "pc", "-m", "32M", "-nodefaults", "-display", "none",
                        "-no-reboot", "-device", "isa-debug-exit,iobase=0xf4,iosize=4", "-kernel", imagePath,
                    ],
                    cancellationToken: deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Tcg($"a KVM guest made no progress within {limit.TotalSeconds:0} s (hangs once paging is on)", clock.Elapsed);
            }
            catch (InfrastructureException ex) when (ex.Kind == FailureKind.MissingTool)
            {
                return Tcg(ex.Message, clock.Elapsed);
            }

            if (result.ExitCode == SuccessExitCode)
                return new KvmStatus(true, "kvm", $"probe guest ran with paging in {clock.Elapsed.TotalSeconds:0.00} s", clock.Elapsed);
            if (result.ExitCode == 0)
                return Tcg("the KVM guest reset itself once paging was enabled (broken nested virtualisation)", clock.Elapsed);

            var error = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(l => !l.Contains("warning:", StringComparison.Ordinal)) ?? $"exit code {result.ExitCode}";
            return Tcg($"qemu -accel kvm failed: {error}", clock.Elapsed);
        }
        finally
        {
            File.Delete(imagePath);
        }
    }

    private static KvmStatus Tcg(string reason, TimeSpan elapsed = default) => new(false, "tcg", reason, elapsed);
}
