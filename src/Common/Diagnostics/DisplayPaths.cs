namespace UtracePatchKit.Common.Diagnostics;

/// <summary>
/// Turns file system paths into the repo-relative, forward-slash names used in messages and in
/// generated output, so nothing machine-specific (absolute paths) leaks into patches.
/// </summary>
public sealed record DisplayPaths(string? RepoRoot)
{
    public string Of(string path)
    {
        var full = Path.GetFullPath(path);
        if (RepoRoot is not null)
        {
            var relative = Path.GetRelativePath(Path.GetFullPath(RepoRoot), full);
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            {
                return relative.Replace(Path.DirectorySeparatorChar, '/');
            }
        }

        return path.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// The name generated output may carry: repo-relative inside the repo, else the bare file name
    /// (an absolute path would leak the user's machine layout into patches).
    /// </summary>
    public string OutputName(string path)
    {
        var full = Path.GetFullPath(path);
        if (RepoRoot is not null)
        {
            var relative = Path.GetRelativePath(Path.GetFullPath(RepoRoot), full);
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            {
                return relative.Replace(Path.DirectorySeparatorChar, '/');
            }
        }

        return Path.GetFileName(full);
    }

    /// <summary>The nearest ancestor of <paramref name="path"/> that holds a <c>.git</c> entry.</summary>
    public static string? FindRepoRoot(string path)
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/"); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
