using UtracePatchKit.QemuHarness.Build;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

public class KconfigFileTests
{
    private const string FinalConfig = """
        #
        # Automatically generated file; DO NOT EDIT.
        #
        CONFIG_64BIT=y
        CONFIG_TMPFS=y
        CONFIG_HZ=250
        CONFIG_CMDLINE="quiet"
        # CONFIG_MODULES is not set
        """;

    [Fact]
    public void ParsesSetAndUnsetLines()
    {
        var settings = KconfigFile.Parse("CONFIG_A=y\n# CONFIG_B is not set\n# comment\nCONFIG_C=\"x y\"\n", "frag");

        Assert.Equal(
            [new KconfigSetting("CONFIG_A", "y", "frag", 1), new KconfigSetting("CONFIG_B", null, "frag", 2), new KconfigSetting("CONFIG_C", "\"x y\"", "frag", 4)],
            settings);
    }

    [Fact]
    public void SatisfiedRequestsReportNothing()
    {
        var requested = KconfigFile.Parse("CONFIG_64BIT=y\nCONFIG_HZ=250\nCONFIG_CMDLINE=\"quiet\"\n# CONFIG_MODULES is not set\n# CONFIG_ABSENT is not set\n", "base.config");

        Assert.Empty(KconfigFile.FindMissing(requested, KconfigFile.ToMap(FinalConfig)));
    }

    [Fact]
    public void MissingRequestNamesSymbolValueAndFragment()
    {
        var requested = KconfigFile.Parse("CONFIG_UTRACE=y\nCONFIG_HZ=1000\n", "/k/utrace.config");

        var missing = KconfigFile.FindMissing(requested, KconfigFile.ToMap(FinalConfig));

        Assert.Equal(2, missing.Count);
        Assert.Equal("/k/utrace.config:1: CONFIG_UTRACE=y did not survive olddefconfig: got not set (unmet dependency?)", missing[0].ToString());
        Assert.StartsWith("/k/utrace.config:2: CONFIG_HZ=1000 ", missing[1].ToString());
        Assert.Contains("got CONFIG_HZ=250", missing[1].ToString());
    }

    [Fact]
    public void LaterFragmentWins()
    {
        var requested = KconfigFile.Parse("CONFIG_TMPFS=n\n", "a").Concat(KconfigFile.Parse("CONFIG_TMPFS=y\n", "b"));

        Assert.Empty(KconfigFile.FindMissing(requested, KconfigFile.ToMap(FinalConfig)));
    }

    [Fact]
    public void NotSetRequestFailsWhenSymbolIsOn()
    {
        var missing = Assert.Single(KconfigFile.FindMissing(KconfigFile.Parse("# CONFIG_TMPFS is not set", "f"), KconfigFile.ToMap(FinalConfig)));

        Assert.StartsWith("f:1: # CONFIG_TMPFS is not set did not survive", missing.ToString());
    }

    [Fact]
    public void BaseFragmentIsWellFormed()
    {
        var path = Path.Combine(RepoRoot.Path, "kernel-tests", "configs", "base.config");
        var settings = KconfigFile.Parse(File.ReadAllText(path), path).ToList();

        Assert.Contains(settings, s => s is { Symbol: "CONFIG_SERIAL_8250_CONSOLE", Value: "y" });
        Assert.Contains(settings, s => s is { Symbol: "CONFIG_BLK_DEV_INITRD", Value: "y" });
        Assert.Equal(settings.Count, settings.Select(s => s.Symbol).Distinct().Count());
    }
}

internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "UtracePatchKit.sln")))
                return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
