using UtracePatchKit.QemuHarness.Host;

namespace UtracePatchKit.QemuHarness.Build;

/// <summary>
/// How every <c>make</c> in the kernel tree is invoked. Kconfig and the build must agree on CC
/// (Kconfig records the compiler), and fixed KBUILD_BUILD_* values make the image reproducible
/// and keep ccache hits stable.
/// </summary>
internal sealed record KbuildEnvironment(KernelLineLayout Layout, string? CcachePath, string CcacheDir, int Jobs)
{
    /// <summary>Uses ccache when it is on PATH and one make job per CPU.</summary>
    public static KbuildEnvironment Detect(CacheLayout cache, string kernelLine) => Detect(cache, cache.ForLine(kernelLine));

    /// <summary>The same, for another tree of the cache (e.g. <see cref="CacheLayout.ForUnpatchedLine"/>).</summary>
    public static KbuildEnvironment Detect(CacheLayout cache, KernelLineLayout layout) =>
        new(layout, HostTools.FindOnPath("ccache"), cache.CcacheDir, System.Environment.ProcessorCount);

    public bool UsesCcache => CcachePath is not null;

    /// <summary>The make program; tests put a stand-in here.</summary>
    public string Make { get; init; } = "make";

    private string Compiler => UsesCcache ? "ccache gcc" : "gcc";

    /// <summary><c>make</c> arguments for <paramref name="targets"/> with objects in <paramref name="outputDir"/>.</summary>
    public IReadOnlyList<string> MakeArguments(string outputDir, params string[] targets) =>
        [$"O={outputDir}", $"CC={Compiler}", $"HOSTCC={Compiler}", .. targets];

    public IReadOnlyDictionary<string, string?> EnvironmentVariables => new Dictionary<string, string?>
    {
        ["KBUILD_BUILD_TIMESTAMP"] = "Thu Jan  1 00:00:00 UTC 2026",
        ["KBUILD_BUILD_USER"] = "utpk",
        ["KBUILD_BUILD_HOST"] = "utracepatchkit",
        // Otherwise every relink bumps "#N" in the version string.
        ["KBUILD_BUILD_VERSION"] = "1",
        // Set (even empty) so setlocalversion does not append "+" for a git tree off a release tag.
        ["LOCALVERSION"] = "",
        ["CCACHE_DIR"] = CcacheDir,
        // Hash paths relative to the line dir so a moved cache root still hits.
        ["CCACHE_BASEDIR"] = Layout.LineDir,
        // Depend mode takes the headers from kbuild's -MMD output instead of running the
        // preprocessor a second time: a cold build costs ~200 s instead of ~310 s on 2 cores.
        ["CCACHE_DEPEND"] = "1",
    };

    /// <summary>Everything above that affects the output; part of the build stamp.</summary>
    public string Signature =>
        string.Join(' ', MakeArguments(Layout.BuildDir)) + " " +
        string.Join(" ", EnvironmentVariables.Where(e => e.Key.StartsWith("KBUILD_", StringComparison.Ordinal) || e.Key == "LOCALVERSION").Select(e => $"{e.Key}={e.Value}"));
}
