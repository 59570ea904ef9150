using UtracePatchKit.Common.Processes;
using UtracePatchKit.QemuHarness.Host;

namespace UtracePatchKit.QemuHarness.Source;

/// <summary>What is checked out in a work tree, and whether it matches that commit exactly.</summary>
/// <param name="Clean">No tracked file differs from <paramref name="Head"/>; stamps are only trusted then.</param>
internal sealed record WorkTreeState(string Head, bool Clean)
{
    public static async Task<WorkTreeState> ReadAsync(string repoPath, CancellationToken cancellationToken = default)
    {
        var head = await Git.OutputAsync(repoPath, ["rev-parse", "HEAD"], cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        // Refresh first: without it, files whose stat data changed look modified to diff-index.
        await Git.RunAsync(repoPath, ["update-index", "-q", "--refresh"], cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var diff = await Git.RunAsync(repoPath, ["diff-index", "--quiet", "HEAD", "--"], cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return new WorkTreeState(head.Trim(), diff.Succeeded);
    }
}
