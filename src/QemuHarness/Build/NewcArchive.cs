using System.Text;

namespace UtracePatchKit.QemuHarness.Build;

/// <summary>
/// Writes a cpio "newc" (SVR4, no CRC) archive, the format the kernel unpacks as initramfs.
/// Owners are root and mtimes are zero so equal inputs give byte-identical archives.
/// </summary>
internal sealed class NewcArchive
{
    private const int TypeDirectory = 0x4000;
    private const int TypeRegular = 0x8000;
    private const int TypeCharDevice = 0x2000;
    private const int TypeSymlink = 0xA000;

    private readonly List<Entry> _entries = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _names;

    public NewcArchive AddDirectory(string path, int permissions = 0b111_101_101) =>
        Add(path, TypeDirectory | permissions, ReadOnlyMemory<byte>.Empty, 0, 0);

    public NewcArchive AddFile(string path, ReadOnlyMemory<byte> content, int permissions = 0b110_100_100) =>
        Add(path, TypeRegular | permissions, content, 0, 0);

    public NewcArchive AddCharDevice(string path, int major, int minor, int permissions = 0b110_000_000) =>
        Add(path, TypeCharDevice | permissions, ReadOnlyMemory<byte>.Empty, major, minor);

    public NewcArchive AddSymlink(string path, string target) =>
        Add(path, TypeSymlink | 0b111_111_111, Encoding.UTF8.GetBytes(target), 0, 0);

    public byte[] ToArray()
    {
        using var stream = new MemoryStream();
        var inode = 1;
        foreach (var entry in _entries)
            WriteEntry(stream, entry, inode++);
        WriteEntry(stream, new Entry("TRAILER!!!", 0, Array.Empty<byte>(), 0, 0), 0);
        return stream.ToArray();
    }

    /// <summary>Normalises "/a/b" to "a/b" and adds missing parent directories first.</summary>
    private NewcArchive Add(string path, int mode, ReadOnlyMemory<byte> content, int major, int minor)
    {
        var name = Normalize(path);
        var slash = name.LastIndexOf('/');
        if (slash > 0 && !_names.Contains(name[..slash]))
            AddDirectory(name[..slash]);
        if (!_names.Add(name))
            throw new ArgumentException($"'{name}' is already in the archive", nameof(path));
        _entries.Add(new Entry(name, mode, content, major, minor));
        return this;
    }

    private static string Normalize(string path)
    {
        var name = path.Replace('\\', '/').Trim('/');
        if (name.Length == 0 || name.Split('/').Any(part => part is "" or "." or ".."))
            throw new ArgumentException($"'{path}' is not a valid archive path", nameof(path));
        return name;
    }

    private static void WriteEntry(Stream stream, Entry entry, int inode)
    {
        var name = Encoding.UTF8.GetBytes(entry.Name);
        var isDirectory = (entry.Mode & 0xF000) == TypeDirectory;
        var header = new StringBuilder("070701", 110);
        foreach (var field in new long[]
                 {
                     inode, entry.Mode, 0, 0, isDirectory ? 2 : 1, 0, entry.Content.Length,
                     0, 0, entry.DeviceMajor, entry.DeviceMinor, name.Length + 1, 0,
                 })
            header.Append(field.ToString("X8", System.Globalization.CultureInfo.InvariantCulture));

        stream.Write(Encoding.ASCII.GetBytes(header.ToString()));
        stream.Write(name);
        stream.WriteByte(0);
        Pad(stream);
        stream.Write(entry.Content.Span);
        Pad(stream);
    }

    // Header+name and file data are each padded to a multiple of four bytes.
    private static void Pad(Stream stream)
    {
        while (stream.Length % 4 != 0)
            stream.WriteByte(0);
    }

    private sealed record Entry(string Name, int Mode, ReadOnlyMemory<byte> Content, int DeviceMajor, int DeviceMinor);
}
