using System.Text.RegularExpressions;
using UtracePatchKit.QemuHarness.Boot;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Scenarios;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>One LKDTM crash type and the finding the console classifier must make of it.</summary>
/// <param name="Title">What the finding's title must match (the kernel's own words).</param>
/// <param name="Returns">False for the types that never return (the writer hangs or spins).</param>
/// <param name="ChildEnd">How utpk-provoke's writer ends when it returns: "exited" (the kernel carried on) or "signaled" (killed by the oops).</param>
public sealed record Provocation(string CrashType, FindingKind Kind, Regex Title, bool Returns, string? ChildEnd)
{
    /// <summary>
    /// What the quoted lines after the title must name: the LKDTM function that did it, or for
    /// HUNG_TASK (which tail-calls schedule(), so its frame is gone) LKDTM's DIRECT write handler.
    /// </summary>
    public string Evidence => CrashType == "HUNG_TASK" ? "direct_entry+" : $"lkdtm_{CrashType}+";

    public static IReadOnlyList<Provocation> All(HangDetectors hang) =>
    [
        new("WARNING", FindingKind.Warning, new(@"^WARNING: CPU: \d+ PID: \d+ at drivers/misc/lkdtm/bugs\.c:\d+ lkdtm_WARNING\+"), true, "exited"),
        new("BUG", FindingKind.Bug, new(@"^kernel BUG at drivers/misc/lkdtm/bugs\.c:\d+!$"), true, "signaled"),
        new("SLAB_LINEAR_OVERFLOW", FindingKind.Kasan, new(@"^BUG: KASAN: slab-out-of-bounds in lkdtm_SLAB_LINEAR_OVERFLOW\+"), true, "exited"),
        new("READ_AFTER_FREE", FindingKind.Kasan, new(@"^BUG: KASAN: (slab-)?use-after-free in lkdtm_READ_AFTER_FREE\+"), true, "exited"),
        new("HUNG_TASK", FindingKind.HungTask,
            new($@"^INFO: task utpk-provoke:\d+ blocked for more than {hang.HungTaskTimeout.TotalSeconds:0} seconds\.$"), false, null),
        new("SOFTLOCKUP", FindingKind.SoftLockup, new(@"^watchdog: BUG: soft lockup - CPU#\d+ stuck for \d+s! \[utpk-provoke:\d+\]$"), false, null),
    ];
}

/// <summary>
/// The console classifier on real splats: a kernel with LKDTM (and KASAN, and the quick hang
/// detectors) is made to print each one through /utpk-provoke, one boot per splat since the guest
/// may not survive it. Each must be caught, as the right kind, with its title and the lines that
/// name the function that caused it; and nothing else may be found. The consoles stay in
/// runs/tests/*-splats/&lt;type&gt;/ (they are the texts the classifier's unit tests quote).
/// </summary>
[Collection(LkdtmKernel.Collection)]
public sealed class RealSplatTests(LkdtmKernel kernel)
{
    private static readonly TimeSpan ExecTimeout = TimeSpan.FromSeconds(60);

    /// <summary>For the splats printed while the write runs, console output may still be on its way.</summary>
    private static readonly TimeSpan ConsoleLag = TimeSpan.FromSeconds(10);

    /// <summary>Slack for timers under TCG on busy shared cores.</summary>
    private static readonly TimeSpan TimerSlack = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(2);

    private static HangDetectors Hang => HangDetectors.Read(ProjectLayout.Find(AppContext.BaseDirectory));

    public static TheoryData<string> CrashTypes => new(Provocation.All(Hang).Select(p => p.CrashType));

    [Theory]
    [MemberData(nameof(CrashTypes))]
    public async Task Provoked_splat_is_caught_classified_and_quoted(string crashType)
    {
        var provocation = Provocation.All(Hang).Single(p => p.CrashType == crashType);
        var run = Path.Combine(kernel.RunDirectory, crashType.ToLowerInvariant());
        await using var guest = await GuestSession.BootAsync(kernel.Kernel.Build.BzImagePath, kernel.Kernel.Initramfs, run, kernel.Progress);
        var boot = guest.ReadConsoleLines();
        Assert.True(ConsoleClassifier.Classify(boot).Count == 0, "the boot console is not clean:" + Environment.NewLine + Describe(ConsoleClassifier.Classify(boot)));

        var reply = await guest.Agent.CommandAsync($"EXEC /utpk-provoke {crashType}{(provocation.Returns ? "" : " --detach")}", ExecTimeout);
        var output = reply.Lines.Where(l => l.StartsWith("OUT ", StringComparison.Ordinal)).Select(l => KeyValueLine.Parse(l[4..])).SelectMany(d => d)
            .GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.First().Value);
        var said = string.Join(Environment.NewLine, reply.Lines.Append(reply.Status));
        Assert.True(reply.Ok && output.GetValueOrDefault("done") == "1", "utpk-provoke did not finish:" + Environment.NewLine + said);
        if (provocation.Returns)
            Assert.True(output.ContainsKey(provocation.ChildEnd!), $"the writer should have {provocation.ChildEnd}:" + Environment.NewLine + said);
        else
            Assert.True(output.GetValueOrDefault("detached") == "1", said);

        var deadline = provocation.Kind switch
        {
            FindingKind.HungTask => Hang.HungTaskReportedWithin + TimerSlack,
            FindingKind.SoftLockup => Hang.SoftLockupReportedWithin + TimerSlack,
            _ => ConsoleLag,
        };
        var findings = await WaitForFindingAsync(guest, boot.Count, provocation.Kind, deadline);

        var finding = Assert.Single(findings);
        Assert.True(finding.Kind == provocation.Kind, $"{crashType}: expected {provocation.Kind}, classified as:" + Environment.NewLine + Describe(findings));
        Assert.Matches(provocation.Title, finding.Title);
        Assert.StartsWith(finding.Title, ConsoleClassifier.StripPrefix(finding.Lines[0]).Trim());
        Assert.True(finding.Lines.Skip(1).Any(l => l.Contains(provocation.Evidence, StringComparison.Ordinal)),
            $"{crashType}: the quoted lines do not name {provocation.Evidence}:" + Environment.NewLine + Describe(findings));
        if (!provocation.Returns)
            guest.Abandon(); // the writer holds a CPU or sits in D state: no clean power-off to wait for
    }

    /// <summary>Findings after the boot, once one of <paramref name="kind"/> is there (or the deadline passed).</summary>
    private static async Task<IReadOnlyList<ConsoleFinding>> WaitForFindingAsync(GuestSession guest, int bootLines, FindingKind kind, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var findings = ConsoleClassifier.Classify(guest.ReadConsoleLines().Skip(bootLines).ToArray());
            if (findings.Any(f => f.Kind == kind) || DateTime.UtcNow > deadline)
                break;
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        // A report reaches the console line by line at serial speed: read it once the console
        // has been quiet for a moment.
        var lines = guest.ReadConsoleLines();
        for (var waited = TimeSpan.Zero; waited < ConsoleLag; waited += QuietPeriod)
        {
            await Task.Delay(QuietPeriod);
            var now = guest.ReadConsoleLines();
            if (now.Count == lines.Count)
                break;
            lines = now;
        }
        return ConsoleClassifier.Classify(lines.Skip(bootLines).ToArray());
    }

    private static string Describe(IEnumerable<ConsoleFinding> findings) =>
        string.Join(Environment.NewLine, findings.Select(ScenarioSession.Describe));
}
