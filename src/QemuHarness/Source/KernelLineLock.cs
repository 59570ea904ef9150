namespace UtracePatchKit.QemuHarness.Source;

/// <summary>
/// Exclusive use of one kernel line's src/ and build/ across processes. Two runs that check out
/// different tips or run make in the same build dir at once would corrupt each other, so hold
/// this from checkout until QEMU has loaded the kernel. Advisory (flock), released on dispose or
/// when the process dies.
/// </summary>
internal sealed class KernelLineLock : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(500);
    private readonly FileStream _handle;

    private KernelLineLock(FileStream handle) => _handle = handle;

    public static async Task<KernelLineLock> AcquireAsync(
        KernelLineLayout layout,
        IProgress<HarnessProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(layout.LineDir);
        var announced = false;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock on Unix.
                return new KernelLineLock(new FileStream(layout.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                if (!announced)
                {
                    progress.Report("lock", $"waiting for another run using linux-{layout.Line} ({layout.LockPath})");
                    announced = true;
                }
                await Task.Delay(RetryInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _handle.Dispose();

    public ValueTask DisposeAsync() => _handle.DisposeAsync();
}
