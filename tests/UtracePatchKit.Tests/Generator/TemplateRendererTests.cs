using UtracePatchKit.Generator.Diagnostics;
using UtracePatchKit.Generator.Rendering;
using UtracePatchKit.Generator.Spec;
using Xunit;

namespace UtracePatchKit.Tests.Generator;

public sealed class TemplateRendererTests : IDisposable
{
    private readonly TempDir _repo = new();
    private readonly TemplateRenderer _renderer;

    public TemplateRendererTests()
    {
        var spec = new SpecLoader(["6.1", "6.12"], _repo.Path).Load(_repo.Write("specs/report-resume.yaml", SpecSamples.Valid));
        _renderer = new TemplateRenderer(_repo.Combine("templates"), new TemplateGlobals(spec), new DisplayPaths(_repo.Path));
    }

    public void Dispose() => _repo.Dispose();

    private string RenderFile(string text)
    {
        _repo.Write("templates/t.sbn", text);
        return _renderer.RenderFile("t.sbn");
    }

    [Fact]
    public void Enums_render_as_snake_case_words()
    {
        Assert.Equal(
            "priority reverse_priority report_resume most_restrictive last_word return_value core deferred",
            RenderFile("{{ spec.order.syscall_entry }} {{ spec.order.syscall_exit }} {{ spec.signal_report }} {{ spec.resume_action_merge }} "
                + "{{ spec.signal_merge }} {{ spec.syscall_abort }} {{ spec.register_restore }} {{ spec.attach_during_event }}"));
    }

    [Fact]
    public void Scalars_bands_and_globals_are_exposed()
    {
        var text = RenderFile("{{ spec.variant }}|{{ kernel }}|{{ spec.kernel_line }}|{{ spec.inject_signal }}|{{ spec.action_chaining }}|"
            + "{{ for b in spec.bands }}{{ b.name }}={{ b.priority }},{{ end }}|{{ spec.default_band }}|{{ spec.order.signal }}");
        Assert.Equal("report-resume|6.1|6.1|false|true|observer=10,warp=20,enforcer=30,last_resort=40,|observer|priority", text);
    }

    [Fact]
    public void Booleans_work_in_conditions()
    {
        Assert.Equal("no-inject", RenderFile("{{ if spec.inject_signal }}inject{{ else }}no-inject{{ end }}"));
    }

    [Fact]
    public void Generated_notice_names_the_repo_relative_spec_path()
    {
        Assert.Equal(
            "Generated from specs/report-resume.yaml by UtracePatchKit; do not edit. Regenerate with: utpk generate specs/report-resume.yaml",
            RenderFile("{{ generated_notice }}"));
    }

    [Fact]
    public void Undefined_variable_is_an_error_with_file_line_column()
    {
        var ex = Assert.Throws<GeneratorException>(() => RenderFile("line one\nx {{ undefined_thing }}\n"));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(("templates/t.sbn", 2, 6), (error.File, error.Line, error.Column));
        Assert.Contains("undefined_thing", error.Message);
    }

    [Fact]
    public void Undefined_member_is_an_error()
    {
        var ex = Assert.Throws<GeneratorException>(() => RenderFile("{{ spec.order.sycall_entry }}"));
        Assert.Contains("sycall_entry", Assert.Single(ex.Errors).Message);
    }

    [Fact]
    public void Syntax_error_is_located()
    {
        var ex = Assert.Throws<GeneratorException>(() => RenderFile("ok\n{{ if }}\n"));
        Assert.All(ex.Errors, e => Assert.Equal(("templates/t.sbn", 2), (e.File, e.Line)));
    }

    [Fact]
    public void Missing_template_is_reported_where_it_was_named()
    {
        var at = new SourceLocation("templates/series-6.1.yaml", 7, 19);
        var ex = Assert.Throws<GeneratorException>(() => _renderer.RenderFile("core/missing.sbn", at));
        var error = Assert.Single(ex.Errors);
        Assert.Equal((at.File, 7, 19), (error.File, error.Line, error.Column));
        Assert.Contains("core/missing.sbn", error.Message);
    }

    [Fact]
    public void Template_outside_the_root_is_refused()
    {
        var ex = Assert.Throws<GeneratorException>(() => _renderer.RenderFile("../specs/report-resume.yaml"));
        Assert.Contains("outside the templates root", Assert.Single(ex.Errors).Message);
    }

    [Fact]
    public void Include_resolves_against_the_templates_root()
    {
        _repo.Write("templates/parts/head.sbn", "[{{ spec.variant }}]");
        Assert.Equal("<[report-resume]>", RenderFile("<{{ include 'parts/head.sbn' }}>"));
    }

    [Fact]
    public void Assignments_do_not_leak_between_renders()
    {
        RenderFile("{{ leaked = 1 }}");
        Assert.Throws<GeneratorException>(() => RenderFile("{{ leaked }}"));
    }

    [Fact]
    public void Inline_block_template_errors_point_into_the_yaml_file()
    {
        // As if read from a block scalar whose '|' is on line 10 and whose content is indented 6 spaces.
        var text = new TemplateText("first\nsecond {{ nope }}\n", new SourceLocation("templates/series-6.1.yaml", 10, 11), BlockIndent: 7);
        var error = Assert.Single(Assert.Throws<GeneratorException>(() => _renderer.RenderText(text, OutputKind.Message)).Errors);
        Assert.Equal(("templates/series-6.1.yaml", 12, 17), (error.File, error.Line, error.Column));
    }

    [Fact]
    public void Inline_quoted_template_errors_point_into_the_yaml_line()
    {
        var text = new TemplateText("utrace: {{ spec.nope }}", new SourceLocation("s.yaml", 4, 14), Quoted: true);
        var error = Assert.Single(Assert.Throws<GeneratorException>(() => _renderer.RenderText(text, OutputKind.Message)).Errors);
        Assert.Equal((4, 14 + 1 + 16), (error.Line, error.Column));
    }
}
