using LibGit2Sharp;

namespace UtracePatchKit.Tests.Generator;

/// <summary>A tiny stand-in for the cached kernel tree: a git repo whose base commit has fixed identity and date.</summary>
public static class KernelRepo
{
    public static string Create(string directory, IReadOnlyDictionary<string, string> files)
    {
        Repository.Init(directory);
        using var repo = new Repository(directory);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
            if (path.EndsWith(".sh", StringComparison.Ordinal) && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(full, File.GetUnixFileMode(full) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }

        Commands.Stage(repo, "*");
        var signature = new Signature("Base Import", "base@example.org", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var commit = repo.Commit("base", signature, signature);
        repo.Tags.Add("utpk-base", commit);
        repo.Tags.Add("utpk-base-annotated", commit, signature, "pristine import");
        return commit.Sha;
    }
}
