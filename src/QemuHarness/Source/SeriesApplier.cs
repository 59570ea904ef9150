using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Processes;
using UtracePatchKit.QemuHarness.Host;

namespace UtracePatchKit.QemuHarness.Source;

/// <summary>
/// Turns a patch series into commits without touching the work tree or HEAD: each patch is applied
/// to a private index (GIT_INDEX_FILE) and committed with plumbing. Author, date and message come
/// from the patch and the committer equals the author, so the same series on the same parent
/// gives the same tip on every machine.
/// </summary>
internal sealed class SeriesApplier
{
    /// <summary>Applies <paramref name="patchFiles"/> in order on <paramref name="parentCommit"/>.</summary>
    /// <returns>Full sha of the last commit (the parent itself when every file is a cover letter).</returns>
    public async Task<string> ApplyAsync(
        string repoPath,
        string parentCommit,
        IReadOnlyList<string> patchFiles,
        IProgress<HarnessProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var tip = await RevParseAsync(repoPath, parentCommit + "^{commit}", cancellationToken).ConfigureAwait(false);
        var workDir = Directory.CreateTempSubdirectory("utpk-apply-").FullName;
        var index = Path.Combine(workDir, "index");
        var environment = new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = index };
        try
        {
            await Git.OutputAsync(repoPath, ["read-tree", tip], environment, cancellationToken: cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < patchFiles.Count; i++)
            {
                var file = Path.GetFullPath(patchFiles[i]);
                var name = Path.GetFileName(file);
                if (!File.Exists(file))
                    throw new InfrastructureException($"patch file {file} does not exist");
                var raw = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
                if (PatchMail.IsCoverLetter(file, raw))
                {
                    progress.Report("apply", $"skipping cover letter {name}");
                    continue;
                }

                var mail = await PatchMail.ParseAsync(file, workDir, cancellationToken).ConfigureAwait(false);
                if (mail.Diff.Trim().Length == 0)
                    throw new InfrastructureException($"patch {name} contains no diff", [$"patch: {file}"]);
                progress.Report("apply", $"[{i + 1}/{patchFiles.Count}] {mail.Subject}", 100.0 * i / patchFiles.Count);

                var diffPath = Path.Combine(workDir, "diff");
                var apply = await Git.RunAsync(
                    repoPath, ["apply", "--cached", "--whitespace=nowarn", diffPath], environment,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                if (!apply.Succeeded)
                    throw new InfrastructureException(
                        $"patch {name} does not apply on {tip[..12]}",
                        apply.ErrorLines.Append($"patch: {file}"),
                        file,
                        kind: FailureKind.PatchDoesNotApply);

                var tree = (await Git.OutputAsync(repoPath, ["write-tree"], environment, cancellationToken: cancellationToken).ConfigureAwait(false)).Trim();
                var commitEnvironment = new Dictionary<string, string?>(environment)
                {
                    ["GIT_AUTHOR_NAME"] = mail.AuthorName,
                    ["GIT_AUTHOR_EMAIL"] = mail.AuthorEmail,
                    ["GIT_AUTHOR_DATE"] = mail.AuthorDate,
                    ["GIT_COMMITTER_NAME"] = mail.AuthorName,
                    ["GIT_COMMITTER_EMAIL"] = mail.AuthorEmail,
                    ["GIT_COMMITTER_DATE"] = mail.AuthorDate,
                };
                tip = (await Git.OutputAsync(repoPath, ["commit-tree", tree, "-p", tip, "-F", "-"], commitEnvironment,
                    mail.CommitMessage, cancellationToken).ConfigureAwait(false)).Trim();
            }
            progress.Report("apply", $"series applied, tip {tip[..12]}", 100);
            return tip;
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    /// <summary>
    /// Checks <paramref name="commit"/> out in the work tree (detached, local edits discarded).
    /// Git rewrites only files whose content differs between the two trees, so every other file
    /// keeps its mtime and make rebuilds only what the switch really changed.
    /// </summary>
    public async Task CheckoutAsync(
        string repoPath,
        string commit,
        IProgress<HarnessProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        progress.Report("checkout", $"checking out {commit[..Math.Min(12, commit.Length)]}");
        await Git.OutputAsync(repoPath, ["-c", "advice.detachedHead=false", "checkout", "-q", "-f", "--detach", commit], null, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
    }

    private static async Task<string> RevParseAsync(string repoPath, string revision, CancellationToken cancellationToken) =>
        (await Git.OutputAsync(repoPath, ["rev-parse", "--verify", "--quiet", revision], null, cancellationToken: cancellationToken).ConfigureAwait(false)).Trim();

}
