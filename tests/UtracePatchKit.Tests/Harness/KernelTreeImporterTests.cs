
using UtracePatchKit.QemuHarness;
using UtracePatchKit.QemuHarness.Source;
using UtracePatchKit.Tests.Generator;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

/// <summary>The shared source cache when several commands start at once (a tiny tarball stands in for Debian's).</summary>
public sealed class KernelTreeImporterTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly CacheLayout _cache;
    private readonly string _tarball;

    public KernelTreeImporterTests()
    {
        _cache = new CacheLayout(_dir.Combine("cache"));
        _dir.Write("tree/linux-source-6.1/Makefile", "VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 99\nEXTRAVERSION =\n");
        foreach (var i in Enumerable.Range(0, 200))
        {
            _dir.Write($"tree/linux-source-6.1/kernel/f{i}.c", $"int f{i};\n");
        }

        _tarball = _dir.Combine("linux-source-6.1.tar");
        CliWrap.Cli.Wrap("tar").WithArguments(["-cf", _tarball, "-C", _dir.Combine("tree"), "linux-source-6.1"]).ExecuteAsync().GetAwaiter().GetResult();
    }

    public void Dispose() => _dir.Dispose();

    private KernelTreeImporter NewCache() => new(_cache, _ => _tarball);

    [Fact]
    public async Task Two_imports_started_together_import_once_and_both_get_the_tree()
    {
        var imports = new List<string>();
        IProgress<HarnessProgress> progress = new SyncProgress(p =>
        {
            if (p.Message.StartsWith("imported", StringComparison.Ordinal))
            {
                lock (imports)
                {
                    imports.Add(p.Message);
                }
            }
        });

        var sources = await Task.WhenAll(
            Task.Run(() => NewCache().EnsureAsync("6.1", progress)),
            Task.Run(() => NewCache().EnsureAsync("6.1", progress)));

        Assert.Single(imports);
        Assert.Equal(sources[0].Tree.BaseCommit, sources[1].Tree.BaseCommit);
        Assert.Equal("6.1.99", sources[1].KernelVersion);
        Assert.True(File.Exists(Path.Combine(_cache.ForLine("6.1").SourceDir, "kernel", "f199.c")));
        Assert.Empty(Directory.GetDirectories(_cache.ForLine("6.1").LineDir, "src.partial-*"));
    }

    [Fact]
    public async Task An_import_waits_for_the_lock_instead_of_deleting_another_commands_extraction()
    {
        var layout = _cache.ForLine("6.1");
        var held = await KernelLineLock.AcquireAsync(layout);
        // What another process is extracting right now.
        var theirs = _dir.Write("cache/linux-6.1/src.partial-4242/linux-source-6.1/Makefile", "VERSION = 6\n");

        var ours = NewCache().EnsureAsync("6.1");
        await Task.Delay(1500);

        Assert.False(ours.IsCompleted, "the import did not wait for the lock");
        Assert.True(File.Exists(theirs), "another command's extraction was deleted");

        await held.DisposeAsync();
        var source = await ours.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("6.1.99", source.KernelVersion);
    }

    [Fact]
    public async Task A_cached_tree_is_returned_without_the_lock()
    {
        var first = await NewCache().EnsureAsync("6.1");
        await using var held = await KernelLineLock.AcquireAsync(_cache.ForLine("6.1"));

        var again = await NewCache().EnsureAsync("6.1").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(first.Tree.BaseCommit, again.Tree.BaseCommit);
    }

    private sealed class SyncProgress(Action<HarnessProgress> report) : IProgress<HarnessProgress>
    {
        public void Report(HarnessProgress value) => report(value);
    }
}
