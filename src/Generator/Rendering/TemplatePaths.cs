namespace UtracePatchKit.Generator.Rendering;

internal static class TemplatePaths
{
    /// <summary>The full path of a template name under the root, or null if the name escapes it.</summary>
    public static string? Resolve(string templatesRoot, string name)
    {
        var root = Path.GetFullPath(templatesRoot);
        var full = Path.GetFullPath(Path.Combine(root, name));
        var relative = Path.GetRelativePath(root, full);
        return Path.IsPathRooted(name) || relative.StartsWith("..", StringComparison.Ordinal) ? null : full;
    }
}
