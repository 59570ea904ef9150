using System.Globalization;
using System.Text;
using UtracePatchKit.QemuHarness.Build;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

public class NewcArchiveTests
{
    [Fact]
    public void EntriesRoundTripWithModesDevicesAndAlignment()
    {
        var bytes = new NewcArchive()
            .AddDirectory("dev")
            .AddCharDevice("dev/console", 5, 1)
            .AddFile("/init", Encoding.ASCII.GetBytes("#!x"), 0b111_101_101)
            .ToArray();

        var entries = Read(bytes);

        Assert.Equal(["dev", "dev/console", "init", "TRAILER!!!"], entries.Select(e => e.Name));
        Assert.Equal(0x41ED, entries[0].Mode);                   // directory 0755
        Assert.Equal(0x2180, entries[1].Mode);                   // char device 0600
        Assert.Equal((5, 1), (entries[1].RdevMajor, entries[1].RdevMinor));
        Assert.Equal(0x81ED, entries[2].Mode);                   // regular 0755
        Assert.Equal("#!x", Encoding.ASCII.GetString(entries[2].Data));
        Assert.Equal(0, bytes.Length % 4);
    }

    [Fact]
    public void MissingParentDirectoriesAreAddedFirst()
    {
        var names = Read(new NewcArchive().AddFile("usr/share/x", new byte[] { 1 }).ToArray()).Select(e => e.Name);

        Assert.Equal(["usr", "usr/share", "usr/share/x", "TRAILER!!!"], names);
    }

    [Fact]
    public void SameInputGivesSameBytes()
    {
        static byte[] Build() => new NewcArchive().AddDirectory("proc").AddFile("init", new byte[] { 1, 2, 3 }).ToArray();

        Assert.Equal(Build(), Build());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/../b")]
    [InlineData("/")]
    public void InvalidPathsAreRejected(string path) =>
        Assert.Throws<ArgumentException>(() => new NewcArchive().AddFile(path, new byte[] { 1 }));

    [Fact]
    public void DuplicatePathsAreRejected() =>
        Assert.Throws<ArgumentException>(() => new NewcArchive().AddDirectory("tmp").AddDirectory("/tmp/"));

    private sealed record CpioEntry(string Name, int Mode, int RdevMajor, int RdevMinor, byte[] Data);

    /// <summary>An independent newc reader, strict about magic and padding.</summary>
    private static List<CpioEntry> Read(byte[] archive)
    {
        var entries = new List<CpioEntry>();
        var offset = 0;
        while (true)
        {
            Assert.Equal("070701", Encoding.ASCII.GetString(archive, offset, 6));
            int Field(int index) => int.Parse(Encoding.ASCII.GetString(archive, offset + 6 + index * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var mode = Field(1);
            var fileSize = Field(6);
            var nameSize = Field(11);
            var name = Encoding.ASCII.GetString(archive, offset + 110, nameSize - 1);
            Assert.Equal(0, archive[offset + 110 + nameSize - 1]);
            var dataStart = Align(offset + 110 + nameSize);
            var data = archive[dataStart..(dataStart + fileSize)];
            entries.Add(new CpioEntry(name, mode, Field(9), Field(10), data));
            offset = Align(dataStart + fileSize);
            if (name == "TRAILER!!!")
                break;
        }
        Assert.Equal(archive.Length, offset);
        return entries;
    }

    private static int Align(int value) => (value + 3) & ~3;
}
