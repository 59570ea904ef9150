using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Spec;

namespace UtracePatchKit.Generator.Series;

/// <summary>
/// Whose name a series carries, first found wins: the caller's choice (<c>--author</c>), the
/// spec's <c>author</c>, the user's git identity. Nothing else: a user's series never silently
/// carries the project's name (the shipped specs name it themselves).
/// </summary>
public static class SeriesAuthor
{
    /// <param name="gitIdentity">Reads git's identity in a directory; default <see cref="GitIdentity.ReadAsync"/> (tests pass their own).</param>
    /// <exception cref="InputException">None of them names anyone (located at the spec).</exception>
    public static async Task<Author> ResolveAsync(
        Author? requested, VariantSpec spec, CancellationToken cancellationToken,
        Func<string, CancellationToken, Task<Author?>>? gitIdentity = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(spec.SourcePath))!;
        var author = requested ?? spec.Author ?? await (gitIdentity ?? ((d, c) => GitIdentity.ReadAsync(d, c)))(directory, cancellationToken);
        return author ?? throw new InputException([new LocatedError(spec.DisplayPath, 1, 1,
            "the series has no author: the spec has no 'author', no --author was given and git has no user.name and user.email",
            $"add author: {Author.Example} to the spec, pass --author {Author.Example}, or set git config user.name and user.email")]);
    }
}
