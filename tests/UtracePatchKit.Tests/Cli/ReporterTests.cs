using UtracePatchKit.Cli.Output;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness;
using Xunit;

namespace UtracePatchKit.Tests.Cli;

/// <summary>How each kind of failure maps to an exit code and a report, in process.</summary>
public sealed class ReporterTests
{
    [Fact]
    public async Task A_cancellation_is_a_ctrl_c_only_when_the_command_token_was_cancelled()
    {
        using var interrupted = new CancellationTokenSource();
        await interrupted.CancelAsync();

        Assert.Equal(130, await Reporter.GuardAsync(false, interrupted.Token, () => throw new OperationCanceledException()));
        // A stage's own timeout that escaped as a cancellation is a bug, not an interrupt.
        Assert.Equal(2, await Reporter.GuardAsync(false, CancellationToken.None, () => throw new OperationCanceledException()));
    }

    [Fact]
    public void Each_failure_has_its_kind_and_exit_code()
    {
        Assert.Equal(("input", 2), Of(new InputException([new LocatedError("a.yaml", 3, 4, "bad", "fix")])));
        Assert.Equal(("kernel_build", 2), Of(new InfrastructureException("x", kind: FailureKind.KernelBuild)));
        Assert.Equal(("usage", 2), Of(new UtracePatchKit.Cli.UsageException("x")));
        Assert.Equal(("cancelled", 130), Of(new OperationCanceledException()));
        Assert.Equal(("internal", 2), Of(new InvalidOperationException("x")));
    }

    [Fact]
    public void More_than_a_hundred_errors_are_counted_not_printed()
    {
        var errors = Enumerable.Range(1, 150).Select(i => new LocatedError("a.yaml", i, 1, "bad", "fix"));

        var error = CliError.From(new InputException(errors));

        Assert.Equal(101, error.HumanLines.Count);
        Assert.Equal("... and 50 more errors", error.HumanLines[^1]);
        Assert.Equal(150, error.Errors.Count);
    }

    private static (string, int) Of(Exception ex) => CliError.From(ex) is var e ? (e.Kind, e.ExitCode) : default;
}
