using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Selftests;
using UtracePatchKit.QemuHarness;
using UtracePatchKit.Tests.Generator;
using Xunit;

namespace UtracePatchKit.Tests.Selftests;

public sealed class SelftestSuiteTests : IDisposable
{
    private readonly TempDir _tree = new();

    [Fact]
    public void Every_C_file_of_the_ptrace_folder_is_a_test_built_against_the_trees_uapi()
    {
        _tree.Write("tools/testing/selftests/ptrace/vmaccess.c", "");
        _tree.Write("tools/testing/selftests/ptrace/get_syscall_info.c", "");
        _tree.Write("tools/testing/selftests/ptrace/Makefile", "");

        var suite = SelftestSuite.Ptrace(_tree.Path, "/b/usr/include", "/tools");

        Assert.Equal(
            [new SelftestProgram("get_syscall_info", "/selftests/ptrace/get_syscall_info"), new SelftestProgram("vmaccess", "/selftests/ptrace/vmaccess")],
            suite.Tests);
        var vmaccess = suite.GuestPrograms.Single(p => p.GuestPath == "/selftests/ptrace/vmaccess");
        Assert.Equal([_tree.Combine("tools", "testing", "selftests", "ptrace", "vmaccess.c")], vmaccess.Sources);
        Assert.Contains("-pthread", vmaccess.ExtraCompilerArguments!);
        Assert.Equal(_tree.Combine("include", "uapi"), vmaccess.ExtraCompilerArguments![vmaccess.ExtraCompilerArguments.ToList().IndexOf("-iquote") + 1]);
        Assert.Equal("/b/usr/include", vmaccess.ExtraCompilerArguments![vmaccess.ExtraCompilerArguments.ToList().IndexOf("-isystem") + 1]);
        // The runner and the two commands vmaccess execs by name come along.
        Assert.Equal(
            [SelftestSuite.RunnerPath, "/bin/true", "/bin/sleep"],
            suite.GuestPrograms.Select(p => p.GuestPath).Where(p => !p.StartsWith("/selftests/ptrace/", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_tree_without_ptrace_selftests_is_an_infrastructure_error()
    {
        var error = Assert.Throws<InfrastructureException>(() => SelftestSuite.Ptrace(_tree.Path, "/b/usr/include", "/tools"));

        Assert.Contains("no selftest sources", error.Message);
    }

    [Fact]
    public void The_unpatched_kernel_gets_every_project_fragment_but_utraces()
    {
        var project = ProjectLayout.Find(AppContext.BaseDirectory);

        Assert.Contains(project.UtraceConfigFragment, project.ConfigFragments);
        Assert.Equal(project.ConfigFragments.Where(f => f != project.UtraceConfigFragment), project.UnpatchedConfigFragments);
        Assert.All(project.UnpatchedConfigFragments, f => Assert.DoesNotContain("CONFIG_UTRACE", File.ReadAllText(f)));
    }

    [Fact]
    public void The_unpatched_tree_lives_beside_the_patched_one_with_the_same_inner_layout()
    {
        var cache = new CacheLayout("/c");

        var unpatched = cache.ForUnpatchedLine("6.1");

        Assert.Equal("/c/linux-6.1-unpatched/src", unpatched.SourceDir);
        Assert.Equal("/c/linux-6.1-unpatched/build", unpatched.BuildDir);
        Assert.Equal("/c/linux-6.1-unpatched/lock", unpatched.LockPath);
        Assert.Equal(Path.GetRelativePath(cache.ForLine("6.1").LineDir, cache.ForLine("6.1").SourceDir), Path.GetRelativePath(unpatched.LineDir, unpatched.SourceDir));
    }

    public void Dispose() => _tree.Dispose();
}
