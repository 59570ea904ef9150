using UtracePatchKit.QemuHarness.Pipeline;

namespace UtracePatchKit.QemuHarness.Matrix;

/// <summary>
/// A named set of debug fragments (kernel-tests/configs/debug/) a matrix cell is built with. The
/// same sets the kernel tests use, so a matrix cell reuses their build directories: the hang
/// detectors ride along with both debug profiles, LKDTM with KASAN.
/// </summary>
internal sealed record KconfigProfile(string Name, IReadOnlyList<string> FragmentFiles)
{
    public static KconfigProfile Plain { get; } = new("plain", []);

    public static KconfigProfile Lockdep { get; } = new("lockdep", ["lockdep.config", "hang.config"]);

    public static KconfigProfile Kasan { get; } = new("kasan", ["kasan.config", "hang.config", "lkdtm.config"]);

    public static IReadOnlyList<KconfigProfile> All { get; } = [Plain, Lockdep, Kasan];

    public IReadOnlyList<string> Fragments(ProjectLayout project) =>
        FragmentFiles.Select(f => Path.Combine(project.DebugConfigsDir, f)).ToArray();

    public static KconfigProfile? Named(string name) => All.FirstOrDefault(p => p.Name == name);
}
