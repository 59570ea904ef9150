using UtracePatchKit.QemuHarness.Pipeline;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>Every series patches/ holds: each shipped spec's variant on each line the spec targets.</summary>
internal static class ShippedSeries
{
    public static readonly ProjectLayout Project = ProjectLayout.Find(AppContext.BaseDirectory);

    /// <summary>(variant, kernel line) pairs for a theory.</summary>
    public static TheoryData<string, string> VariantLines()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in Project.ShippedSpecs)
        {
            foreach (var line in SpecInputs.Load(Project, path).KernelLines)
                data.Add(Path.GetFileNameWithoutExtension(path), line);
        }

        return data;
    }

    public static string SpecPath(string variant) => Path.Combine(Project.SpecsDir, $"{variant}.yaml");

    public static string PatchesDir(string variant, string line) => Path.Combine(Project.PatchesRoot, variant, line);
}
