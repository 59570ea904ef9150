using UtracePatchKit.QemuHarness;
using UtracePatchKit.QemuHarness.Build;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

public class KbuildEnvironmentTests
{
    private static readonly CacheLayout Cache = new("/c");

    [Fact]
    public void CacheLayoutFollowsTheArchitectureDocument()
    {
        var line = Cache.ForLine("6.1");

        Assert.Equal("/c/linux-6.1/src", line.SourceDir);
        Assert.Equal("/c/linux-6.1/build", line.BuildDir);
        Assert.Equal("/c/ccache", Cache.CcacheDir);
        Assert.Equal("/c/linux-6.1/build/arch/x86/boot/bzImage", line.BzImagePath);
    }

    [Fact]
    public void CcacheWrapsBothCompilers()
    {
        var kbuild = new KbuildEnvironment(Cache.ForLine("6.1"), "/usr/bin/ccache", Cache.CcacheDir, 2);

        Assert.Equal(["O=/o", "CC=ccache gcc", "HOSTCC=ccache gcc", "-j2", "bzImage"], kbuild.MakeArguments("/o", "-j2", "bzImage"));
        Assert.Equal("/c/ccache", kbuild.EnvironmentVariables["CCACHE_DIR"]);
    }

    [Fact]
    public void WithoutCcachePlainGcc()
    {
        var kbuild = new KbuildEnvironment(Cache.ForLine("6.1"), null, Cache.CcacheDir, 2);

        Assert.Equal(["O=/o", "CC=gcc", "HOSTCC=gcc", "tinyconfig"], kbuild.MakeArguments("/o", "tinyconfig"));
    }

    [Fact]
    public void BuildIdentityIsFixed()
    {
        var kbuild = new KbuildEnvironment(Cache.ForLine("6.1"), null, Cache.CcacheDir, 2);

        Assert.Equal("Thu Jan  1 00:00:00 UTC 2026", kbuild.EnvironmentVariables["KBUILD_BUILD_TIMESTAMP"]);
        Assert.Equal("", kbuild.EnvironmentVariables["LOCALVERSION"]);
        Assert.Contains("KBUILD_BUILD_HOST=utracepatchkit", kbuild.Signature);
        Assert.NotEqual(kbuild.Signature, (kbuild with { CcachePath = "/usr/bin/ccache" }).Signature);
    }
}
