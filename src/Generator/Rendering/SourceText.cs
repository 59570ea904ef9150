using System.Text;

namespace UtracePatchKit.Generator.Rendering;

/// <summary>Where a rendered template ends up, which decides how free text is escaped in it.</summary>
internal enum OutputKind
{
    /// <summary>A file of the kernel tree (C, Kconfig, Makefile): whole files and anchored edits.</summary>
    Source,

    /// <summary>A commit message or the cover letter: mail text, validated rather than escaped.</summary>
    Message,
}

/// <summary>
/// The escaping layer between anything that did not come from the templates (file names, the
/// user's free text) and generated kernel sources. Every character outside a small set that is
/// inert in C comments and string literals, Kconfig help text and Makefile comments becomes
/// <c>%XX</c> per UTF-8 byte: no <c>*/</c>, quote, backslash, line break, <c>#</c> or <c>$</c> can
/// reach the output, and ordinary names (specs/report-resume.yaml) read unchanged.
/// </summary>
internal static class SourceText
{
    private const string Inert = " .,:;_-+=@()[]{}<>!~^&|/";

    public static string Escape(string text)
    {
        if (text.All(IsInert))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii && IsInert((char)rune.Value))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static bool IsInert(char c) => char.IsAsciiLetterOrDigit(c) || Inert.Contains(c);
}
