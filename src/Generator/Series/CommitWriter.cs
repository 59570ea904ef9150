using System.Text;
using LibGit2Sharp;

namespace UtracePatchKit.Generator.Series;

/// <summary>
/// Writes a <see cref="SeriesPlan"/> as a chain of commits straight into the object database:
/// no index, no work tree, no branch or HEAD moves. Fixed identities and dates make the ids
/// deterministic.
/// </summary>
internal static class CommitWriter
{
    public static Commit Write(Repository repo, Commit parent, SeriesPlan plan)
    {
        var tree = TreeDefinition.From(parent);
        var tip = parent;
        foreach (var patch in plan.Patches)
        {
            foreach (var (path, content) in patch.Files)
            {
                var blob = repo.ObjectDatabase.CreateBlob(new MemoryStream(Encoding.UTF8.GetBytes(content)));

                // Existing files keep their mode (e.g. executable scripts); new ones are regular files.
                var mode = tree[path]?.Mode is { } existing && existing != Mode.Directory ? existing : Mode.NonExecutableFile;
                tree.Add(path, blob, mode);
            }

            var signature = new Signature(plan.Author.Name, plan.Author.Email, patch.Date);
            tip = repo.ObjectDatabase.CreateCommit(signature, signature, patch.Message, repo.ObjectDatabase.CreateTree(tree), [tip], prettifyMessage: false);
        }

        return tip;
    }
}
