using UtracePatchKit.QemuHarness.Build;
using UtracePatchKit.QemuHarness.Source;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

public class BuildLogAnalyzerTests
{
    [Fact]
    public void ErrorsComeFirstThenWarningsThenMake()
    {
        string[] log =
        [
            "  CC      kernel/utrace.o",
            "kernel/utrace.c: In function 'utrace_attach_task':",
            "kernel/utrace.c:88:9: warning: unused variable 'flags' [-Wunused-variable]",
            "kernel/utrace.c:120:17: error: 'struct task_struct' has no member named 'utrace'",
            "make[3]: *** [scripts/Makefile.build:250: kernel/utrace.o] Error 1",
            "make[2]: *** [scripts/Makefile.build:500: kernel] Error 2",
        ];

        var explained = BuildLogAnalyzer.ExplainFailure(log);

        Assert.Equal(
            [log[3], log[2], log[4], log[5]],
            explained);
    }

    [Fact]
    public void LinkerErrorsAreKept()
    {
        string[] log = ["  LD      vmlinux.o", "ld: kernel/fork.o: in function `copy_process':", "fork.c:(.text+0x1234): undefined reference to `utrace_init_task'"];

        Assert.Contains(log[2], BuildLogAnalyzer.ExplainFailure(log));
    }

    [Fact]
    public void FallsBackToTheLogTail()
    {
        var log = Enumerable.Range(0, 100).Select(i => $"line {i}").ToArray();

        Assert.Equal("line 99", BuildLogAnalyzer.ExplainFailure(log)[^1]);
    }

    [Theory]
    [InlineData("  CC      kernel/fork.o", true)]
    [InlineData("  LD [M]  drivers/x.ko", true)]
    [InlineData("  HOSTCC  scripts/basic/fixdep", true)]
    [InlineData("make[1]: Entering directory '/b'", false)]
    [InlineData("kernel/fork.c:1:1: error: x", false)]
    public void RecognisesKbuildSteps(string line, bool expected) =>
        Assert.Equal(expected, BuildLogAnalyzer.IsStep(line));

    [Fact]
    public void KernelVersionComesFromTheMakefile() =>
        Assert.Equal("6.1.192", KernelVersion.FromMakefile("# SPDX\nVERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 192\nEXTRAVERSION =\nNAME = Curry Ramen\n"));

    [Fact]
    public void KernelVersionKeepsExtraVersion() =>
        Assert.Equal("6.2.0-rc1", KernelVersion.FromMakefile("VERSION = 6\nPATCHLEVEL = 2\nSUBLEVEL = 0\nEXTRAVERSION = -rc1\n"));
}
