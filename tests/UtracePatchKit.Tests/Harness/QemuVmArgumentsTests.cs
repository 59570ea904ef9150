using UtracePatchKit.QemuHarness.Boot;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

public class QemuVmArgumentsTests
{
    [Theory]
    [InlineData(1, "cpus=1,sockets=1")]
    [InlineData(2, "cpus=2,sockets=2")]
    public void EveryCpuIsASocketOfItsOwnSoTheGuestSeesThemAll(int cpus, string smp)
    {
        var arguments = QemuVm.Arguments(new QemuVmOptions("bzImage", "initrd", "/run") { Cpus = cpus }, "/run/console.log", "/run/agent.sock").ToArray();

        Assert.Equal(smp, arguments[Array.IndexOf(arguments, "-smp") + 1]);
    }
}
