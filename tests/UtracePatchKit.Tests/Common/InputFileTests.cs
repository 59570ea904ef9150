using System.Text;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Input;
using UtracePatchKit.Tests.Generator;
using UtracePatchKit.Tests.Support;
using Xunit;

namespace UtracePatchKit.Tests.Common;

/// <summary>Input files are read defensively: type, size, encoding and characters are checked before YAML sees them.</summary>
public sealed class InputFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private LocatedError Error(string path) =>
        Assert.Single(Assert.Throws<InputException>(() => InputFile.ReadText(path, "in.yaml", "spec")).Errors);

    [Fact]
    public async Task A_fifo_is_refused_without_being_opened()
    {
        var fifo = Fifo.Create(_dir.Combine("fifo.yaml"));

        // Opening it would block forever: the check must come from its type alone.
        var error = await Task.Run(() => Error(fifo)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("is a FIFO (named pipe), not a regular file", error.Message);
    }

    [Fact]
    public void A_symlink_to_dev_zero_is_refused_as_a_device()
    {
        var link = _dir.Combine("zero.yaml");
        File.CreateSymbolicLink(link, "/dev/zero");

        Assert.Contains("is a character device, not a regular file", Error(link).Message);
    }

    [Fact]
    public void A_directory_is_reported_as_a_directory()
    {
        Directory.CreateDirectory(_dir.Combine("d.yaml"));

        Assert.Equal("is a directory, not a file", Error(_dir.Combine("d.yaml")).Message);
    }

    [Fact]
    public void A_missing_file_and_a_dangling_link_are_not_found()
    {
        File.CreateSymbolicLink(_dir.Combine("dangling.yaml"), _dir.Combine("nowhere"));

        Assert.Equal("spec file not found", Error(_dir.Combine("absent.yaml")).Message);
        Assert.Equal("spec file not found", Error(_dir.Combine("dangling.yaml")).Message);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_where_the_limit_is_crossed()
    {
        var line = new string('a', 1023) + "\n";
        var path = _dir.Write("big.yaml", string.Concat(Enumerable.Repeat(line, 300)));

        var error = Error(path);

        Assert.Contains("larger than 256 KiB", error.Message);
        Assert.Equal((257, 1), (error.Line, error.Column));
    }

    [Fact]
    public void Invalid_utf8_is_a_located_error_not_a_replacement_character()
    {
        var path = _dir.Combine("latin1.yaml");
        File.WriteAllBytes(path, [.. "variant: x\ndescription: caf"u8, 0xE9, .. "\n"u8]);

        var error = Error(path);

        Assert.Equal((2, 17), (error.Line, error.Column));
        Assert.Contains("not valid UTF-8 (byte 0xE9", error.Message);
    }

    [Theory]
    [InlineData("a: b\u0007\n", 1, 5, "U+0007 (a control character)")]
    [InlineData("a: b\nc: x\ry\n", 2, 5, "U+000D (a carriage return")]
    [InlineData("a: b\nc: \u202Eevil\n", 2, 4, "U+202E (a bidirectional text control)")]
    [InlineData("a: \u00e9\u2028b\n", 1, 5, "U+2028")]
    public void Control_characters_are_located(string text, int line, int column, string message)
    {
        var error = Error(_dir.Write("c.yaml", text));

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_bom_crlf_line_ends_and_tabs_inside_lines_are_fine()
    {
        var path = _dir.Combine("ok.yaml");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("a: b\r\nc: \"x\ty\"\r\n")]);

        Assert.Equal("a: b\r\nc: \"x\ty\"\r\n", InputFile.ReadText(path, "ok.yaml", "spec"));
    }

    [Fact]
    public void Probe_reports_type_and_size()
    {
        var path = _dir.Write("five.yaml", "12345");

        Assert.Equal(new FileProbe(FileKind.Regular, 5), FileProbe.Of(path));
        Assert.Equal(FileKind.Directory, FileProbe.Of(_dir.Path).Kind);
        Assert.Equal(FileKind.CharacterDevice, FileProbe.Of("/dev/null").Kind);
        Assert.Equal(FileKind.Missing, FileProbe.Of(_dir.Combine("five.yaml", "below")).Kind);
    }

    [Fact]
    public void Errors_print_on_one_line_whatever_they_quote()
    {
        var error = new LocatedError("a\nb.yaml", 1, 2, "band name 'x\n' is bad", "fix\tit");

        Assert.Equal("a\\nb.yaml:1:2: error: band name 'x\\n' is bad (fix: fix\\tit)", error.Format());
    }
}
