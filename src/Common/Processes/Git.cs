using UtracePatchKit.Common.Diagnostics;

namespace UtracePatchKit.Common.Processes;

/// <summary>
/// The one way the tool runs the git CLI. LibGit2Sharp does the object work it covers (the
/// tarball import, the generated commits); the CLI does what it does not: <c>format-patch</c>,
/// <c>apply --cached</c> and <c>mailinfo</c> (the exact formats a maintainer's git produces and
/// reads), <c>var GIT_AUTHOR_IDENT</c> (every include and variable git honours) and the index
/// refresh and checkout of a kernel-sized work tree (git's stat cache keeps make's mtimes).
/// </summary>
internal static class Git
{
    /// <param name="environment">Variables to set, or (null value) to remove, for this git.</param>
    public static Task<CommandResult> RunAsync(
        string workingDirectory,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? standardInput = null,
        CancellationToken cancellationToken = default) =>
        CommandRunner.RunAsync("git", arguments, workingDirectory, environment, standardInput, cancellationToken);

    /// <summary>Like <see cref="RunAsync"/>; a non-zero exit is an <see cref="InfrastructureException"/>
    /// naming the command, the directory and git's own error lines.</summary>
    /// <returns>git's standard output.</returns>
    public static async Task<string> OutputAsync(
        string workingDirectory,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? standardInput = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(workingDirectory, arguments, environment, standardInput, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new InfrastructureException(
                $"git {string.Join(' ', arguments)} failed in {workingDirectory} (exit code {result.ExitCode})", result.ErrorLines);
        return result.StandardOutput;
    }
}
