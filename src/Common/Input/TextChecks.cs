using System.Globalization;
using System.Text;

namespace UtracePatchKit.Common.Input;

/// <summary>Which characters user input may hold, shared by file reading and value checks.</summary>
internal static class TextChecks
{
    /// <summary>
    /// C0 controls other than tab and line feed, DEL, C1 controls, the Unicode line and paragraph
    /// separators (YAML 1.1 line breaks, so positions would disagree) and the bidirectional
    /// overrides and isolates that make text display differently from what it is.
    /// </summary>
    public static bool IsForbiddenInFiles(Rune rune) =>
        (rune.Value < 0x20 && rune.Value is not '\t' and not '\n')
        || rune.Value is >= 0x7F and <= 0x9F
        || rune.Value is 0x2028 or 0x2029 or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069)
        || rune.Value == 0xFEFF;

    /// <summary>"U+0007 (a control character)": how messages name a character.</summary>
    public static string Name(Rune rune)
    {
        var code = $"U+{rune.Value.ToString("X4", CultureInfo.InvariantCulture)}";
        return rune.Value switch
        {
            '\r' => $"{code} (a carriage return outside a CR LF line end)",
            < 0x20 or (>= 0x7F and <= 0x9F) => $"{code} (a control character)",
            0x2028 or 0x2029 => $"{code} (a Unicode line or paragraph separator)",
            0xFEFF => $"{code} (a byte order mark inside the text)",
            _ => $"{code} (a bidirectional text control)",
        };
    }
}
