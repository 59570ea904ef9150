using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Matrix;
using Xunit;

namespace UtracePatchKit.Tests.Matrix;

/// <summary>What a cell that could not run says in cell.json: the located cause, not only a count.</summary>
public sealed class MatrixCellErrorTests
{
    [Fact]
    public void A_kconfig_error_names_the_first_requests_that_failed()
    {
        var ex = new InfrastructureException("4 Kconfig request(s) did not survive olddefconfig",
            ["kasan.config:16: CONFIG_KASAN=y did not survive", "kasan.config:17: CONFIG_KASAN_GENERIC=y did not survive",
             "kasan.config:18: CONFIG_KASAN_INLINE=y did not survive", "lockdep.config:31: CONFIG_DEBUG_CREDENTIALS=y did not survive"],
            kind: FailureKind.Kconfig);

        Assert.Equal(": kasan.config:16: CONFIG_KASAN=y did not survive; kasan.config:17: CONFIG_KASAN_GENERIC=y did not survive; "
                     + "kasan.config:18: CONFIG_KASAN_INLINE=y did not survive (+1 more)", MatrixRunner.FirstDetails(ex));
    }

    [Fact]
    public void A_console_tail_stays_in_the_logs()
    {
        var ex = new InfrastructureException("kernel panic", ["console: old line", "console: Kernel panic"], kind: FailureKind.KernelPanic);

        Assert.Equal("", MatrixRunner.FirstDetails(ex));
    }
}
