using System.Buffers;
using System.Text;
using System.Text.Unicode;
using UtracePatchKit.Common.Diagnostics;

namespace UtracePatchKit.Common.Input;

/// <summary>
/// Reads a user-supplied text file (a spec, a scenario, a series definition) defensively: it must
/// be a regular file (not a FIFO that blocks, nor /dev/zero that never ends), at most
/// <see cref="MaxBytes"/> long, valid UTF-8 and free of the control characters that YAML
/// forbids or that would make text look different from what it is. Every problem is a located
/// <see cref="LocatedError"/>, thrown as a <see cref="InputException"/>.
/// </summary>
public static class InputFile
{
    /// <summary>256 KiB: the largest shipped input is a few KiB; anything near this is a mistake.</summary>
    public const int MaxBytes = 256 * 1024;

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <param name="displayName">The file as messages name it.</param>
    /// <param name="what">What the file is, for messages: "spec", "scenario"...</param>
    public static string ReadText(string path, string displayName, string what, int maxBytes = MaxBytes)
    {
        var probe = FileProbe.Of(path);
        if (probe.Kind != FileKind.Regular)
        {
            throw Fail(displayName, 0, 0, NotRegular(probe, what), probe.Kind == FileKind.Missing ? "check the path" : $"pass the {what} file itself");
        }

        byte[] bytes;
        try
        {
            bytes = ReadAtMost(path, maxBytes + 1);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Fail(displayName, 0, 0, $"cannot read the {what}: {ex.Message}", "check the path and its permissions");
        }

        if (bytes.Length > maxBytes)
        {
            var (line, column) = Position(bytes, maxBytes);
            throw Fail(displayName, line, column, $"the {what} is larger than {maxBytes / 1024} KiB (the limit is crossed here)",
                $"keep the {what} under {maxBytes / 1024} KiB");
        }

        return Decode(bytes, displayName, what);
    }

    /// <summary>Strict UTF-8 (a BOM is allowed), then the character check; for text already in memory as bytes.</summary>
    public static string Decode(byte[] bytes, string displayName, string what)
    {
        var start = bytes.AsSpan().StartsWith(Bom) ? Bom.Length : 0;
        var content = bytes.AsSpan(start);
        var chars = new char[content.Length];
        var status = Utf8.ToUtf16(content, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            var (line, column) = Position(bytes, start + read);
            throw Fail(displayName, line, column, $"the {what} is not valid UTF-8 (byte 0x{bytes[start + read]:X2} at offset {start + read})",
                "save the file as UTF-8");
        }

        var text = new string(chars, 0, written);
        if (FirstForbidden(text) is { } bad)
        {
            throw Fail(displayName, bad.Line, bad.Column, $"the {what} contains {TextChecks.Name(bad.Rune)}, which is not allowed in input files",
                "remove it (write control characters as YAML escapes only where a value may hold them)");
        }

        return text;
    }

    private static string NotRegular(FileProbe probe, string what) => probe.Kind switch
    {
        FileKind.Missing => $"{what} file not found",
        FileKind.Directory => "is a directory, not a file",
        FileKind.Inaccessible => $"cannot examine the {what} file (errno {probe.Errno})",
        _ => $"is {FileProbe.Describe(probe.Kind)}, not a regular file",
    };

    private static byte[] ReadAtMost(string path, int limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        var buffer = new byte[Math.Min(limit, 64 * 1024)];
        var total = 0;
        while (total < limit)
        {
            if (total == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(limit, buffer.Length * 2));
            }

            var read = stream.Read(buffer, total, buffer.Length - total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return buffer[..total];
    }

    /// <summary>1-based line and column (in UTF-16 units, as YAML positions count) of a byte offset.</summary>
    private static (int Line, int Column) Position(byte[] bytes, int offset)
    {
        var lineStart = 0;
        var line = 1;
        for (var i = 0; i < offset; i++)
        {
            if (bytes[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var prefix = bytes.AsSpan(lineStart, offset - lineStart);
        // The prefix may end inside a character (at the size limit): count what decodes.
        Utf8.ToUtf16(prefix, new char[prefix.Length], out _, out var columns, replaceInvalidSequences: true);
        return (line, columns + 1);
    }

    private static (int Line, int Column, Rune Rune)? FirstForbidden(string text)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < text.Length;)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length);
            var lineBreak = rune.Value == '\n' || (rune.Value == '\r' && i + 1 < text.Length && text[i + 1] == '\n');
            if (!lineBreak && TextChecks.IsForbiddenInFiles(rune))
            {
                return (line, column, rune);
            }

            if (rune.Value == '\n')
            {
                line++;
                column = 1;
            }
            else if (rune.Value != '\r')
            {
                column += length;
            }

            i += length;
        }

        return null;
    }

    private static InputException Fail(string file, int line, int column, string message, string fix) =>
        new([new LocatedError(file, line, column, message, fix)]);
}
