using UtracePatchKit.Generator.Output;
using Xunit;

namespace UtracePatchKit.Tests.Generator;

public sealed class SeriesWriterTests : IDisposable
{
    private static readonly DateTime Old = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempDir _out = new();

    public void Dispose() => _out.Dispose();

    private static GeneratedSeries Series(params (string Name, string Content)[] patches) =>
        new("report-resume", "base", "tip", patches.Select(p => new PatchFile(p.Name, p.Content)).ToArray());

    private string PatchPath(string name) => _out.Combine("report-resume", name);

    [Fact]
    public void First_write_adds_every_patch()
    {
        var changes = SeriesWriter.Write(Series(("0001-a.patch", "one\n"), ("0002-b.patch", "two\n")), _out.Path);

        Assert.Equal([(PatchPath("0001-a.patch"), PatchFileChangeKind.Added), (PatchPath("0002-b.patch"), PatchFileChangeKind.Added)],
            changes.Select(c => (c.Path, c.Kind)));
        Assert.Equal("two\n", File.ReadAllText(PatchPath("0002-b.patch")));
        Assert.Empty(Directory.GetFiles(_out.Combine("report-resume"), "*.tmp"));
    }

    [Fact]
    public void Unchanged_files_keep_their_mtime_and_changed_ones_are_rewritten()
    {
        SeriesWriter.Write(Series(("0001-a.patch", "one\n"), ("0002-b.patch", "two\n")), _out.Path);
        File.SetLastWriteTimeUtc(PatchPath("0001-a.patch"), Old);
        File.SetLastWriteTimeUtc(PatchPath("0002-b.patch"), Old);

        var changes = SeriesWriter.Write(Series(("0001-a.patch", "one\n"), ("0002-b.patch", "TWO\n")), _out.Path);

        Assert.Equal((PatchPath("0002-b.patch"), PatchFileChangeKind.Modified), Assert.Single(changes.Select(c => (c.Path, c.Kind))));
        Assert.Equal(Old, File.GetLastWriteTimeUtc(PatchPath("0001-a.patch")));
        Assert.NotEqual(Old, File.GetLastWriteTimeUtc(PatchPath("0002-b.patch")));
        Assert.Equal("TWO\n", File.ReadAllText(PatchPath("0002-b.patch")));
    }

    [Fact]
    public void Stale_patches_are_deleted_and_other_files_kept()
    {
        SeriesWriter.Write(Series(("0001-a.patch", "one\n"), ("0002-old-name.patch", "two\n")), _out.Path);
        _out.Write("report-resume/README", "keep me");

        var changes = SeriesWriter.Write(Series(("0001-a.patch", "one\n"), ("0002-new-name.patch", "two\n")), _out.Path);

        Assert.Contains(changes, c => c.Path == PatchPath("0002-old-name.patch") && c.Kind == PatchFileChangeKind.Deleted);
        Assert.Contains(changes, c => c.Path == PatchPath("0002-new-name.patch") && c.Kind == PatchFileChangeKind.Added);
        Assert.False(File.Exists(PatchPath("0002-old-name.patch")));
        Assert.True(File.Exists(_out.Combine("report-resume", "README")));
    }

    [Fact]
    public void Diff_reports_without_writing()
    {
        SeriesWriter.Write(Series(("0001-a.patch", "one\n"), ("0002-b.patch", "two\n")), _out.Path);
        var next = Series(("0001-a.patch", "uno\n"), ("0003-c.patch", "three\n"));

        var changes = SeriesWriter.Diff(next, _out.Path);

        Assert.Equal(
            [(PatchPath("0001-a.patch"), PatchFileChangeKind.Modified), (PatchPath("0003-c.patch"), PatchFileChangeKind.Added), (PatchPath("0002-b.patch"), PatchFileChangeKind.Deleted)],
            changes.Select(c => (c.Path, c.Kind)));
        Assert.Equal("one\n", File.ReadAllText(PatchPath("0001-a.patch")));
        Assert.False(File.Exists(PatchPath("0003-c.patch")));
        Assert.True(File.Exists(PatchPath("0002-b.patch")));
        Assert.Empty(SeriesWriter.Diff(Series(("0001-a.patch", "one\n"), ("0002-b.patch", "two\n")), _out.Path));
    }

    [Fact]
    public void Diff_of_a_missing_directory_adds_everything()
    {
        var changes = SeriesWriter.Diff(Series(("0001-a.patch", "one\n")), _out.Combine("nowhere"));
        Assert.Equal(PatchFileChangeKind.Added, Assert.Single(changes).Kind);
        Assert.False(Directory.Exists(_out.Combine("nowhere")));
    }
}
