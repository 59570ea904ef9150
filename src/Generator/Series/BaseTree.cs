namespace UtracePatchKit.Generator.Series;

/// <summary>
/// The kernel tree a series is built on: a git repository owned by the caller and a commit in
/// it (a sha, or anything git resolves to a commit such as a tag). The generator only reads
/// that commit's tree and never checks anything out.
/// </summary>
public sealed record BaseTree(string RepoPath, string BaseCommit);
