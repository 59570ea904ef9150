using UtracePatchKit.QemuHarness;
using UtracePatchKit.QemuHarness.Source;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

public sealed class KernelLineLockTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("utpk-lock-test-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task SecondHolderWaitsForTheFirst()
    {
        var layout = new CacheLayout(_root).ForLine("6.1");
        var first = await KernelLineLock.AcquireAsync(layout);

        var second = KernelLineLock.AcquireAsync(layout);
        await Task.Delay(300);
        Assert.False(second.IsCompleted);

        await first.DisposeAsync();
        await using var acquired = await second.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WaitingCanBeCancelled()
    {
        var layout = new CacheLayout(_root).ForLine("6.1");
        await using var held = await KernelLineLock.AcquireAsync(layout);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => KernelLineLock.AcquireAsync(layout, cancellationToken: cancel.Token));
    }
}
