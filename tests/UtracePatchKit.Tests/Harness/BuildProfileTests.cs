using UtracePatchKit.QemuHarness;
using UtracePatchKit.QemuHarness.Build;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

public class BuildProfileTests
{
    private const string Project = "/repo";
    private const string Lockdep = "/repo/kernel-tests/configs/debug/lockdep.config";
    private const string Hang = "/repo/kernel-tests/configs/debug/hang.config";

    [Fact]
    public void NoExtraFragmentIsThePlainBuildDir()
    {
        var profile = BuildProfile.For([], Project);

        Assert.True(profile.IsPlain);
        Assert.Equal("build", profile.DirectoryName);
        Assert.Equal("/c/linux-6.1/build", new CacheLayout("/c").ForLine("6.1", profile).BuildDir);
    }

    [Fact]
    public void ExtraFragmentsNameTheBuildDirAfterThemselvesAndAHash()
    {
        var name = BuildProfile.For([Lockdep, Hang], Project).DirectoryName;

        Assert.Matches("^build-hang-lockdep-[0-9a-f]{8}$", name);
    }

    [Fact]
    public void TheNameDependsOnTheSetNotOnOrderOrRepetition()
    {
        var name = BuildProfile.For([Lockdep, Hang], Project).DirectoryName;

        Assert.Equal(name, BuildProfile.For([Hang, Lockdep, Hang], Project).DirectoryName);
        Assert.Equal(name, BuildProfile.For(["/repo/kernel-tests/configs/../configs/debug/hang.config", Lockdep], Project).DirectoryName);
    }

    [Fact]
    public void DifferentSetsGetDifferentDirs()
    {
        var names = new[]
        {
            BuildProfile.For([Lockdep], Project).DirectoryName,
            BuildProfile.For([Hang], Project).DirectoryName,
            BuildProfile.For([Lockdep, Hang], Project).DirectoryName,
            // Same file name elsewhere: same readable part, another hash.
            BuildProfile.For(["/repo/other/lockdep.config"], Project).DirectoryName,
        };

        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.StartsWith("build-lockdep-", names[3]);
    }

    [Fact]
    public void TwoCheckoutsOfTheProjectAgreeOnTheName() =>
        Assert.Equal(
            BuildProfile.For([Lockdep], Project).DirectoryName,
            BuildProfile.For(["/elsewhere/clone/kernel-tests/configs/debug/lockdep.config"], "/elsewhere/clone").DirectoryName);

    [Fact]
    public void FragmentsOutsideTheProjectAreKeptByAbsolutePath()
    {
        var profile = BuildProfile.For(["/tmp/my frag!.config"], Project);

        Assert.Equal(["/tmp/my frag!.config"], profile.FragmentKeys);
        Assert.Matches("^build-my_frag_-[0-9a-f]{8}$", profile.DirectoryName);
    }

    [Fact]
    public void OnlyTheBuildDirMovesTheSourceTreeAndLockStayTheLines()
    {
        var cache = new CacheLayout("/c");
        var plain = cache.ForLine("6.1");
        var debug = cache.ForLine("6.1", BuildProfile.For([Lockdep], Project));

        Assert.Equal(plain.SourceDir, debug.SourceDir);
        Assert.Equal(plain.LockPath, debug.LockPath);
        Assert.Equal(Path.Combine("/c/linux-6.1", debug.BuildDirName), debug.BuildDir);
        Assert.StartsWith(debug.BuildDir + "/", debug.ConfigPath);
        Assert.StartsWith(debug.BuildDir + "/", debug.StateDir);
        Assert.Equal("/c/linux-6.1-unpatched/" + debug.BuildDirName, cache.ForUnpatchedLine("6.1", BuildProfile.For([Lockdep], Project)).BuildDir);
    }
}
