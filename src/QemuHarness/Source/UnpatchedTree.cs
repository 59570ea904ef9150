using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Processes;
using UtracePatchKit.QemuHarness.Host;

namespace UtracePatchKit.QemuHarness.Source;

/// <summary>
/// The import commit checked out in a git worktree of its own (<see cref="CacheLayout.ForUnpatchedLine"/>).
/// The patched tree's src/ cannot serve: checking the base out there and back would give every file
/// the series touches a new mtime, and make would rebuild half the patched kernel afterwards.
/// </summary>
internal static class UnpatchedTree
{
    /// <summary>Creates the worktree, or repairs it when it is missing, dirty or at another commit.</summary>
    /// <param name="source">The imported tree whose base commit is checked out.</param>
    /// <param name="layout">Where the unpatched tree lives; hold its <see cref="KernelLineLock"/>.</param>
    public static async Task EnsureAsync(
        KernelTree source,
        KernelLineLayout layout,
        IProgress<HarnessProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var baseCommit = source.Tree.BaseCommit;
        if (await StateAsync(layout.SourceDir, cancellationToken).ConfigureAwait(false) is { } state)
        {
            if (state.Head == baseCommit && state.Clean)
            {
                progress.Report("unpatched", $"unpatched tree at {baseCommit[..12]}", 100);
                return;
            }
            progress.Report("unpatched", $"restoring the unpatched tree to {baseCommit[..12]}");
            await Git.OutputAsync(layout.SourceDir, ["-c", "advice.detachedHead=false", "checkout", "-q", "-f", "--detach", baseCommit], cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return;
        }

        // Not a worktree of this repository (never made, or the import was redone): start over.
        if (Directory.Exists(layout.SourceDir))
            Directory.Delete(layout.SourceDir, recursive: true);
        Directory.CreateDirectory(layout.LineDir);
        var repo = source.Tree.RepoPath;
        await Git.OutputAsync(repo, ["worktree", "prune"], cancellationToken: cancellationToken).ConfigureAwait(false);
        progress.Report("unpatched", $"checking out {baseCommit[..12]} into {layout.SourceDir}");
        await Git.OutputAsync(repo, ["worktree", "add", "-f", "--detach", layout.SourceDir, baseCommit], cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static async Task<WorkTreeState?> StateAsync(string directory, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(directory, ".git")))
            return null;
        try
        {
            return await WorkTreeState.ReadAsync(directory, cancellationToken).ConfigureAwait(false);
        }
        catch (InfrastructureException)
        {
            return null; // its git dir is gone
        }
    }

}
