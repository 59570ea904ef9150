using System.Text.RegularExpressions;

namespace UtracePatchKit.QemuHarness.Boot;

public enum FindingKind
{
    KernelPanic,
    Bug,
    Warning,
    Oops,
    GeneralProtectionFault,
    Lockdep,
    HungTask,
    RcuStall,

    /// <summary>A CPU that did not schedule for 2 * watchdog_thresh seconds ("watchdog: BUG: soft lockup").</summary>
    SoftLockup,

    /// <summary>A KASAN report ("BUG: KASAN: use-after-free in ..."), with its access, allocation and free stacks.</summary>
    Kasan,

    /// <summary>A KFENCE report ("BUG: KFENCE: out-of-bounds read in ...").</summary>
    Kfence,

    /// <summary>A call trace that no recognised title introduced (e.g. <c>dump_stack()</c>).</summary>
    CallTrace,
}

/// <summary>One kernel splat found on the console.</summary>
/// <param name="Title">The title line without its printk timestamp.</param>
/// <param name="LineNumber">1-based line of the title in the console text.</param>
/// <param name="Lines">The title line and the lines that follow it, as printed.</param>
public sealed record ConsoleFinding(FindingKind Kind, string Title, int LineNumber, IReadOnlyList<string> Lines);

/// <summary>
/// Finds kernel splats in console output, in the spirit of syzkaller's report parser: a title
/// line recognised by pattern, quoted with the lines after it. Lines already quoted by a finding
/// do not start another one, so "BUG: ... NULL pointer dereference" and its "Oops:" are one.
/// </summary>
public static partial class ConsoleClassifier
{
    /// <summary>Lines quoted after a title; extended to the end of a call trace that starts inside.</summary>
    public const int FollowingLines = 15;

    private const int MaxQuotedLines = 60;

    /// <summary>KASAN and KFENCE reports carry up to three stacks and a memory dump before their closing rule.</summary>
    private const int MaxReportLines = 150;

    /// <summary>Kinds whose report ends at a line of '=' (the one it started after): quoted to there, all stacks included.</summary>
    private static readonly FindingKind[] RuledReports = [FindingKind.Kasan, FindingKind.Kfence];

    // Most specific first: lockdep reports and RCU stalls are also "WARNING:"/"INFO:" lines, and
    // soft lockups, KASAN and KFENCE reports are also "BUG:" lines.
    private static readonly (FindingKind Kind, Regex Pattern)[] Titles =
    [
        (FindingKind.Lockdep, LockdepTitle()),
        (FindingKind.RcuStall, RcuStallTitle()),
        (FindingKind.HungTask, HungTaskTitle()),
        (FindingKind.SoftLockup, SoftLockupTitle()),
        (FindingKind.Kasan, KasanTitle()),
        (FindingKind.Kfence, KfenceTitle()),
        (FindingKind.KernelPanic, PanicTitle()),
        (FindingKind.GeneralProtectionFault, GpfTitle()),
        (FindingKind.Bug, BugTitle()),
        (FindingKind.Oops, OopsTitle()),
        (FindingKind.Warning, WarningTitle()),
        (FindingKind.CallTrace, CallTraceTitle()),
    ];

    public static IReadOnlyList<ConsoleFinding> Classify(string consoleText) =>
        Classify(consoleText.Replace("\r", "").Split('\n'));

    public static IReadOnlyList<ConsoleFinding> Classify(IReadOnlyList<string> lines)
    {
        var findings = new List<ConsoleFinding>();
        var quotedUntil = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            if (i <= quotedUntil)
                continue;
            var text = StripPrefix(lines[i]);
            var match = Array.FindIndex(Titles, t => t.Pattern.IsMatch(text));
            if (match < 0)
                continue;
            var kind = Titles[match].Kind;

            var end = RuledReports.Contains(kind) && RuleEnd(lines, i) is { } rule ? rule : QuoteEnd(lines, i);
            findings.Add(new ConsoleFinding(kind, text.Trim(), i + 1, lines.Skip(i).Take(end - i + 1).ToArray()));
            quotedUntil = end;
        }
        return findings;
    }

    /// <summary>Removes the printk timestamp ("[    1.234567] ") and caller id ("[  T1] ").</summary>
    public static string StripPrefix(string line) => Prefix().Replace(line, "");

    /// <summary>The closing rule of a report, if it came within <see cref="MaxReportLines"/>.</summary>
    private static int? RuleEnd(IReadOnlyList<string> lines, int title)
    {
        var limit = Math.Min(lines.Count - 1, title + MaxReportLines - 1);
        for (var i = title + 1; i <= limit; i++)
            if (Rule().IsMatch(StripPrefix(lines[i])))
                return i;
        return null;
    }

    private static int QuoteEnd(IReadOnlyList<string> lines, int title)
    {
        var limit = Math.Min(lines.Count - 1, title + MaxQuotedLines - 1);
        var end = Math.Min(limit, title + FollowingLines);
        for (var i = title; i <= end; i++)
        {
            if (!CallTraceTitle().IsMatch(StripPrefix(lines[i])))
                continue;
            // Keep the whole trace: it ends at "</TASK>", an end-of-trace marker or a blank line.
            var j = i + 1;
            while (j < limit && !TraceEnd().IsMatch(StripPrefix(lines[j])))
                j++;
            return Math.Max(end, j);
        }
        return end;
    }

    [GeneratedRegex(@"^\[\s*\d+\.\d+\](\[\s*[TC]\d+\])?\s?")]
    private static partial Regex Prefix();

    [GeneratedRegex(@"possible circular locking dependency detected|inconsistent lock state|possible recursive locking detected|possible irq lock inversion dependency detected|bad unlock balance detected")]
    private static partial Regex LockdepTitle();

    [GeneratedRegex(@"(rcu: )?INFO: rcu_\w+ (detected stalls|self-detected stall)")]
    private static partial Regex RcuStallTitle();

    [GeneratedRegex(@"INFO: task .+ blocked for more than \d+ seconds")]
    private static partial Regex HungTaskTitle();

    [GeneratedRegex(@"BUG: soft lockup - CPU#\d+ stuck for \d+s!")]
    private static partial Regex SoftLockupTitle();

    [GeneratedRegex(@"^BUG: KASAN: ")]
    private static partial Regex KasanTitle();

    [GeneratedRegex(@"^BUG: KFENCE: ")]
    private static partial Regex KfenceTitle();

    [GeneratedRegex(@"Kernel panic - not syncing")]
    private static partial Regex PanicTitle();

    [GeneratedRegex(@"general protection fault")]
    private static partial Regex GpfTitle();

    [GeneratedRegex(@"(^|\s|: )BUG: |kernel BUG at ")]
    private static partial Regex BugTitle();

    [GeneratedRegex(@"^Oops(:|\s)|\] Oops:")]
    private static partial Regex OopsTitle();

    [GeneratedRegex(@"^WARNING: ")]
    private static partial Regex WarningTitle();

    [GeneratedRegex(@"^\s*Call Trace:")]
    private static partial Regex CallTraceTitle();

    [GeneratedRegex(@"^={20,}\s*$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^\s*</TASK>|---\[ end trace|^\s*$")]
    private static partial Regex TraceEnd();
}
