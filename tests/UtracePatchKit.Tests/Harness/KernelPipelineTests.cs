using System.Diagnostics;
using UtracePatchKit.QemuHarness;
using UtracePatchKit.QemuHarness.Boot;
using UtracePatchKit.QemuHarness.Build;
using UtracePatchKit.QemuHarness.Host;
using UtracePatchKit.QemuHarness.Results;
using UtracePatchKit.QemuHarness.Source;
using Xunit;
using Xunit.Abstractions;

namespace UtracePatchKit.Tests.Harness;

/// <summary>Runs only with UTPK_KERNEL_TESTS=1: it imports, builds and boots a real kernel.</summary>
public sealed class KernelFactAttribute : FactAttribute
{
    public KernelFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("UTPK_KERNEL_TESTS") != "1")
            Skip = "set UTPK_KERNEL_TESTS=1 to build and boot a kernel (minutes when cold)";
    }
}

/// <summary>
/// The whole infrastructure on the pristine tree: cache import, tinyconfig + base.config, build,
/// initramfs with a throwaway PID 1, boot under the probed accelerator, PING, power-off.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class KernelPipelineTests(ITestOutputHelper output)
{
    // A minimal stand-in for the real agent: READY on ttyS1 (raw), PING, POWEROFF.
    private const string ThrowawayInit = """
        #include <fcntl.h>
        #include <string.h>
        #include <sys/mount.h>
        #include <sys/reboot.h>
        #include <termios.h>
        #include <unistd.h>

        static void say(int fd, const char *s) { (void)!write(fd, s, strlen(s)); }

        int main(void)
        {
        	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
        	int fd = open("/dev/ttyS1", O_RDWR | O_NOCTTY);
        	if (fd < 0)
        		return 1;
        	struct termios t;
        	tcgetattr(fd, &t);
        	cfmakeraw(&t);
        	tcsetattr(fd, TCSANOW, &t);
        	say(fd, "READY throwaway\n");
        	char line[128];
        	size_t n = 0;
        	char c;
        	while (read(fd, &c, 1) == 1) {
        		if (c != '\n') {
        			if (n < sizeof line - 1)
        				line[n++] = c;
        			continue;
        		}
        		line[n] = 0;
        		n = 0;
        		if (!strcmp(line, "PING")) {
        			say(fd, "OK PONG\n");
        		} else if (!strcmp(line, "POWEROFF")) {
        			say(fd, "OK\n");
        			tcdrain(fd);
        			reboot(RB_AUTOBOOT);
        		} else {
        			say(fd, "ERR unknown\n");
        		}
        	}
        	return 0;
        }
        """;

    [KernelFact]
    public async Task PristineKernelBootsAndAnswersPing()
    {
        var progress = new Progress<HarnessProgress>(p =>
        {
            if (!p.Message.StartsWith('['))
                output.WriteLine($"{p.Stage}: {p.Message}");
        });
        var cache = CacheLayout.FromEnvironment();
        await new HostTools("6.1").EnsureAsync(installIfRoot: false, progress);

        // The import takes the line's lock itself; then keep other runs off src/ and build/ until we are done.
        var source = await new KernelTreeImporter(cache).EnsureAsync("6.1", progress);
        await using var held = await KernelLineLock.AcquireAsync(cache.ForLine("6.1"), progress);
        var applier = new SeriesApplier();
        await applier.CheckoutAsync(source.Tree.RepoPath, source.Tree.BaseCommit, progress);

        var kbuild = KbuildEnvironment.Detect(cache, "6.1");
        var baseConfig = Path.Combine(RepoRoot.Path, "kernel-tests", "configs", "base.config");
        await new KconfigBuilder(kbuild).ConfigureAsync([baseConfig], progress);
        var build = await new KernelBuilder(kbuild).BuildAsync(progress);
        var again = await new KernelBuilder(kbuild).BuildAsync(progress);
        Assert.True(again.Skipped, "a second build with nothing changed must not run make");

        var run = Directory.CreateTempSubdirectory("utpk-kernel-test-").FullName;
        var passed = false;
        try
        {
            await BootAndPingAsync(build, source.KernelVersion, run, progress);
            passed = true;
        }
        finally
        {
            // Keep the console and QEMU logs of a failed run for inspection.
            if (passed)
                Directory.Delete(run, recursive: true);
            else
                output.WriteLine($"run folder kept: {run}");
        }
    }

    private async Task BootAndPingAsync(KernelBuildResult build, string kernelVersion, string run, IProgress<HarnessProgress> progress)
    {
        var initSource = Path.Combine(run, "init.c");
        await File.WriteAllTextAsync(initSource, ThrowawayInit);
        var initramfs = await new InitramfsBuilder().BuildAsync(
            new InitramfsSpec(new GuestProgram("/init", [initSource])), Path.Combine(run, "initramfs.cpio"), progress);

        var kvm = await KvmProbe.ProbeAsync();
        output.WriteLine($"accelerator: {kvm.Accelerator} ({kvm.Reason})");
        var clock = Stopwatch.StartNew();
        await using var vm = await QemuVm.StartAsync(new QemuVmOptions(build.BzImagePath, initramfs.Path, run, kvm.Accelerator), progress);
        var ready = await vm.WaitForReadyAsync(TimeSpan.FromMinutes(2), progress);
        var pong = await vm.Agent.CommandAsync("PING", TimeSpan.FromSeconds(10));
        var bye = await vm.Agent.CommandAsync("POWEROFF", TimeSpan.FromSeconds(10));
        var exit = await vm.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var findings = ConsoleClassifier.Classify(vm.ReadConsoleLines());

        Assert.Equal("throwaway", ready.Text);
        Assert.Equal((true, "PONG"), (pong.Ok, pong.Status));
        Assert.True(bye.Ok);
        Assert.Equal(VmStopReason.Exited, exit.Reason);
        Assert.Empty(findings);
        Assert.Contains(vm.ReadConsoleLines(), l => l.Contains("Linux version " + kernelVersion));

        var result = new RunResult("harness", "pristine", DateTimeOffset.UtcNow, clock.Elapsed,
            [new CaseResult("boot-ping-poweroff", CaseStatus.Pass, clock.Elapsed)])
        {
            ConsoleFindings = findings,
            Paths = new Dictionary<string, string> { ["console"] = vm.ConsoleLogPath, ["build"] = build.LogPath },
            Properties = new Dictionary<string, string> { ["bootSeconds"] = ready.BootTime.TotalSeconds.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) },
        };
        await ResultFiles.WriteAllAsync(result, run);
        output.WriteLine($"boot-to-READY {ready.BootTime.TotalSeconds:0.00} s");
    }
}
