using System.Diagnostics;
using UtracePatchKit.Cli.Output;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Boot;
using UtracePatchKit.QemuHarness.Build;
using UtracePatchKit.QemuHarness.Host;
using UtracePatchKit.QemuHarness.Source;
using UtracePatchKit.QemuHarness;
using UtracePatchKit.Tests.Generator;
using Xunit.Abstractions;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

/// <summary>
/// The harness's failures without a kernel: a stand-in QEMU (a small C program that speaks the
/// serial and socket side like QEMU does), a stand-in make, a patch that does not apply and a
/// missing tool. Each must be classified, end the command with exit code 2 and keep and name
/// its logs.
/// </summary>
public sealed class HarnessFaultTests : IClassFixture<HarnessFaultTests.FakeQemu>, IDisposable
{
    private readonly FakeQemu _qemu;
    private readonly ITestOutputHelper _output;
    private readonly TempDir _dir = new();

    public HarnessFaultTests(FakeQemu qemu, ITestOutputHelper output)
    {
        _qemu = qemu;
        _output = output;
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Qemu_killed_mid_run_is_vm_died_with_its_exit_and_both_logs()
    {
        await using var vm = await StartAsync("die");
        await vm.WaitForReadyAsync(TimeSpan.FromSeconds(20));

        var ex = await Assert.ThrowsAsync<InfrastructureException>(() => vm.Agent.CommandAsync("PING", TimeSpan.FromSeconds(20)));

        Assert.Equal(FailureKind.VmDied, ex.Kind);
        Assert.Contains("the agent channel closed during 'PING' (QEMU exited with code 137", ex.Message);
        AssertClassifiedAndLogged(ex, "vm_died", vm.ConsoleLogPath, vm.QemuLogPath);
        Assert.Contains("Linux version 6.1.0 (fake)", File.ReadAllText(vm.ConsoleLogPath));
    }

    [Fact]
    public async Task A_silent_guest_is_killed_by_the_watchdog_and_is_a_hang()
    {
        await using var vm = await StartAsync("silent", silence: TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<InfrastructureException>(() => vm.WaitForReadyAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(FailureKind.VmHang, ex.Kind);
        Assert.StartsWith("QEMU killed: console and agent silent for 1 s", ex.Message);
        Assert.Equal(VmStopReason.Silent, vm.Termination?.Reason);
        AssertClassifiedAndLogged(ex, "vm_hang", vm.ConsoleLogPath, vm.QemuLogPath);
    }

    [Fact]
    public async Task A_kernel_panic_on_the_console_is_named_with_its_lines()
    {
        await using var vm = await StartAsync("panic");

        var ex = await Assert.ThrowsAsync<InfrastructureException>(() => vm.WaitForReadyAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(FailureKind.KernelPanic, ex.Kind);
        Assert.StartsWith("the guest kernel panicked (Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b)", ex.Message);
        Assert.Contains(ex.Details, d => d.Contains("do_exit+0x", StringComparison.Ordinal));
        AssertClassifiedAndLogged(ex, "kernel_panic", vm.ConsoleLogPath, vm.QemuLogPath);
    }

    [Fact]
    public async Task A_compiler_error_fails_the_build_with_the_error_line_and_the_build_log_kept_in_the_run_folder()
    {
        var kbuild = BuildTree("""
            echo "  CC      kernel/fork.o"
            echo "$PWD/kernel/utrace.c:42:5: error: 'engine' undeclared (first use in this function)"
            echo "make[2]: *** [scripts/Makefile.build:250: kernel/utrace.o] Error 1"
            exit 2
            """);

        var ex = await Assert.ThrowsAsync<InfrastructureException>(() => new KernelBuilder(kbuild).BuildAsync());
        var kept = ex.WithLogsKeptIn(_dir.Combine("run"));

        Assert.Equal(FailureKind.KernelBuild, ex.Kind);
        Assert.Equal("kernel build failed (make exit code 2)", ex.Message);
        Assert.Equal("kernel/utrace.c:42:5: error: 'engine' undeclared (first use in this function)", ex.Details[0]);
        Assert.Equal(kbuild.Layout.BuildLogPath, ex.LogPath);
        Assert.False(File.Exists(Path.Combine(kbuild.Layout.StateDir, "build.stamp")), "a failed build left a stamp");
        AssertClassifiedAndLogged(kept, "kernel_build", _dir.Combine("run", "build.log"));
        Assert.Contains("error: 'engine' undeclared", File.ReadAllText(_dir.Combine("run", "build.log")));
    }

    [Fact]
    public async Task A_patch_that_does_not_apply_names_the_patch_and_git_s_complaint()
    {
        var repo = _dir.Combine("repo");
        var baseCommit = KernelRepo.Create(repo, new Dictionary<string, string> { ["kernel/fork.c"] = "int fork(void);\n" });
        var patch = _dir.Write("run/patches/0001-fork.patch", """
            From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
            From: Dev <dev@example.org>
            Date: Mon, 5 Jan 2026 12:01:00 +0000
            Subject: [PATCH] fork: change a line that is not there

            ---
             kernel/fork.c | 2 +-
             1 file changed, 1 insertion(+), 1 deletion(-)

            diff --git a/kernel/fork.c b/kernel/fork.c
            --- a/kernel/fork.c
            +++ b/kernel/fork.c
            @@ -1 +1 @@
            -int vfork(void);
            +int vfork(int);

            """);

        var ex = await Assert.ThrowsAsync<InfrastructureException>(() => new SeriesApplier().ApplyAsync(repo, baseCommit, [patch]));

        Assert.Equal(FailureKind.PatchDoesNotApply, ex.Kind);
        Assert.Equal($"patch 0001-fork.patch does not apply on {baseCommit[..12]}", ex.Message);
        Assert.Contains(ex.Details, d => d.Contains("patch failed: kernel/fork.c:1", StringComparison.Ordinal));
        AssertClassifiedAndLogged(ex, "patch_does_not_apply", patch);
    }

    [Fact]
    public async Task A_missing_host_tool_names_the_install_command()
    {
        var tools = new HostTools("6.1", "qemu-system-x86_64", [new HostRequirement("utpk-no-such-compiler", RequirementKind.Executable, "utpk-no-such-compiler", "utpk-pkg")]);

        var ex = await Assert.ThrowsAsync<InfrastructureException>(() => tools.EnsureAsync(installIfRoot: false));
        var error = CliError.From(ex);
        error.HumanLines.ToList().ForEach(_output.WriteLine);

        Assert.Equal(FailureKind.MissingTool, ex.Kind);
        Assert.Equal(("missing_tool", 2), (error.Kind, error.ExitCode));
        Assert.Contains("  install them with: apt-get install -y utpk-pkg", error.HumanLines);
        // Nothing ran, so there is no log: the message itself is the whole story.
        Assert.Empty(ex.Logs);
    }

    private void AssertClassifiedAndLogged(InfrastructureException ex, string kind, params string[] logs)
    {
        var error = CliError.From(ex);
        error.HumanLines.ToList().ForEach(_output.WriteLine);
        Assert.Equal((kind, 2), (error.Kind, error.ExitCode));
        Assert.Equal(logs, ex.Logs);
        foreach (var log in logs)
        {
            Assert.True(File.Exists(log), $"{log} was not kept");
            Assert.Contains($"  log kept at {log}", error.HumanLines);
        }
    }

    private async Task<QemuVm> StartAsync(string mode, TimeSpan? silence = null)
    {
        var run = _dir.Combine("run-" + mode);
        var kernel = _dir.Write("bzImage", "not a kernel");
        var initrd = _dir.Write("initrd", "not an initramfs");
        return await QemuVm.StartAsync(new QemuVmOptions(kernel, initrd, run)
        {
            QemuBinary = _qemu.For(mode),
            SilenceTimeout = silence ?? TimeSpan.FromSeconds(30),
            WallClockTimeout = TimeSpan.FromSeconds(60),
        });
    }

    /// <summary>A kernel tree whose make is <paramref name="makeScript"/>.</summary>
    private KbuildEnvironment BuildTree(string makeScript)
    {
        var cache = new CacheLayout(_dir.Combine("cache"));
        var layout = cache.ForLine("6.1");
        KernelRepo.Create(layout.SourceDir, new Dictionary<string, string> { ["Makefile"] = "VERSION = 6\n" });
        Directory.CreateDirectory(layout.BuildDir);
        File.WriteAllText(layout.ConfigPath, "CONFIG_UTRACE=y\n");
        var make = _dir.Write("bin/make", "#!/bin/sh\n" + makeScript + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(make, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new KbuildEnvironment(layout, null, cache.CcacheDir, 1) { Make = make };
    }

    /// <summary>
    /// A stand-in for qemu-system-x86_64, compiled once: it writes the console file and serves the
    /// agent socket named by its -serial arguments, then behaves as its name says (fake-qemu-MODE):
    /// "die" says READY and is SIGKILLed by the first command, "silent" says nothing at all,
    /// "panic" prints a kernel panic and exits as QEMU does with panic=-1.
    /// </summary>
    public sealed class FakeQemu : IDisposable
    {
        private const string Source = """
            #include <fcntl.h>
            #include <signal.h>
            #include <stdio.h>
            #include <string.h>
            #include <sys/socket.h>
            #include <sys/un.h>
            #include <unistd.h>

            static const char panic[] =
            	"[    0.912345] Run /init as init process\n"
            	"[    0.934567] init[1]: segfault at 0 ip 0000000000401b2c sp 00007ffc8e5f1a90 error 6 in init[401000+94000]\n"
            	"[    0.935678] Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b\n"
            	"[    0.935701] CPU: 0 PID: 1 Comm: init Not tainted 6.1.0 #1\n"
            	"[    0.935720] Call Trace:\n"
            	"[    0.935731]  <TASK>\n"
            	"[    0.935742]  dump_stack_lvl+0x44/0x5c\n"
            	"[    0.935753]  panic+0x118/0x2ed\n"
            	"[    0.935764]  do_exit+0x9d4/0xac0\n"
            	"[    0.935775]  do_group_exit+0x2d/0x80\n"
            	"[    0.935786]  get_signal+0x8f2/0x950\n"
            	"[    0.935797]  </TASK>\n"
            	"[    0.935808] ---[ end Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b ]---\n";

            int main(int argc, char **argv)
            {
            	const char *mode = strrchr(argv[0], '-') + 1, *console = NULL;
            	struct sockaddr_un addr = { .sun_family = AF_UNIX };
            	char line[256];
            	int i, con, srv, fd;

            	for (i = 1; i + 1 < argc; i++) {
            		if (strcmp(argv[i], "-serial"))
            			continue;
            		if (!strncmp(argv[++i], "file:", 5))
            			console = argv[i] + 5;
            		else if (!strncmp(argv[i], "unix:", 5))
            			strncpy(addr.sun_path, argv[i] + 5, strcspn(argv[i] + 5, ","));
            	}
            	con = open(console, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            	srv = socket(AF_UNIX, SOCK_STREAM, 0);
            	if (con < 0 || srv < 0 || bind(srv, (struct sockaddr *)&addr, sizeof(addr)) || listen(srv, 1))
            		return 1;
            	fd = accept(srv, NULL, NULL);
            	if (!strcmp(mode, "silent"))
            		for (;;)
            			pause();
            	dprintf(con, "[    0.000000] Linux version 6.1.0 (fake)\n");
            	if (!strcmp(mode, "panic")) {
            		(void)!write(con, panic, sizeof(panic) - 1);
            		return 0;
            	}
            	dprintf(fd, "READY fake 1\n");
            	(void)!read(fd, line, sizeof(line));
            	kill(getpid(), SIGKILL);
            	return 2;
            }
            """;

        private readonly TempDir _dir = new();
        private readonly string _binary;

        public FakeQemu()
        {
            var source = _dir.Write("fake-qemu.c", Source);
            _binary = _dir.Combine("fake-qemu");
            using var gcc = Process.Start(new ProcessStartInfo("gcc", ["-O2", "-Wall", "-Werror", "-o", _binary, source]) { RedirectStandardError = true })!;
            var errors = gcc.StandardError.ReadToEnd();
            gcc.WaitForExit();
            if (gcc.ExitCode != 0)
            {
                throw new InvalidOperationException("cannot compile the fake QEMU: " + errors);
            }
        }

        /// <summary>The fake under the name that selects <paramref name="mode"/>.</summary>
        public string For(string mode)
        {
            var link = _dir.Combine("fake-qemu-" + mode);
            if (!File.Exists(link))
            {
                File.CreateSymbolicLink(link, _binary);
            }

            return link;
        }

        public void Dispose() => _dir.Dispose();
    }
}
