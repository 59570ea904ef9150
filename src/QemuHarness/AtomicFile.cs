using System.Text;

namespace UtracePatchKit.QemuHarness;

/// <summary>Write to a sibling temp file, then rename: readers never see half a file.</summary>
internal static class AtomicFile
{
    public static async Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(temp, content.ToArray(), cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    public static Task WriteAllTextAsync(string path, string content, CancellationToken cancellationToken) =>
        WriteAllBytesAsync(path, new UTF8Encoding(false).GetBytes(content), cancellationToken);

    /// <summary>Writes only when the content differs, so mtimes (and make) see no change otherwise.</summary>
    /// <returns>True when the file was (re)written.</returns>
    public static async Task<bool> WriteIfChangedAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            var existing = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            if (existing.AsSpan().SequenceEqual(content.Span))
                return false;
        }
        await WriteAllBytesAsync(path, content, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
