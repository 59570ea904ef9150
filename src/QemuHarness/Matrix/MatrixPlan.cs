using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Spec;
using UtracePatchKit.QemuHarness.Pipeline;

namespace UtracePatchKit.QemuHarness.Matrix;

/// <summary>
/// The cells of a matrix: every spec on every chosen kernel line under every chosen profile,
/// ordered line, then profile, then variant, so that consecutive cells share a build directory
/// and switching variant rebuilds only kernel/utrace.c and the test driver.
/// </summary>
public sealed record MatrixPlan(IReadOnlyList<MatrixCell> Cells)
{
    /// <param name="kernelLines">--kernel, or null for every line each spec targets.</param>
    /// <param name="profiles">--profile: comma-separated profile names, or null for all of them.</param>
    /// <exception cref="InputException">A line or profile is unknown or repeated.</exception>
    public static MatrixPlan For(ProjectLayout project, IReadOnlyList<VariantSpec> specs, string? kernelLines, string? profiles)
    {
        var errors = new ErrorList();
        IReadOnlyList<SpecOnLine> targets = [];
        try
        {
            targets = KernelLineSelection.Resolve(specs, kernelLines);
        }
        catch (InputException ex)
        {
            errors.AddRange(ex.Errors);
        }

        var chosen = ParseProfiles(profiles, errors);
        errors.ThrowIfAny();
        var paths = new DisplayPaths(project.Root);
        var cells =
            from target in targets
            from profile in chosen
            orderby LineOrder(targets, target.Line), IndexOf(chosen, profile)
            select new MatrixCell(target.Spec.Variant, paths.Of(target.Spec.SourcePath), target.Line, profile.Name);
        return new MatrixPlan(cells.ToArray());
    }

    public MatrixCell? Find(string id) => Cells.FirstOrDefault(c => c.Id == id);

    private static int LineOrder(IReadOnlyList<SpecOnLine> targets, string line) =>
        targets.Select(t => t.Line).Distinct().ToList().IndexOf(line);

    private static int IndexOf(IReadOnlyList<KconfigProfile> profiles, KconfigProfile profile) =>
        profiles.ToList().IndexOf(profile);

    private static IReadOnlyList<KconfigProfile> ParseProfiles(string? option, ErrorList errors)
    {
        if (option is null)
            return KconfigProfile.All;

        var profiles = new List<KconfigProfile>();
        foreach (var name in option.Split(',', StringSplitOptions.TrimEntries))
        {
            if (KconfigProfile.Named(name) is not { } profile)
                errors.Add(new LocatedError("--profile", 0, 0, $"unknown profile '{name}'",
                    $"use some of: {string.Join(", ", KconfigProfile.All.Select(p => p.Name))}, separated by commas"));
            else if (profiles.Contains(profile))
                errors.Add(new LocatedError("--profile", 0, 0, $"profile {name} is given twice", "name each profile once"));
            else
                profiles.Add(profile);
        }

        return profiles;
    }
}
