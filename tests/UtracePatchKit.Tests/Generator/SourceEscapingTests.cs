using UtracePatchKit.Generator;
using UtracePatchKit.Generator.Diagnostics;
using UtracePatchKit.Generator.Output;
using UtracePatchKit.Generator.Rendering;
using UtracePatchKit.Generator.Series;
using UtracePatchKit.Generator.Spec;
using Xunit;

namespace UtracePatchKit.Tests.Generator;

/// <summary>File names and free text reach generated C only through <see cref="SourceText"/>.</summary>
public sealed class SourceEscapingTests : IDisposable
{
    private const string Hostile = "c */ int x; /*";
    private readonly SeriesFixture _fixture = new();
    private readonly TempDir _elsewhere = new();

    public SourceEscapingTests()
    {
        // A template that puts every free value where C is most fragile.
        _fixture.Dir.Write("templates/core/utrace.c.sbn",
            "/*\n * {{ generated_notice }}\n * from {{ spec.source_path }}\n * {{ spec.description }}\n */\n" +
            "// {{ spec.source_path }}\nstatic const char *src = \"{{ spec.source_path }} {{ spec.description }}\";\n");
    }

    public void Dispose()
    {
        _fixture.Dispose();
        _elsewhere.Dispose();
    }

    [Theory]
    [InlineData("specs/report-resume.yaml", "specs/report-resume.yaml")]
    [InlineData("c */ int x; /*", "c %2A/ int x; /%2A")]
    [InlineData("a\nb\\\"c'#$%?`", "a%0Ab%5C%22c%27%23%24%25%3F%60")]
    [InlineData("café", "caf%C3%A9")]
    public void Escape_keeps_plain_names_and_encodes_the_rest(string text, string escaped) =>
        Assert.Equal(escaped, SourceText.Escape(text));

    [Fact]
    public void A_spec_under_a_hostile_directory_cannot_inject_code()
    {
        var spec = _fixture.Dir.Write($"specs/{Hostile}/report-resume.yaml", SpecSamples.Valid);

        var file = GeneratedCore(spec);

        Assert.DoesNotContain("*/ int x", file);
        Assert.Contains("specs/c %2A/ int x; /%2A/report-resume.yaml", file);
        Assert.Equal(1, Count(file, "*/"));
    }

    [Fact]
    public void A_spec_outside_the_repository_is_named_by_its_file_name_only()
    {
        var spec = _elsewhere.Write($"{Hostile}/report-resume.yaml", SpecSamples.Valid);

        var series = Generate(spec);

        Assert.All(series.Patches, p => Assert.DoesNotContain(_elsewhere.Path, p.Content));
        Assert.Contains("Generated from report-resume.yaml by UtracePatchKit", series.Patches[0].Content);
        Assert.Contains("+ * from report-resume.yaml\n", series.Patches[1].Content);
    }

    [Fact]
    public void The_description_is_escaped_in_sources_and_kept_in_the_cover_letter()
    {
        _fixture.Dir.Write("templates/series-6.1.yaml", SeriesFixture.Series.Replace("This series implements the {{ spec.variant }} variant.",
            "This series implements the {{ spec.variant }} variant.\n\n    {{ spec.description }}"));
        var spec = _fixture.Dir.Write("specs/report-resume.yaml",
            SpecSamples.Valid.Replace("  The seed's proposal.\n", "  Ends a comment */ and a \"string\";\n  // a second line\n"));

        var series = Generate(spec);
        var core = series.Patches[1].Content;

        Assert.Contains("Ends a comment */ and a \"string\";\n// a second line", series.Patches[0].Content);
        Assert.Contains("Ends a comment %2A/ and a %22string%22;%0A// a second line%0A", core);
        Assert.Equal(1, Count(core, "*/"));
    }

    private string GeneratedCore(string spec) => Generate(spec).Patches[1].Content;

    private GeneratedSeries Generate(string spec)
    {
        var repo = _fixture.Dir.Combine("kernel");
        if (!Directory.Exists(repo))
        {
            KernelRepo.Create(repo, SeriesFixture.BaseFiles);
        }

        return SeriesGenerator.GenerateAsync(new GenerateRequest(spec, _fixture.TemplatesRoot, new BaseTree(repo, "utpk-base"))
        {
            RepoRoot = _fixture.Dir.Path,
        }).GetAwaiter().GetResult();
    }

    private static int Count(string text, string what) =>
        text.Split('\n').Where(l => l.StartsWith('+')).Sum(l => (l.Length - l.Replace(what, "").Length) / what.Length);
}
