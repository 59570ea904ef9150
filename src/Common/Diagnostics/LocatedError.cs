using System.Globalization;
using System.Text;

namespace UtracePatchKit.Common.Diagnostics;

/// <summary>
/// A located, actionable error. Used for every input the generator reads (spec, series
/// definition, templates, anchored edits) so the CLI prints them all the same way.
/// Line and column are 1-based; 0 means "no position" (e.g. a git failure on a repository).
/// </summary>
public sealed record LocatedError(string File, int Line, int Column, string Message, string Fix)
{
    public static LocatedError At(SourceLocation location, string message, string fix) =>
        new(location.File, location.Line, location.Column, message, fix);

    /// <summary>
    /// Compiler-style line: <c>specs/x.yaml:12:5: error: message (fix: ...)</c>. Always one line:
    /// values quoted from the input may hold line breaks or other controls, which are escaped.
    /// </summary>
    public string Format()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return OneLine($"{where}: error: {Message} (fix: {Fix})");
    }

    public override string ToString() => Format();

    /// <summary>Control characters as <c>\n</c>, <c>\t</c> or <c>\u001B</c>, so a message stays one terminal line.</summary>
    public static string OneLine(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
