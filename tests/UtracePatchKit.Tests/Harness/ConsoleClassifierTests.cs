using UtracePatchKit.QemuHarness.Boot;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

public class ConsoleClassifierTests
{
    private const string CleanBoot = """
        [    0.000000] Linux version 6.1.192 (utpk@utracepatchkit) #1 SMP Thu Jan  1 00:00:00 UTC 2026
        [    0.000000] Command line: console=ttyS0 earlyprintk=serial,ttyS0,115200 panic=-1
        [    0.612004] Serial: 8250/16550 driver, 4 ports, IRQ sharing disabled
        [    0.640151] serial8250: ttyS1 at I/O 0x2f8 (irq = 3, base_baud = 115200) is a 16550A
        [    0.688017] Run /init as init process
        init: agent on ttyS1
        """;

    private const string NullDereference = """
        [   12.345678] BUG: kernel NULL pointer dereference, address: 0000000000000008
        [   12.345901] #PF: supervisor read access in kernel mode
        [   12.346012] #PF: error_code(0x0000) - not-present page
        [   12.346120] PGD 0 P4D 0
        [   12.346230] Oops: 0000 [#1] PREEMPT SMP NOPTI
        [   12.346340] CPU: 1 PID: 77 Comm: tracee Not tainted 6.1.192 #1
        [   12.346450] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
        [   12.346560] RIP: 0010:utrace_report_syscall_entry+0x2b/0x120
        [   12.346670] Code: 48 89 fb 48 8b 47 08 <48> 8b 40 08 48 85 c0 74 1a
        [   12.346780] RSP: 0018:ffffc900001bfe58 EFLAGS: 00010246
        [   12.346890] RAX: 0000000000000000 RBX: ffff888003c5a000 RCX: 0000000000000000
        [   12.347000] RDX: 0000000000000000 RSI: 0000000000000027 RDI: ffff888003c5a000
        [   12.347110] Call Trace:
        [   12.347220]  <TASK>
        [   12.347330]  syscall_trace_enter.constprop.0+0x98/0x1c0
        [   12.347440]  do_syscall_64+0x1d/0x90
        [   12.347550]  entry_SYSCALL_64_after_hwframe+0x63/0xcd
        [   12.347660]  </TASK>
        [   12.347770] Modules linked in:
        [   12.347880] CR2: 0000000000000008
        [   12.347990] ---[ end trace 0000000000000000 ]---
        [   12.348100] RIP: 0010:utrace_report_syscall_entry+0x2b/0x120
        [   12.348210] RSP: 0018:ffffc900001bfe58 EFLAGS: 00010246
        [   12.348320] RAX: 0000000000000000 RBX: ffff888003c5a000 RCX: 0000000000000000
        [   12.348430] RDX: 0000000000000000 RSI: 0000000000000027 RDI: ffff888003c5a000
        [   12.348540] RBP: ffffc900001bfe78 R08: 0000000000000000 R09: 0000000000000000
        [   12.348650] R10: 0000000000000000 R11: 0000000000000000 R12: 0000000000000027
        [   12.348760] Kernel panic - not syncing: Fatal exception
        [   12.348870] Kernel Offset: disabled
        """;

    private const string Warning = """
        [    5.100000] ------------[ cut here ]------------
        [    5.100100] WARNING: CPU: 0 PID: 42 at kernel/utrace.c:311 utrace_attach_task+0x1a4/0x1f0
        [    5.100200] Modules linked in:
        [    5.100300] CPU: 0 PID: 42 Comm: agent Not tainted 6.1.192 #1
        [    5.100400] RIP: 0010:utrace_attach_task+0x1a4/0x1f0
        [    5.100500] Call Trace:
        [    5.100600]  <TASK>
        [    5.100700]  utrace_test_write+0x8c/0x140
        [    5.100800]  vfs_write+0xb7/0x280
        [    5.100900]  ksys_write+0x5b/0xd0
        [    5.101000]  do_syscall_64+0x3a/0x90
        [    5.101100]  entry_SYSCALL_64_after_hwframe+0x63/0xcd
        [    5.101200]  </TASK>
        [    5.101300] ---[ end trace 0000000000000000 ]---
        [    5.200000] agent: something ordinary
        """;

    private const string CircularLocking = """
        [   20.000001] ======================================================
        [   20.000002] WARNING: possible circular locking dependency detected
        [   20.000003] 6.1.192 #1 Not tainted
        [   20.000004] ------------------------------------------------------
        [   20.000005] tracee/91 is trying to acquire lock:
        [   20.000006] ffff888003c5a0f0 (&utrace->lock){+.+.}-{2:2}, at: utrace_control+0x3e/0x2a0
        [   20.000007]
        [   20.000008] but task is already holding lock:
        [   20.000009] ffff888003d10a40 (&sighand->siglock){....}-{2:2}, at: get_signal+0x9a/0x8f0
        """;

