using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Spec;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>
/// Loads every spec of a command before anything is written, so a run is all or nothing: a bad
/// second spec stops the command before the first one's output exists. Errors of all the specs
/// are reported together.
/// </summary>
public static class SpecInputs
{
    /// <exception cref="InputException">A spec is unreadable or invalid, or two specs name the same variant.</exception>
    public static IReadOnlyList<VariantSpec> LoadAll(ProjectLayout project, IReadOnlyList<string> specPaths)
    {
        var errors = new ErrorList();
        var specs = new List<VariantSpec>();
        foreach (var path in specPaths)
        {
            try
            {
                specs.Add(Load(project, path));
            }
            catch (InputException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        // Two specs of one variant would write the same patches/<variant>/ and run folder.
        foreach (var group in specs.GroupBy(s => s.Variant).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var again in group.Skip(1))
            {
                errors.Add(again.VariantAt ?? new SourceLocation(again.DisplayPath, 0, 0),
                    $"variant '{again.Variant}' is also given by {first.DisplayPath}", "name each variant once per command");
            }
        }

        errors.ThrowIfAny();
        return specs;
    }

    /// <summary>One spec, checked against the kernel lines that have a series definition.</summary>
    /// <exception cref="InputException">The spec is unreadable or invalid.</exception>
    public static VariantSpec Load(ProjectLayout project, string specPath) =>
        new SpecLoader(Generator.SeriesGenerator.KernelLines(project.TemplatesRoot), project.Root).Load(specPath);
}
