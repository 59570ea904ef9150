using UtracePatchKit.QemuHarness.Boot;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

/// <summary>
/// The classifier on consoles captured from real kernels: report-resume built with
/// kasan.config + hang.config + lkdtm.config, booted under QEMU, one LKDTM crash type per boot
/// (kernel-tests' RealSplatTests; Harness/Splats/*.log are their console.log from "Run /init" on).
/// </summary>
public class ConsoleClassifierRealSplatTests
{
    private static ConsoleFinding Single(string capture)
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot.Path, "tests", "UtracePatchKit.Tests", "Harness", "Splats", capture + ".log"));
        return Assert.Single(ConsoleClassifier.Classify(text));
    }

    private static string Stripped(string line) => ConsoleClassifier.StripPrefix(line).Trim();

    [Fact]
    public void Warning_is_quoted_from_its_title_to_the_end_of_its_call_trace()
    {
        var finding = Single("lkdtm-warning");

        Assert.Equal(FindingKind.Warning, finding.Kind);
        Assert.Equal("WARNING: CPU: 1 PID: 29 at drivers/misc/lkdtm/bugs.c:85 lkdtm_WARNING+0x8/0xb", finding.Title);
        Assert.Equal(5, finding.LineNumber);
        Assert.Contains(finding.Lines, l => Stripped(l) == "RIP: 0010:lkdtm_WARNING+0x8/0xb");
        Assert.Equal("</TASK>", Stripped(finding.Lines[^1]));
    }

    [Fact]
    public void Bug_takes_its_invalid_opcode_line_and_the_register_dump_after_the_trace_is_no_second_finding()
    {
        var finding = Single("lkdtm-bug");

        Assert.Equal(FindingKind.Bug, finding.Kind);
        Assert.Equal("kernel BUG at drivers/misc/lkdtm/bugs.c:78!", finding.Title);
        Assert.Equal("invalid opcode: 0000 [#1] SMP KASAN", Stripped(finding.Lines[1]));
        Assert.Contains(finding.Lines, l => Stripped(l) == "RIP: 0010:lkdtm_BUG+0x0/0x2");
        Assert.Equal("</TASK>", Stripped(finding.Lines[^1]));
    }

    [Theory]
    [InlineData("lkdtm-slab-linear-overflow", "BUG: KASAN: slab-out-of-bounds in lkdtm_SLAB_LINEAR_OVERFLOW+0x81/0x96", "Write of size 4 at addr ffff888000166400 by task utpk-provoke/29")]
    [InlineData("lkdtm-read-after-free", "BUG: KASAN: use-after-free in lkdtm_READ_AFTER_FREE+0x14f/0x25f", "Read of size 4 at addr ffff888000e53810 by task utpk-provoke/29")]
    public void Kasan_report_is_one_finding_quoted_to_its_closing_rule(string capture, string title, string access)
    {
        var finding = Single(capture);

        Assert.Equal(FindingKind.Kasan, finding.Kind);
        Assert.Equal(title, finding.Title);
        Assert.Equal(access, Stripped(finding.Lines[1]));
        // All of it: the access's trace, the allocation stack, the object and the shadow memory.
        Assert.Contains(finding.Lines, l => Stripped(l) == "Allocated by task 29:");
        Assert.Contains(finding.Lines, l => Stripped(l) == "page dumped because: kasan: bad access detected");
        Assert.Matches("^=+$", Stripped(finding.Lines[^1]));
        Assert.DoesNotContain(finding.Lines, l => l.Contains("Disabling lock debugging", StringComparison.Ordinal));
    }

    [Fact]
    public void Use_after_free_report_keeps_the_free_stack()
    {
        var finding = Single("lkdtm-read-after-free");

        var freed = finding.Lines.Select(Stripped).SkipWhile(l => l != "Freed by task 29:").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.Contains("lkdtm_READ_AFTER_FREE+0x120/0x25f", freed);
    }

    [Fact]
    public void Hung_task_quotes_the_blocked_tasks_stack()
    {
        var finding = Single("lkdtm-hung-task");

        Assert.Equal(FindingKind.HungTask, finding.Kind);
        Assert.Equal("INFO: task utpk-provoke:28 blocked for more than 10 seconds.", finding.Title);
        Assert.Contains(finding.Lines, l => Stripped(l).StartsWith("task:utpk-provoke    state:D", StringComparison.Ordinal));
        // lkdtm_HUNG_TASK tail-calls schedule(): its caller, LKDTM's DIRECT write handler, is what the stack shows.
        Assert.Contains(finding.Lines, l => Stripped(l) == "direct_entry+0xf8/0x12c");
        Assert.Equal("</TASK>", Stripped(finding.Lines[^1]));
    }

    [Fact]
    public void Soft_lockup_is_a_soft_lockup_not_a_plain_bug()
    {
        var finding = Single("lkdtm-softlockup");

        Assert.Equal(FindingKind.SoftLockup, finding.Kind);
        Assert.Equal("watchdog: BUG: soft lockup - CPU#0 stuck for 13s! [utpk-provoke:29]", finding.Title);
        Assert.Contains(finding.Lines, l => Stripped(l) == "RIP: 0010:lkdtm_SOFTLOCKUP+0x2/0x4");
        Assert.Equal("</TASK>", Stripped(finding.Lines[^1]));
    }

    [Fact]
    public void A_kasan_report_without_its_closing_rule_is_still_quoted_like_any_splat()
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot.Path, "tests", "UtracePatchKit.Tests", "Harness", "Splats", "lkdtm-slab-linear-overflow.log"));
        var cut = string.Join('\n', text.Replace("\r", "").Split('\n').TakeWhile(l => !l.Contains("Allocated by task", StringComparison.Ordinal)));

        var finding = Assert.Single(ConsoleClassifier.Classify(cut));

        Assert.Equal(FindingKind.Kasan, finding.Kind);
        Assert.Equal("</TASK>", Stripped(finding.Lines[^1]));
    }
}