    [Fact]
    public void CleanBootHasNoFindings() =>
        Assert.Empty(ConsoleClassifier.Classify(CleanBoot));

    [Fact]
    public void NullDereferenceIsOneBugThenAPanic()
    {
        var findings = ConsoleClassifier.Classify(NullDereference);

        Assert.Collection(findings,
            bug =>
            {
                Assert.Equal(FindingKind.Bug, bug.Kind);
                Assert.Equal("BUG: kernel NULL pointer dereference, address: 0000000000000008", bug.Title);
                Assert.Equal(1, bug.LineNumber);
                // The Oops and the whole call trace belong to this finding.
                Assert.Contains(bug.Lines, l => l.Contains("Oops: 0000 [#1]"));
                Assert.Contains(bug.Lines, l => l.Contains("</TASK>"));
            },
            panic =>
            {
                Assert.Equal(FindingKind.KernelPanic, panic.Kind);
                Assert.Equal("Kernel panic - not syncing: Fatal exception", panic.Title);
            });
    }

    [Fact]
    public void WarningQuotesTitleAndItsCallTrace()
    {
        var finding = Assert.Single(ConsoleClassifier.Classify(Warning));

        Assert.Equal(FindingKind.Warning, finding.Kind);
        Assert.StartsWith("WARNING: CPU: 0 PID: 42 at kernel/utrace.c:311", finding.Title);
        Assert.Equal(2, finding.LineNumber);
        Assert.Equal("[    5.100100] WARNING: CPU: 0 PID: 42 at kernel/utrace.c:311 utrace_attach_task+0x1a4/0x1f0", finding.Lines[0]);
        Assert.Contains(finding.Lines, l => l.Contains("utrace_test_write+0x8c/0x140"));
        Assert.True(finding.Lines.Count <= 1 + ConsoleClassifier.FollowingLines);
    }

    [Fact]
    public void LockdepWarningsAreLockdepNotPlainWarnings()
    {
        var finding = Assert.Single(ConsoleClassifier.Classify(CircularLocking));

        Assert.Equal(FindingKind.Lockdep, finding.Kind);
        Assert.Equal("WARNING: possible circular locking dependency detected", finding.Title);
    }

    [Theory]
    [InlineData("[   10.1] WARNING: inconsistent lock state", FindingKind.Lockdep)]
    [InlineData("[   10.1] WARNING: possible recursive locking detected", FindingKind.Lockdep)]
    [InlineData("[  245.7] INFO: task tracee:77 blocked for more than 120 seconds.", FindingKind.HungTask)]
    [InlineData("[   60.2] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:", FindingKind.RcuStall)]
    [InlineData("[   60.2] rcu: INFO: rcu_preempt self-detected stall on CPU", FindingKind.RcuStall)]
    [InlineData("[    3.3] general protection fault, probably for non-canonical address 0xdead000000000122: 0000 [#1] SMP", FindingKind.GeneralProtectionFault)]
    [InlineData("[    3.3] kernel BUG at kernel/utrace.c:120!", FindingKind.Bug)]
    [InlineData("[   33.0] watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [tracee:80]", FindingKind.SoftLockup)]
    [InlineData("[   33.0] BUG: KASAN: slab-use-after-free in utrace_control+0x5c/0x2a0", FindingKind.Kasan)]
    [InlineData("[   33.0] BUG: KFENCE: out-of-bounds read in utrace_attach_task+0x44/0x1f0", FindingKind.Kfence)]
    [InlineData("[    3.3] Oops: invalid opcode: 0000 [#1] SMP", FindingKind.Oops)]
    [InlineData("[    1.0] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000300", FindingKind.KernelPanic)]
    [InlineData("[    1.0][    T1] BUG: sleeping function called from invalid context at kernel/locking/mutex.c:580", FindingKind.Bug)]
    public void TitlesAreRecognised(string line, FindingKind expected)
    {
        var finding = Assert.Single(ConsoleClassifier.Classify(line));
        Assert.Equal(expected, finding.Kind);
        Assert.DoesNotContain("[", finding.Title[..1]);
    }

    [Fact]
    public void OrphanCallTraceIsReportedUntilItsEnd()
    {
        const string text = """
            [    7.000000] CPU: 1 PID: 1 Comm: init Not tainted 6.1.192 #1
            [    7.000001] Call Trace:
            [    7.000002]  <TASK>
            [    7.000003]  dump_stack_lvl+0x33/0x42
            [    7.000004]  </TASK>
            [    7.000005] init: carrying on
            """;

        var finding = Assert.Single(ConsoleClassifier.Classify(text));
        Assert.Equal(FindingKind.CallTrace, finding.Kind);
        Assert.Equal(2, finding.LineNumber);
    }

    [Fact]
    public void TimestampPrefixIsStripped() =>
        Assert.Equal("BUG: x", ConsoleClassifier.StripPrefix("[  123.456789] BUG: x"));
}
