using System.Security.Cryptography;
using System.Text;

namespace UtracePatchKit.QemuHarness.Build;

/// <summary>
/// The extra Kconfig fragments a kernel is built with on top of the project's own (e.g. lockdep),
/// and the <c>make O=</c> directory they get: <c>build</c> without any, otherwise
/// <c>build-&lt;names&gt;-&lt;hash&gt;</c>. Each set keeps its own objects, so switching a debug
/// profile on and off rebuilds nothing that did not change in its own directory.
/// </summary>
/// <remarks>
/// The name depends on the set of fragments (order and duplicates do not matter), not on their
/// content: editing a fragment reconfigures its directory instead of leaving a stale one behind.
/// The hash covers each fragment's path relative to the project root (absolute for fragments
/// outside it), so two fragments with the same file name get different directories while two
/// checkouts of the same project agree on the name.
/// </remarks>
public sealed class BuildProfile
{
    public const string PlainDirectoryName = "build";

    private const int HashLength = 8;

    private BuildProfile(IReadOnlyList<string> fragmentKeys) => FragmentKeys = fragmentKeys;

    /// <summary>No extra fragment: the plain <c>build</c> directory.</summary>
    public static BuildProfile Plain { get; } = new([]);

    /// <summary>The fragments' identities, sorted: paths relative to the project root with '/' separators.</summary>
    public IReadOnlyList<string> FragmentKeys { get; }

    public bool IsPlain => FragmentKeys.Count == 0;

    /// <summary><c>build</c>, or <c>build-&lt;fragment names&gt;-&lt;8 hex digits&gt;</c>, e.g. <c>build-hang-lockdep-3f09a1c2</c>.</summary>
    public string DirectoryName => IsPlain
        ? PlainDirectoryName
        : $"{PlainDirectoryName}-{string.Join('-', FragmentKeys.Select(NameOf))}-{Hash()}";

    /// <param name="fragmentPaths">Extra fragments, absolute or relative to the current directory.</param>
    /// <param name="projectRoot">The checkout the fragments usually live in.</param>
    public static BuildProfile For(IEnumerable<string> fragmentPaths, string projectRoot)
    {
        var root = Path.GetFullPath(projectRoot);
        var keys = fragmentPaths
            .Select(path => Key(Path.GetFullPath(path), root))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return keys.Length == 0 ? Plain : new BuildProfile(keys);
    }

    public override string ToString() => IsPlain ? "plain" : string.Join(" + ", FragmentKeys);

    private static string Key(string fullPath, string root)
    {
        var relative = Path.GetRelativePath(root, fullPath);
        var inside = relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
        return (inside ? relative : fullPath).Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>The fragment's file name without extension, limited to characters every tool accepts in a path.</summary>
    private static string NameOf(string key)
    {
        var name = Path.GetFileNameWithoutExtension(key);
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '_').ToArray());
        return safe.Length == 0 ? "fragment" : safe;
    }

    private string Hash() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', FragmentKeys))))[..HashLength];
}
