using UtracePatchKit.Generator.Diagnostics;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>Which spec files a command works on.</summary>
public static class SpecSelection
{
    public static IReadOnlyList<string> Resolve(ProjectLayout project, IReadOnlyList<string> given, bool all)
    {
        if (all)
        {
            return project.ShippedSpecs;
        }

        if (given.Count == 0)
        {
            return [project.DefaultSpec];
        }

        var missing = given.Where(s => !File.Exists(s)).ToArray();
        if (missing.Length > 0)
        {
            throw new GeneratorException(missing.Select(m =>
                new SpecError(m, 0, 0, "spec file not found", $"pass an existing spec, e.g. {Path.GetRelativePath(Directory.GetCurrentDirectory(), project.DefaultSpec)}")));
        }

        return given.Select(Path.GetFullPath).ToArray();
    }
}
