namespace UtracePatchKit.Common.Processes;

/// <summary>
/// The two tokens CliWrap takes for a child process: cancelling the caller's token first asks the
/// child to stop (SIGINT, so git or make can clean up like after a Ctrl-C), and kills it when it
/// is still running <see cref="Grace"/> later.
/// </summary>
internal sealed class GracefulCancellation : IDisposable
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _forceful = new();
    private readonly CancellationTokenRegistration _registration;

    public GracefulCancellation(CancellationToken cancellationToken)
    {
        Graceful = cancellationToken;
        _registration = cancellationToken.Register(() => _forceful.CancelAfter(Grace));
    }

    /// <summary>Interrupts the child (SIGINT).</summary>
    public CancellationToken Graceful { get; }

    /// <summary>Kills the child.</summary>
    public CancellationToken Forceful => _forceful.Token;

    public void Dispose()
    {
        _registration.Dispose();
        _forceful.Dispose();
    }
}
