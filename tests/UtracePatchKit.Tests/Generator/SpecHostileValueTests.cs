using System.Text;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Spec;
using Xunit;
using static UtracePatchKit.Tests.Generator.SpecSamples;

namespace UtracePatchKit.Tests.Generator;

/// <summary>Spec values that used to pass validation and reach C or the mbox unchanged.</summary>
public sealed class SpecHostileValueTests : IDisposable
{
    private readonly TempDir _repo = new();

    public void Dispose() => _repo.Dispose();

    private IReadOnlyList<LocatedError> Errors(string text, string name = "report-resume") =>
        Assert.Throws<SpecException>(() => new SpecLoader(["6.1", "6.12"], _repo.Path).Load(_repo.Write($"specs/{name}.yaml", text))).Errors;

    [Fact]
    public void A_quoted_band_name_with_a_trailing_newline_is_refused()
    {
        // '$' in a .NET pattern matches before a final newline; the name went into an enum in C.
        var error = Assert.Single(Errors(With(("  observer: 10", "  \"observer\\n\": 10"))));

        Assert.Equal((ObserverLine, 3), (error.Line, error.Column));
        Assert.Contains("does not match ^[a-z_]+$", error.Message);
    }

    [Fact]
    public void A_quoted_variant_with_a_trailing_newline_is_refused()
    {
        var errors = Errors(Valid.Replace("variant: report-resume", "variant: \"report-resume\\n\""));

        Assert.Contains(errors, e => e.Line == 1 && e.Message.Contains("does not match ^[a-z0-9][a-z0-9-]*$"));
    }

    [Theory]
    [InlineData("\"6.1\\n\"")]
    [InlineData("\"6.1 */\"")]
    public void A_kernel_line_must_be_a_version(string value)
    {
        // Overlays load specs without a list of supported lines, so the shape is checked on its own.
        var text = Valid.Replace("kernel: \"6.1\"", "kernel: " + value);
        var error = Assert.Single(Assert.Throws<SpecException>(() =>
            new SpecLoader(null, _repo.Path).Load(_repo.Write("specs/report-resume.yaml", text))).Errors);

        Assert.Equal(4, error.Line);
        Assert.Contains("is not a version like 6.1", error.Message);
    }

    [Theory]
    [InlineData("From 77c973521d92cdb053b974152cdd28ed44891ecf Mon Sep 17 00:00:00 2001", "'From'")]
    [InlineData("---", "'---'")]
    [InlineData("--- a/kernel/utrace.c", "'---'")]
    [InlineData("diff --git a/x b/x", "'diff -'")]
    [InlineData("Index: kernel/utrace.c", "'Index:'")]
    [InlineData("-- >8 --", "scissors")]
    public void A_description_line_that_splits_the_mbox_is_refused_at_that_line(string line, string named)
    {
        var text = Valid.Replace("  The seed's proposal.\n", $"  The seed's proposal.\n  More text.\n  {line}\n  After.\n");

        var error = Assert.Single(Errors(text));

        Assert.Equal((5, 3), (error.Line, error.Column));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Indented_mail_words_are_fine()
    {
        var text = Valid.Replace("  The seed's proposal.\n", "  The seed's proposal:\n    --- not a separator\n    From here on.\n");

        var spec = new SpecLoader(["6.1", "6.12"], _repo.Path).Load(_repo.Write("specs/report-resume.yaml", text));

        Assert.Contains("  From here on.", spec.Description);
    }

    [Fact]
    public void A_control_character_spelled_as_an_escape_is_refused()
    {
        var text = Valid.Replace("description: |\n  The seed's proposal.\n", "description: \"bell \\a here\"\n");

        var error = Assert.Single(Errors(text));

        Assert.Equal((2, 14), (error.Line, error.Column));
        Assert.Contains("U+0007", error.Message);
    }

    [Fact]
    public void A_huge_description_is_refused_not_cut()
    {
        var body = string.Concat(Enumerable.Repeat("  " + new string('x', 70) + "\n", 300));
        var text = Valid.Replace("  The seed's proposal.\n", body);

        var error = Assert.Single(Errors(text));

        Assert.Equal((2, 14), (error.Line, error.Column));
        Assert.Contains($"at most {DescriptionRules.MaxLength}", error.Message);
    }

    [Fact]
    public void Invalid_utf8_in_a_spec_is_located()
    {
        var path = _repo.Combine("specs", "report-resume.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = Encoding.UTF8.GetBytes(Valid.Replace("The seed's proposal.", "The seed's propos@l."));
        bytes[Array.IndexOf(bytes, (byte)'@')] = 0xFF;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Single(Assert.Throws<SpecException>(() => new SpecLoader(["6.1", "6.12"], _repo.Path).Load(path)).Errors);

        Assert.Equal(("specs/report-resume.yaml", 3, 20), (error.File, error.Line, error.Column));
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [Fact]
    public void Source_name_is_repo_relative_inside_the_repo_and_bare_outside()
    {
        using var elsewhere = new TempDir();
        var inside = new SpecLoader(["6.1", "6.12"], _repo.Path).Load(_repo.Write("specs/report-resume.yaml", Valid));
        var outside = new SpecLoader(["6.1", "6.12"], _repo.Path).Load(elsewhere.Write("deep/dir/report-resume.yaml", Valid));

        Assert.Equal("specs/report-resume.yaml", inside.SourceName);
        Assert.Equal("report-resume.yaml", outside.SourceName);
        Assert.StartsWith(elsewhere.Path, outside.DisplayPath);
    }
}
