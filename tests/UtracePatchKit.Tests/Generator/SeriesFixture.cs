using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Rendering;
using UtracePatchKit.Generator.Series;
using UtracePatchKit.Generator.Spec;

namespace UtracePatchKit.Tests.Generator;

/// <summary>A scratch repo root with a spec, templates and a series file, as the real repo lays them out.</summary>
internal sealed class SeriesFixture : IDisposable
{
    public const string Series = """
        date: "2026-01-05T12:00:00+00:00"
        cover_letter:
          subject: "utrace: {{ spec.variant }} engine ordering"
          body: |
            This series implements the {{ spec.variant }} variant.

            {{ provenance }}
        patches:
          - subject: "utrace: add the engine core"
            body: |
              Adds the core; resume order is {{ spec.order.resume }}.
            files:
              - path: kernel/utrace.c
                template: core/utrace.c.sbn
            edits:
              - file: kernel/Makefile
                anchor: |
                  obj-$(CONFIG_KCOV) += kcov.o
                position: after
                text: |
                  obj-$(CONFIG_UTRACE) += utrace.o
          - subject: "utrace: add the Kconfig option"
            body: |
              Lets users select {{ spec.variant }}.
            edits:
              - file: init/Kconfig
                anchor: |
                  menu "General setup"
                position: before
                text: |
                  config UTRACE
                  	bool "utrace ({{ spec.signal_report }})"

              - file: kernel/Makefile
                anchor: |
                  obj-$(CONFIG_UTRACE) += utrace.o
                position: after
                text: |
                  obj-$(CONFIG_UTRACE) += utrace-bands.o
              - file: scripts/check.sh
                anchor: |
                  exit 0
                position: before
                text: |
                  echo utrace
        """;

    public SeriesFixture()
    {
        Dir.Write("specs/report-resume.yaml", SpecSamples.Valid);
        Dir.Write("templates/core/utrace.c.sbn", "// {{ spec.source_path }}\n/* quiesce: {{ spec.order.quiesce }} */\n");
        SeriesPath = Dir.Write("templates/series-6.1.yaml", Series);
    }

    /// <summary>The author the sample series definition names.</summary>
    public static readonly Author ProjectAuthor = new("UtracePatchKit", "utpk@utracepatchkit.org");

    public TempDir Dir { get; } = new();

    public string SpecPath => Dir.Combine("specs", "report-resume.yaml");

    public string TemplatesRoot => Dir.Combine("templates");

    public string SeriesPath { get; private set; }

    public DisplayPaths Paths => new(Dir.Path);

    public void WriteSeries(string text) => SeriesPath = Dir.Write("templates/series-6.1.yaml", text);

    public VariantSpec LoadSpec() => new SpecLoader(["6.1", "6.12"], Dir.Path).Load(SpecPath);

    public SeriesDefinition LoadSeries() => new SeriesLoader(Paths).Load(SeriesPath);

    public SeriesPlanner Planner(IReadOnlyDictionary<string, string> baseFiles) =>
        new(new TemplateRenderer(TemplatesRoot, new TemplateGlobals(LoadSpec(), ProjectAuthor), Paths), path => baseFiles.GetValueOrDefault(path));

    /// <summary>The base tree files the sample series edits.</summary>
    public static readonly IReadOnlyDictionary<string, string> BaseFiles = new Dictionary<string, string>
    {
        ["kernel/Makefile"] = "obj-y = fork.o exec_domain.o\nobj-$(CONFIG_KCOV) += kcov.o\nobj-y += exit.o\n",
        ["init/Kconfig"] = "config DEFCONFIG_LIST\n\tstring\n\nmenu \"General setup\"\n\nendmenu\n",
        ["scripts/check.sh"] = "#!/bin/sh\nexit 0\n",
    };

    /// <summary>1-based line of the first line of <see cref="Series"/> containing <paramref name="text"/>.</summary>
    public static int LineOf(string series, string text) =>
        series.Split('\n').Select((line, i) => (line, i)).First(l => l.line.Contains(text)).i + 1;

    public void Dispose() => Dir.Dispose();
}
