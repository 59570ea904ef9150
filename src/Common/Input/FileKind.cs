using System.Runtime.InteropServices;

namespace UtracePatchKit.Common.Input;

/// <summary>What a path names once symbolic links are followed.</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,

    /// <summary>The path exists but could not be examined (permissions, a link loop, a name too long).</summary>
    Inaccessible,
}

/// <summary>The type and size of a path, from statx(2).</summary>
/// <remarks>
/// .NET reports a FIFO or a device as an ordinary zero-length file, and opening a FIFO blocks
/// until a writer appears, so the type has to come from the kernel before anything is opened.
/// statx's buffer has the same layout on every architecture, unlike struct stat.
/// </remarks>
public sealed record FileProbe(FileKind Kind, long Size, int Errno = 0)
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;

    public static FileProbe Of(string path)
    {
        var buffer = new byte[256];
        if (Statx(AtFdCwd, path, 0, StatxType | StatxSize, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            // ENOENT, or ENOTDIR for a path through a regular file.
            return new FileProbe(errno is 2 or 20 ? FileKind.Missing : FileKind.Inaccessible, 0, errno);
        }

        var mode = BitConverter.ToUInt16(buffer, ModeOffset) & 0xF000;
        var kind = mode switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Inaccessible,
        };
        return new FileProbe(kind, (long)BitConverter.ToUInt64(buffer, SizeOffset));
    }

    /// <summary>"a FIFO", "a directory"...: how messages name a kind.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Missing => "missing",
        _ => "not accessible",
    };

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
