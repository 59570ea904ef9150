using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Host;
using UtracePatchKit.QemuHarness;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

public class HostToolsTests
{
    private static HostTools With(params HostRequirement[] requirements) => new("6.1", "qemu-system-x86_64", requirements);

    [Fact]
    public async Task PresentToolsAreFoundWithPathAndVersion()
    {
        var status = Assert.Single(await With(new HostRequirement("sh", RequirementKind.Executable, "sh", "dash")).CheckAsync());

        Assert.True(status.Found);
        Assert.NotNull(status.Path);
    }

    [Fact]
    public async Task MissingRequiredToolThrowsWithTheInstallCommand()
    {
        var tools = With(
            new HostRequirement("utpk-missing-a", RequirementKind.Executable, "utpk-missing-a", "pkg-a"),
            new HostRequirement("missing header", RequirementKind.File, "/nonexistent/utpk.h", "pkg-b"),
            new HostRequirement("utpk-missing-c", RequirementKind.Executable, "utpk-missing-c", "pkg-c", Optional: true));

        var ex = await Assert.ThrowsAsync<InfrastructureException>(() => tools.EnsureAsync(installIfRoot: false));

        Assert.StartsWith("missing host tools", ex.Message);
        Assert.Contains("utpk-missing-a: not found (Debian package pkg-a)", ex.Details);
        Assert.Contains("install them with: apt-get install -y pkg-a pkg-b pkg-c", ex.Details);
    }

    [Fact]
    public async Task MissingOptionalToolIsNotAnError()
    {
        var tools = With(new HostRequirement("utpk-missing", RequirementKind.Executable, "utpk-missing", "pkg", Optional: true));

        var status = Assert.Single(await tools.EnsureAsync(installIfRoot: false));
        Assert.False(status.Found);
    }

    [Fact]
    public void DefaultsCoverTheBuildToolchainAndTheTarball()
    {
        var requirements = HostTools.DefaultRequirements("6.1");

        Assert.Contains(requirements, r => r is { Target: "/usr/src/linux-source-6.1.tar.xz", DebianPackage: "linux-source-6.1" });
        Assert.Contains(requirements, r => r is { Name: "qemu-system-x86_64", DebianPackage: "qemu-system-x86" });
        Assert.Contains(requirements, r => r is { Name: "ccache", Optional: true });
        Assert.All(new[] { "flex", "bison", "bc", "libelf-dev", "libssl-dev" },
            package => Assert.Contains(requirements, r => r.DebianPackage == package));
        // The initramfs is written by NewcArchive, not by cpio.
        Assert.DoesNotContain(requirements, r => r.DebianPackage == "cpio");
    }
}
