using UtracePatchKit.QemuHarness.Pipeline;

namespace UtracePatchKit.KernelTests;

/// <summary>One fragment of kernel-tests/configs/debug, and what its kernel says at boot when it is in effect.</summary>
/// <param name="BootConsoleShows">Texts the boot console must contain (the kernel's own words).</param>
public sealed record DebugFragment(string File, IReadOnlyList<string> BootConsoleShows)
{
    public static DebugFragment Lockdep { get; } = new("lockdep.config", ["Lock dependency validator", "RCU lockdep checking is enabled"]);

    public static DebugFragment Kasan { get; } = new("kasan.config", ["kasan: KernelAddressSanitizer initialized", "kfence: initialized"]);

    /// <summary>The built-in command line comes first on the kernel's.</summary>
    public static DebugFragment Hang { get; } = new("hang.config", ["Kernel command line: watchdog_thresh="]);

    public static DebugFragment Lkdtm { get; } = new("lkdtm.config", ["lkdtm: No crash points registered"]);
}

/// <summary>
/// A set of debug fragments the kernel tests build a kernel with. Every set is a cold build of
/// its own (its own build dir), so the tests use two: the hang detectors ride along with both,
/// and LKDTM with KASAN, whose kernel also serves the splat tests.
/// </summary>
public sealed record DebugProfile(string Name, IReadOnlyList<DebugFragment> Parts)
{
    public static DebugProfile Lockdep { get; } = new("lockdep", [DebugFragment.Lockdep, DebugFragment.Hang]);

    public static DebugProfile Kasan { get; } = new("kasan", [DebugFragment.Kasan, DebugFragment.Hang, DebugFragment.Lkdtm]);

    public IReadOnlyList<string> Fragments(ProjectLayout project) =>
        Parts.Select(f => Path.Combine(project.DebugConfigsDir, f.File)).ToArray();
}
