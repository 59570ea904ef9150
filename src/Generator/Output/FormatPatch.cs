using System.Text;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Processes;
using UtracePatchKit.Generator.Series;

namespace UtracePatchKit.Generator.Output;

/// <summary>
/// Runs <c>git format-patch</c> on a commit range with every input that could vary between
/// machines pinned: no user or system config, fixed locale, a fixed committer identity and date
/// for the cover letter, and explicit diff settings that override the repository's own config.
/// </summary>
internal static class FormatPatch
{
    private static readonly string[] PinnedConfig =
    [
        "core.abbrev=12", "diff.noprefix=false", "format.signature=", "diff.mnemonicPrefix=false",
        "diff.algorithm=myers", "diff.renames=true", "diff.relative=false", "core.quotePath=true",
        "format.coverFromDescription=message", "i18n.logOutputEncoding=UTF-8",
    ];

    // Variables a parent process (e.g. a git hook or CI) may set that would redirect or reconfigure git.
    private static readonly string[] ClearedVariables =
    [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM",
        "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_EXTERNAL_DIFF", "GIT_DIFF_OPTS", "GIT_NOTES_REF",
        "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE", "XDG_CONFIG_HOME", "EMAIL",
    ];

    public static async Task<IReadOnlyList<PatchFile>> RunAsync(
        string gitDir, string baseSha, string tipSha, SeriesPlan plan, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("utpk-format-patch-");
        try
        {
            var home = scratch.CreateSubdirectory("home").FullName;
            var output = scratch.CreateSubdirectory("out").FullName;
            var arguments = new List<string> { "--git-dir", gitDir };
            foreach (var setting in PinnedConfig)
            {
                arguments.AddRange(["-c", setting]);
            }

            arguments.Add("format-patch");
            if (plan.CoverLetter is not null)
            {
                arguments.Add("--cover-letter");
            }

            arguments.AddRange([
                $"--base={baseSha}", "--no-signature", "--stat=80", "--numbered", "--no-thread", "--no-to", "--no-cc", "--no-add-header",
                "--no-notes", "-o", output, $"{baseSha}..{tipSha}",
            ]);

            var environment = ClearedVariables.ToDictionary(name => name, _ => (string?)null);
            environment["HOME"] = home;
            environment["GIT_CONFIG_NOSYSTEM"] = "1";
            environment["LC_ALL"] = "C";
            environment["LANG"] = "C";
            environment["TZ"] = "UTC";
            environment["GIT_COMMITTER_NAME"] = plan.Author.Name;
            environment["GIT_COMMITTER_EMAIL"] = plan.Author.Email;
            environment["GIT_COMMITTER_DATE"] = plan.Date.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
            var result = await Git.RunAsync(scratch.FullName, arguments, environment, cancellationToken: cancellationToken);

            if (result.ExitCode != 0)
            {
                throw new InputException([new LocatedError(gitDir, 0, 0, $"git format-patch failed ({result.ExitCode}): {result.StandardError.Trim()}",
                    "check that git is installed and the base and tip commits exist in the repository")]);
            }

            var files = new List<PatchFile>();
            foreach (var path in Directory.GetFiles(output, "*.patch").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(path);
                var content = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken);
                files.Add(new PatchFile(name, name == CoverLetter.FileName && plan.CoverLetter is { } letter ? CoverLetter.Fill(content, letter, plan.ChangeId) : content));
            }

            return files;
        }
        finally
        {
            // Also on cancellation: a Ctrl-C must not leave utpk-format-patch-* folders behind.
            scratch.Delete(recursive: true);
        }
    }
}
