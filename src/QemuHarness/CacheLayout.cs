using UtracePatchKit.QemuHarness.Build;

namespace UtracePatchKit.QemuHarness;

/// <summary>
/// The on-disk cache described in docs/ARCHITECTURE.md. Root: $UTPK_CACHE, else
/// $XDG_CACHE_HOME/utracepatchkit, else ~/.cache/utracepatchkit.
/// </summary>
internal sealed record CacheLayout(string Root)
{
    public static CacheLayout FromEnvironment()
    {
        var explicitRoot = Environment.GetEnvironmentVariable("UTPK_CACHE");
        if (!string.IsNullOrWhiteSpace(explicitRoot))
            return new CacheLayout(Path.GetFullPath(explicitRoot));

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var cacheHome = !string.IsNullOrWhiteSpace(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return new CacheLayout(Path.GetFullPath(Path.Combine(cacheHome, "utracepatchkit")));
    }

    /// <summary><c>&lt;root&gt;/ccache</c>, used as CCACHE_DIR.</summary>
    public string CcacheDir => Path.Combine(Root, "ccache");

    /// <param name="profile">Extra Kconfig fragments; they choose the build dir (<see cref="BuildProfile.DirectoryName"/>).</param>
    public KernelLineLayout ForLine(string kernelLine, BuildProfile? profile = null) =>
        new(Root, kernelLine, BuildDirName: (profile ?? BuildProfile.Plain).DirectoryName);

    /// <summary>
    /// The same line without any series: <c>&lt;root&gt;/linux-&lt;line&gt;-unpatched</c>, a git worktree of the
    /// import commit with its own build dir, so building it never touches the files the patched build tracks.
    /// </summary>
    public KernelLineLayout ForUnpatchedLine(string kernelLine, BuildProfile? profile = null) =>
        new(Root, kernelLine, Unpatched: true, BuildDirName: (profile ?? BuildProfile.Plain).DirectoryName);
}

/// <summary>Paths of one kernel line (e.g. "6.1") inside the cache.</summary>
/// <param name="Unpatched">The pristine tree beside the patched one (same src/ and build/ names inside, so ccache
/// sees the same relative paths and shares objects between the two).</param>
/// <param name="BuildDirName">The <c>make O=</c> directory's name inside the line dir: <c>build</c>, or one per set of
/// extra Kconfig fragments (<see cref="BuildProfile"/>). src/ and the lock are the line's, whatever the build dir.</param>
public sealed record KernelLineLayout(string Root, string Line, bool Unpatched = false, string BuildDirName = BuildProfile.PlainDirectoryName)
{
    /// <summary><c>&lt;root&gt;/linux-&lt;line&gt;</c>, or <c>&lt;root&gt;/linux-&lt;line&gt;-unpatched</c>.</summary>
    public string LineDir => Path.Combine(Root, "linux-" + Line + (Unpatched ? "-unpatched" : ""));

    /// <summary>Extracted tree and git work tree (tag <c>utpk-base</c> = pristine import).</summary>
    public string SourceDir => Path.Combine(LineDir, "src");

    /// <summary>The <c>make O=</c> directory, shared by every variant built with the same extra fragments.</summary>
    public string BuildDir => Path.Combine(LineDir, BuildDirName);

    /// <summary>Harness bookkeeping inside the build dir (stamps, Kconfig scratch tree).</summary>
    public string StateDir => Path.Combine(BuildDir, ".utpk");

    /// <summary>
    /// Written last by the import; without it the import is redone from scratch. It lives in the
    /// git dir so that deleting <c>src/</c> also deletes the claim that it is complete.
    /// </summary>
    public string ImportStampPath => Path.Combine(SourceDir, ".git", "utpk-import.stamp");

    /// <summary>Held by whoever changes src/ or build/ (see <c>Source.KernelLineLock</c>).</summary>
    public string LockPath => Path.Combine(LineDir, "lock");

    public string ConfigPath => Path.Combine(BuildDir, ".config");

    public string BzImagePath => Path.Combine(BuildDir, "arch", "x86", "boot", "bzImage");

    public string BuildLogPath => Path.Combine(BuildDir, "build.log");
}
