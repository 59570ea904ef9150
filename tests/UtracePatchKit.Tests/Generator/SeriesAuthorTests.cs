using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Series;
using UtracePatchKit.Generator.Spec;
using Xunit;

namespace UtracePatchKit.Tests.Generator;

public sealed class SeriesAuthorTests : IDisposable
{
    private static readonly Author Flag = new("Flag User", "flag@example.org");
    private static readonly Author Git = new("Git User", "git@example.org");
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private VariantSpec Spec(string? author) => new SpecLoader(["6.1"], _dir.Path).Load(_dir.Write("specs/report-resume.yaml",
        author is null ? SpecSamples.Valid : SpecSamples.Valid.Replace("variant: report-resume\n", $"variant: report-resume\nauthor: \"{author}\"\n")));

    private static Task<Author?> GitSays(Author? who) => Task.FromResult(who);

    [Fact]
    public async Task The_flag_wins_then_the_spec_then_git()
    {
        var withAuthor = Spec("Spec Writer <spec@example.org>");
        var without = Spec(null);

        Assert.Equal(Flag, await SeriesAuthor.ResolveAsync(Flag, withAuthor, default, (_, _) => GitSays(Git)));
        Assert.Equal(new Author("Spec Writer", "spec@example.org"), await SeriesAuthor.ResolveAsync(null, withAuthor, default, (_, _) => GitSays(Git)));
        Assert.Equal(Git, await SeriesAuthor.ResolveAsync(null, without, default, (_, _) => GitSays(Git)));
    }

    [Fact]
    public async Task Nobody_at_all_is_a_located_error_naming_every_way_out()
    {
        var ex = await Assert.ThrowsAsync<InputException>(() => SeriesAuthor.ResolveAsync(null, Spec(null), default, (_, _) => GitSays(null)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(("specs/report-resume.yaml", 1, 1), (error.File, error.Line, error.Column));
        Assert.Contains("no author", error.Message);
        Assert.Contains("--author", error.Fix);
        Assert.Contains("git config user.name", error.Fix);
    }

    [Fact]
    public void A_bad_spec_author_is_located()
    {
        var ex = Assert.Throws<SpecException>(() => Spec("just a name"));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((2, 9), (error.Line, error.Column));
        Assert.Contains("not 'Name <email>'", error.Message);
    }

    [Fact]
    public async Task Git_identity_is_what_git_is_configured_with_and_never_a_guess()
    {
        var config = _dir.Write("gitconfig", "[user]\n\tname = Git User\n\temail = git@example.org\n");
        var empty = _dir.Write("empty-gitconfig", "");

        Assert.Equal(Git, await GitIdentity.ReadAsync(_dir.Path, default, Environment(config)));
        Assert.Null(await GitIdentity.ReadAsync(_dir.Path, default, Environment(empty)));
    }

    // Only the given global config counts: no system config, no repository around the temp dir, no variables.
    private Dictionary<string, string?> Environment(string globalConfig) => new()
    {
        ["GIT_CONFIG_GLOBAL"] = globalConfig,
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CEILING_DIRECTORIES"] = Path.GetDirectoryName(_dir.Path),
        ["HOME"] = _dir.Path,
        ["XDG_CONFIG_HOME"] = _dir.Path,
        ["GIT_AUTHOR_NAME"] = null,
        ["GIT_AUTHOR_EMAIL"] = null,
        ["EMAIL"] = null,
    };
}
