using System.Text;

namespace UtracePatchKit.Generator.Output;

public enum PatchFileChangeKind
{
    Added,
    Modified,
    Deleted,
}

/// <param name="Path">Full path of the patch file under the patches root.</param>
public sealed record PatchFileChange(string Path, PatchFileChangeKind Kind);

/// <summary>
/// Writes a series to <c>&lt;patchesRoot&gt;/&lt;variant&gt;/&lt;line&gt;/</c>, touching only files whose bytes change
/// (so mtimes of unchanged patches survive) and removing stale <c>*.patch</c> files.
/// </summary>
public static class SeriesWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>What <see cref="Write"/> would change, without changing anything (check mode).</summary>
    public static IReadOnlyList<PatchFileChange> Diff(GeneratedSeries series, string patchesRoot)
    {
        var directory = VariantDirectory(series, patchesRoot);
        var changes = new List<PatchFileChange>();
        foreach (var patch in series.Patches)
        {
            var path = Path.Combine(directory, patch.Name);
            if (!File.Exists(path))
            {
                changes.Add(new PatchFileChange(path, PatchFileChangeKind.Added));
            }
            else if (!File.ReadAllBytes(path).AsSpan().SequenceEqual(Utf8.GetBytes(patch.Content)))
            {
                changes.Add(new PatchFileChange(path, PatchFileChangeKind.Modified));
            }
        }

        if (Directory.Exists(directory))
        {
            var wanted = series.Patches.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            changes.AddRange(Directory.GetFiles(directory, "*.patch")
                .Where(path => !wanted.Contains(Path.GetFileName(path)))
                .Order(StringComparer.Ordinal)
                .Select(path => new PatchFileChange(path, PatchFileChangeKind.Deleted)));
        }

        return changes;
    }

    /// <returns>The files that were added, rewritten or deleted.</returns>
    public static IReadOnlyList<PatchFileChange> Write(GeneratedSeries series, string patchesRoot)
    {
        var changes = Diff(series, patchesRoot);
        Directory.CreateDirectory(VariantDirectory(series, patchesRoot));
        var contents = series.Patches.ToDictionary(p => p.Name, p => p.Content, StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (change.Kind == PatchFileChangeKind.Deleted)
            {
                File.Delete(change.Path);
                continue;
            }

            // Write beside the target and rename over it, so a reader never sees half a patch.
            var temporary = Path.Combine(Path.GetDirectoryName(change.Path)!, $".{Path.GetFileName(change.Path)}.{Guid.NewGuid():N}.tmp");
            try
            {
                File.WriteAllBytes(temporary, Utf8.GetBytes(contents[Path.GetFileName(change.Path)]));
                File.Move(temporary, change.Path, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }
        }

        return changes;
    }

    private static string VariantDirectory(GeneratedSeries series, string patchesRoot) =>
        Path.Combine(Path.GetFullPath(patchesRoot), series.RelativeDirectory);
}
