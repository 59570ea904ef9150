namespace UtracePatchKit.Generator;

/// <summary>
/// The tool's version as a cover letter names it: major.minor.patch of the assembly (from
/// Directory.Build.props), never the build's commit id, so a regenerated series stays identical
/// until the version is raised.
/// </summary>
internal static class ToolVersion
{
    public static string Text { get; } = typeof(ToolVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
