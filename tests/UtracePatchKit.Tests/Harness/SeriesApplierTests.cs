using System.Diagnostics;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Source;
using UtracePatchKit.QemuHarness;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

/// <summary>Exercises the applier against a tiny real git repository.</summary>
public sealed class SeriesApplierTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("utpk-series-test-").FullName;
    private readonly string _repo;
    private readonly string _patches;

    public SeriesApplierTests()
    {
        _repo = Path.Combine(_root, "repo");
        _patches = Path.Combine(_root, "patches");
        Directory.CreateDirectory(_repo);
        Git("init", "-q");
        Write("kernel/fork.c", "int fork(void)\n{\n\treturn 0;\n}\n");
        Write("README", "base\n");
        Git("add", "-A");
        Git("commit", "-q", "-m", "base");
        Git("tag", "base");

        Git("checkout", "-q", "-b", "series");
        Write("kernel/fork.c", "int fork(void)\n{\n\tutrace_init();\n\treturn 0;\n}\n");
        Git("commit", "-q", "-am", "fork: call utrace_init\n\nSo that every task has a utrace.\n\nSigned-off-by: Dev <dev@example.org>");
        Write("kernel/utrace.c", "void utrace_init(void)\n{\n}\n");
        Git("add", "-A");
        Git("commit", "-q", "-m", "utrace: add utrace_init");
        Git("format-patch", "-q", "--cover-letter", "-o", _patches, "base..series");
        Git("checkout", "-q", "base");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ReproducesTheOriginalCommitsExactly()
    {
        var files = Directory.GetFiles(_patches).Order(StringComparer.Ordinal).ToList();
        Assert.StartsWith("0000-cover-letter", Path.GetFileName(files[0]));

        var tip = await new SeriesApplier().ApplyAsync(_repo, "base", files);

        // Author = committer with fixed dates in the originals, so the ids must match.
        Assert.Equal(Git("rev-parse", "series"), tip);
        Assert.Equal(Git("rev-parse", "base"), Git("rev-parse", "HEAD"));
        Assert.Equal("base\n", File.ReadAllText(Path.Combine(_repo, "README")));
        Assert.False(File.Exists(Path.Combine(_repo, "kernel", "utrace.c")));
    }

    [Fact]
    public async Task APatchThatDoesNotApplyNamesTheFileAndGitsError()
    {
        Write("kernel/fork.c", "int fork(void)\n{\n\treturn -1;\n}\n");
        Git("commit", "-q", "-am", "diverge");
        var files = Directory.GetFiles(_patches).Order(StringComparer.Ordinal).ToList();

        var ex = await Assert.ThrowsAsync<InfrastructureException>(() => new SeriesApplier().ApplyAsync(_repo, "HEAD", files));

        Assert.Contains("0001-fork-call-utrace_init.patch does not apply", ex.Message);
        Assert.Contains(ex.Details, d => d.StartsWith("error:", StringComparison.Ordinal) && d.Contains("kernel/fork.c"));
        Assert.Contains(ex.Details, d => d.EndsWith("0001-fork-call-utrace_init.patch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckoutRewritesOnlyChangedFiles()
    {
        var tip = await new SeriesApplier().ApplyAsync(_repo, "base", Directory.GetFiles(_patches).Order(StringComparer.Ordinal).ToList());
        var old = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(Path.Combine(_repo, "README"), old);
        File.SetLastWriteTimeUtc(Path.Combine(_repo, "kernel", "fork.c"), old);
        Git("update-index", "-q", "--refresh");

        await new SeriesApplier().CheckoutAsync(_repo, tip);

        Assert.Equal(tip, Git("rev-parse", "HEAD"));
        Assert.Equal(old, File.GetLastWriteTimeUtc(Path.Combine(_repo, "README")));
        Assert.NotEqual(old, File.GetLastWriteTimeUtc(Path.Combine(_repo, "kernel", "fork.c")));
        Assert.True(File.Exists(Path.Combine(_repo, "kernel", "utrace.c")));
        Assert.True((await WorkTreeState.ReadAsync(_repo)).Clean);
    }

    [Fact]
    public async Task OnlyACoverLetterLeavesTheParent()
    {
        var cover = Directory.GetFiles(_patches, "0000-*");

        Assert.Equal(Git("rev-parse", "base"), await new SeriesApplier().ApplyAsync(_repo, "base", cover));
    }

    [Fact]
    public void PatchMailRecognisesCoverLetters()
    {
        Assert.True(PatchMail.IsCoverLetter("/p/0000-cover-letter.patch", ""));
        Assert.True(PatchMail.IsCoverLetter("/p/intro.patch", "From x\nSubject: [PATCH v2 00/12] utrace\n"));
        Assert.False(PatchMail.IsCoverLetter("/p/0001-a.patch", "Subject: [PATCH 1/2] a\n"));
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_repo, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _repo, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in new Dictionary<string, string>
                 {
                     ["GIT_AUTHOR_NAME"] = "Dev", ["GIT_AUTHOR_EMAIL"] = "dev@example.org", ["GIT_AUTHOR_DATE"] = "2026-01-01T00:00:00Z",
                     ["GIT_COMMITTER_NAME"] = "Dev", ["GIT_COMMITTER_EMAIL"] = "dev@example.org", ["GIT_COMMITTER_DATE"] = "2026-01-01T00:00:00Z",
                     ["GIT_CONFIG_GLOBAL"] = "/dev/null", ["GIT_CONFIG_NOSYSTEM"] = "1",
                 })
            start.Environment[key] = value;
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
        return output.Trim();
    }
}
