using UtracePatchKit.Generator.Series;

namespace UtracePatchKit.Generator.Output;

/// <summary>Fills git's cover letter placeholders with the rendered subject and body.</summary>
internal static class CoverLetter
{
    public const string FileName = "0000-cover-letter.patch";

    public static string Fill(string content, RenderedCoverLetter letter) =>
        content.Replace("*** SUBJECT HERE ***", letter.Subject, StringComparison.Ordinal)
            .Replace("*** BLURB HERE ***", letter.Body, StringComparison.Ordinal);
}
