namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>Which spec files a command works on (their checks come with loading, see <see cref="SpecInputs"/>).</summary>
public static class SpecSelection
{
    /// <param name="all">Every shipped spec; callers refuse it together with named specs.</param>
    public static IReadOnlyList<string> Resolve(ProjectLayout project, IReadOnlyList<string> given, bool all)
    {
        if (all)
        {
            return project.ShippedSpecs;
        }

        return given.Count == 0 ? [project.DefaultSpec] : given.Select(Path.GetFullPath).ToArray();
    }
}
