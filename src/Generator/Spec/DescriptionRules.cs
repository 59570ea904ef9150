using System.Text;
using UtracePatchKit.Common.Input;

namespace UtracePatchKit.Generator.Spec;

/// <summary>
/// What a spec's description may hold. It becomes the body of the series' cover letter, a mail
/// in an mbox: a line that a mail reader takes for the start of the next message ("From "), the
/// end of the message ("---", "diff -", "Index: ", a scissors line) or a control character would
/// change what the series says once it is read back (git am, git mailinfo).
/// </summary>
internal static class DescriptionRules
{
    /// <summary>16 KiB: a cover letter's blurb, not a document.</summary>
    public const int MaxLength = 16 * 1024;

    private static readonly string[] MailBreaks = ["From ", "---", "diff -", "Index: "];

    /// <summary>The first problem: its 0-based line in the description (-1: the whole text) and what is wrong, or null.</summary>
    public static (int Line, string Problem)? FirstProblem(string description)
    {
        if (description.Length > MaxLength)
        {
            return (-1, $"the description is {description.Length} characters long; at most {MaxLength} fit a cover letter");
        }

        var lines = description.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            foreach (var rune in line.EnumerateRunes())
            {
                if (rune.Value != '\t' && (TextChecks.IsForbiddenInFiles(rune) || Rune.IsControl(rune)))
                {
                    return (i, $"the description contains {TextChecks.Name(rune)}");
                }
            }

            if (MailBreaks.FirstOrDefault(b => line.StartsWith(b, StringComparison.Ordinal)) is { } start)
            {
                return (i, $"a description line starting with '{start.TrimEnd()}' would split the cover letter when the mbox is read back");
            }

            if (line.TrimStart().StartsWith('-') && (line.Contains(">8", StringComparison.Ordinal) || line.Contains("8<", StringComparison.Ordinal)))
            {
                return (i, "a scissors line ('-- >8 --') in the description would cut the cover letter when the mbox is read back");
            }
        }

        return null;
    }
}
