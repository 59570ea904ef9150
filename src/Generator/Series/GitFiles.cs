using System.Text;
using LibGit2Sharp;
using UtracePatchKit.Common.Diagnostics;

namespace UtracePatchKit.Generator.Series;

/// <summary>Reads files of a commit's tree as text, for the planner.</summary>
internal static class GitFiles
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Func<string, string?> Reader(Commit commit, string repoDisplay) => path =>
    {
        if (commit[path]?.Target is not Blob blob)
        {
            return null;
        }

        using var stream = blob.GetContentStream();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        try
        {
            return StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            // Round-tripping invalid UTF-8 through a string would silently corrupt the file.
            throw new InputException([new LocatedError(repoDisplay, 0, 0, $"{path} in {commit.Sha[..12]} is not valid UTF-8 text, so it cannot be edited",
                "anchor the edit in a text file")]);
        }
    };
}
