using System.Text.RegularExpressions;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Processes;
using UtracePatchKit.QemuHarness.Host;

namespace UtracePatchKit.QemuHarness.Source;

/// <summary>One <c>git format-patch</c> file split by <c>git mailinfo</c>.</summary>
internal sealed partial record PatchMail(
    string FilePath,
    string AuthorName,
    string AuthorEmail,
    string AuthorDate,
    string Subject,
    string Body,
    string Diff)
{
    /// <summary>Commit message the way <c>git am</c> builds it: subject, blank line, body.</summary>
    public string CommitMessage => Body.Length == 0 ? Subject + "\n" : $"{Subject}\n\n{Body}\n";

    /// <summary>
    /// <c>0000-cover-letter.patch</c>, or any mail whose subject is numbered "0/N": it describes
    /// the series and carries no diff.
    /// </summary>
    public static bool IsCoverLetter(string filePath, string rawMail) =>
        Path.GetFileName(filePath).StartsWith("0000-", StringComparison.Ordinal) ||
        CoverSubject().IsMatch(rawMail);

    public static async Task<PatchMail> ParseAsync(string filePath, string workDir, CancellationToken cancellationToken)
    {
        var raw = await File.ReadAllTextAsync(filePath, cancellationToken).ConfigureAwait(false);
        var messagePath = Path.Combine(workDir, "msg");
        var diffPath = Path.Combine(workDir, "diff");
        var info = await Git.RunAsync(
            workDir, ["mailinfo", "-u", messagePath, diffPath], standardInput: raw, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (!info.Succeeded)
            throw new InfrastructureException($"git mailinfo cannot parse {filePath}", info.ErrorLines.Append($"patch: {filePath}"));

        var headers = info.StandardOutput.Split('\n')
            .Select(l => l.Split(": ", 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.First()[1].Trim());
        string Header(string name) => headers.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new InfrastructureException($"{filePath} has no {name} header", [$"patch: {filePath}"]);

        var body = (await File.ReadAllTextAsync(messagePath, cancellationToken).ConfigureAwait(false)).Trim('\n', ' ', '\t');
        var diff = await File.ReadAllTextAsync(diffPath, cancellationToken).ConfigureAwait(false);
        return new PatchMail(filePath, Header("Author"), Header("Email"), Header("Date"), Header("Subject"), body, diff);
    }

    [GeneratedRegex(@"^Subject:\s*\[[^\]]*\b0+/\d+\]", RegexOptions.Multiline)]
    private static partial Regex CoverSubject();
}
