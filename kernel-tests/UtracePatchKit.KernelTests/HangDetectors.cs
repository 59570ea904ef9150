using System.Text.RegularExpressions;
using UtracePatchKit.QemuHarness.Build;
using UtracePatchKit.QemuHarness.Pipeline;

namespace UtracePatchKit.KernelTests;

/// <summary>
/// How soon a kernel built with kernel-tests/configs/debug/hang.config reports a hung task or a
/// soft lockup, read from the fragment itself so that the tests follow when it changes.
/// </summary>
public sealed partial record HangDetectors(TimeSpan HungTaskTimeout, TimeSpan WatchdogThreshold)
{
    /// <summary>The kernel's default when the command line does not set watchdog_thresh.</summary>
    private static readonly TimeSpan DefaultWatchdogThreshold = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A task blocked since just after khungtaskd's last pass is seen on the pass after next: two
    /// timeouts (the check interval is the timeout).
    /// </summary>
    public TimeSpan HungTaskReportedWithin => 2 * HungTaskTimeout;

    /// <summary>Soft lockup after 2 * watchdog_thresh, checked every 2 * watchdog_thresh / 5.</summary>
    public TimeSpan SoftLockupReportedWithin => 2 * WatchdogThreshold + 2 * WatchdogThreshold / 5;

    public TimeSpan AnyReportedWithin => HungTaskReportedWithin > SoftLockupReportedWithin ? HungTaskReportedWithin : SoftLockupReportedWithin;

    public static HangDetectors Read(ProjectLayout project)
    {
        var path = Path.Combine(project.DebugConfigsDir, "hang.config");
        var settings = KconfigFile.Parse(File.ReadAllText(path), path).ToDictionary(s => s.Symbol, s => s.Value);
        var hung = settings.GetValueOrDefault("CONFIG_DEFAULT_HUNG_TASK_TIMEOUT")
            ?? throw new InvalidOperationException($"{path} sets no CONFIG_DEFAULT_HUNG_TASK_TIMEOUT");
        var threshold = WatchdogThresh().Match(settings.GetValueOrDefault("CONFIG_CMDLINE") ?? "");
        return new HangDetectors(
            TimeSpan.FromSeconds(int.Parse(hung, System.Globalization.CultureInfo.InvariantCulture)),
            threshold.Success ? TimeSpan.FromSeconds(int.Parse(threshold.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) : DefaultWatchdogThreshold);
    }

    [GeneratedRegex(@"(?:^|[\s""])watchdog_thresh=(\d+)")]
    private static partial Regex WatchdogThresh();
}
