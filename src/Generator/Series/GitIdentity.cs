using System.Text;
using System.Text.RegularExpressions;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Processes;

namespace UtracePatchKit.Generator.Series;

/// <summary>
/// The identity <c>git commit</c> would give the user in a directory: <c>git var GIT_AUTHOR_IDENT</c>
/// there, so environment variables, user, repository and conditional includes all count as git
/// counts them. <c>user.useConfigOnly</c> stops git from inventing a name or an address from the
/// account and host name: a series is signed off only by someone who said who they are. The git
/// CLI rather than LibGit2Sharp, which does not follow every include git does.
/// </summary>
internal static partial class GitIdentity
{
    /// <param name="environment">Variables to set or (null) remove for git; tests point it at a config of their own.</param>
    /// <returns>The configured identity, or null when git has none (or cannot run there).</returns>
    public static async Task<Author?> ReadAsync(
        string directory, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? environment = null)
    {
        CommandResult result;
        try
        {
            result = await Git.RunAsync(
                Directory.Exists(directory) ? directory : Path.GetTempPath(),
                ["-c", "user.useConfigOnly=true", "var", "GIT_AUTHOR_IDENT"], environment, cancellationToken: cancellationToken);
        }
        catch (InfrastructureException ex) when (ex.Kind == FailureKind.MissingTool)
        {
            return null; // no git at all: no identity either
        }

        var match = IdentLine().Match(result.StandardOutput.Trim());
        return result.ExitCode == 0 && match.Success ? Author.Parse(match.Groups["who"].Value) : null;
    }

    // "Name <email> 1764460000 +0000": the identity, then the time git var appends.
    [GeneratedRegex(@"^(?<who>.*>) \d+ [+-]\d{4}\z")]
    private static partial Regex IdentLine();
}
