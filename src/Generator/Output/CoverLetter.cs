using UtracePatchKit.Generator.Series;

namespace UtracePatchKit.Generator.Output;

/// <summary>
/// Fills git's cover letter placeholders with the rendered subject and body, and adds b4's
/// <c>change-id:</c> line right after git's <c>base-commit:</c>, where b4 writes it, so
/// <c>b4 prep</c> and <c>b4 am</c> know the series across revisions.
/// </summary>
internal static class CoverLetter
{
    public const string FileName = "0000-cover-letter.patch";

    public static string Fill(string content, RenderedCoverLetter letter, string changeId)
    {
        var filled = content.Replace("*** SUBJECT HERE ***", letter.Subject, StringComparison.Ordinal)
            .Replace("*** BLURB HERE ***", letter.Body, StringComparison.Ordinal);
        var baseLine = filled.IndexOf("\nbase-commit: ", StringComparison.Ordinal);
        if (baseLine < 0)
        {
            return filled + $"\nchange-id: {changeId}\n";
        }

        var end = filled.IndexOf('\n', baseLine + 1);
        return end < 0
            ? filled + $"\nchange-id: {changeId}\n"
            : filled.Insert(end + 1, $"change-id: {changeId}\n");
    }
}
