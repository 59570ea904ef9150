using UtracePatchKit.Common.Processes;
using UtracePatchKit.QemuHarness.Host;
using UtracePatchKit.QemuHarness.Source;

namespace UtracePatchKit.QemuHarness.Build;

/// <summary>
/// The tree's sanitized uapi headers (<c>make headers</c>, installed into <c>&lt;build&gt;/usr/include</c>),
/// for guest programs that must see the tree's own uapi rather than the host's linux-libc-dev.
/// A stamp of (HEAD, make invocation) skips make when nothing changed.
/// </summary>
internal sealed class UapiHeaders(KbuildEnvironment kbuild)
{
    private string StampPath => Path.Combine(kbuild.Layout.StateDir, "headers.stamp");

    public string IncludeDir => Path.Combine(kbuild.Layout.BuildDir, "usr", "include");

    /// <returns><see cref="IncludeDir"/>, ready for <c>-isystem</c>.</returns>
    public async Task<string> EnsureAsync(IProgress<HarnessProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (head, clean) = await WorkTreeState.ReadAsync(kbuild.Layout.SourceDir, cancellationToken).ConfigureAwait(false);
        var stamp = $"{head}\n{kbuild.Signature}\n";
        if (clean && Directory.Exists(IncludeDir) && File.Exists(StampPath) &&
            await File.ReadAllTextAsync(StampPath, cancellationToken).ConfigureAwait(false) == stamp)
        {
            progress.Report("headers", $"uapi headers up to date ({head[..12]})", 100);
            return IncludeDir;
        }

        if (File.Exists(StampPath))
            File.Delete(StampPath);
        progress.Report("headers", "make headers");
        Directory.CreateDirectory(kbuild.Layout.BuildDir);
        await CommandRunner.RunCheckedAsync(
            kbuild.Make, kbuild.MakeArguments(kbuild.Layout.BuildDir, "headers"), kbuild.Layout.SourceDir, kbuild.EnvironmentVariables,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (clean)
        {
            Directory.CreateDirectory(kbuild.Layout.StateDir);
            await AtomicFile.WriteAllTextAsync(StampPath, stamp, cancellationToken).ConfigureAwait(false);
        }
        progress.Report("headers", $"uapi headers in {IncludeDir}", 100);
        return IncludeDir;
    }
}
