using UtracePatchKit.Common.Diagnostics;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>Where the project's own inputs live, found from any directory inside the repository.</summary>
public sealed record ProjectLayout(string Root)
{
    public string TemplatesRoot => Path.Combine(Root, "templates");

    public string PatchesRoot => Path.Combine(Root, "patches");

    public string SpecsDir => Path.Combine(Root, "specs");

    public string ScenariosDir => Path.Combine(Root, "kernel-tests", "scenarios");

    public string ProposalPointsFile => Path.Combine(Root, "kernel-tests", Scenarios.ProposalPoints.FileName);

    public string OverlayPath => Path.Combine(Root, "kernel-tests", "overlay", "overlay.yaml");

    public string OverlayTemplatesRoot => Path.Combine(Root, "kernel-tests", "overlay");

    public string AgentSource => Path.Combine(Root, "kernel-tests", "agent", "agent.c");

    public string ConfigsDir => Path.Combine(Root, "kernel-tests", "configs");

    /// <summary>Optional debug profiles (lockdep, KASAN, hang detectors, LKDTM), for <c>--config</c>.</summary>
    public string DebugConfigsDir => Path.Combine(ConfigsDir, "debug");

    /// <summary>The bench profile (<c>utpk bench</c>): seccomp filters and what they depend on.</summary>
    public string BenchConfigFragment => Path.Combine(ConfigsDir, "bench", "bench.config");

    /// <summary>run-selftest.c and the commands the kernel's selftests exec (kernel-tests/selftests).</summary>
    public string SelftestToolsDir => Path.Combine(Root, "kernel-tests", "selftests");

    public string RunsDir => Path.Combine(Root, "runs");

    public IReadOnlyList<string> ConfigFragments =>
        Directory.EnumerateFiles(ConfigsDir, "*.config").Order(StringComparer.Ordinal).ToArray();

    /// <summary>The fragment that turns utrace and its validation overlay on.</summary>
    public string UtraceConfigFragment => Path.Combine(ConfigsDir, "utrace.config");

    /// <summary>
    /// <see cref="ConfigFragments"/> without <see cref="UtraceConfigFragment"/>: the unpatched tree has no
    /// utrace symbols, and a request that does not survive olddefconfig fails the Kconfig step.
    /// </summary>
    public IReadOnlyList<string> UnpatchedConfigFragments =>
        ConfigFragments.Where(f => f != UtraceConfigFragment).ToArray();

    public string DefaultSpec => Path.Combine(SpecsDir, "report-resume.yaml");

    /// <summary>Whether <paramref name="specPath"/> is directly in specs/ (a committed variant).</summary>
    public bool IsShippedSpec(string specPath) =>
        string.Equals(Path.GetDirectoryName(Path.GetFullPath(specPath)), Path.GetFullPath(SpecsDir), StringComparison.Ordinal);

    public IReadOnlyList<string> ShippedSpecs =>
        Directory.EnumerateFiles(SpecsDir, "*.yaml").Order(StringComparer.Ordinal).ToArray();

    /// <summary>The nearest ancestor of <paramref name="start"/> holding UtracePatchKit.sln.</summary>
    public static ProjectLayout Find(string? start = null)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start ?? Directory.GetCurrentDirectory())); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UtracePatchKit.sln")))
            {
                return new ProjectLayout(dir.FullName);
            }
        }

        throw new InfrastructureException(
            "not inside a UtracePatchKit checkout (no UtracePatchKit.sln above the current directory)",
            ["run utpk from the repository, or pass paths inside it"]);
    }
}
