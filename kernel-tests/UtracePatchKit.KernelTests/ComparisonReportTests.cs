using System.Text.RegularExpressions;
using UtracePatchKit.QemuHarness;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Report;
using UtracePatchKit.QemuHarness.Scenarios;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>
/// <c>compare --report</c> from real runs: a few scenarios on all three variants and the short
/// bench, rendered by Debian's headless chromium (installed as root when missing). The page must
/// render with a drawing for every scenario on every variant; its screenshot stays in the run folder.
/// The variants are built with the bench profile, whose build dir the short bench already filled:
/// switching variant there rebuilds only the core and the driver.
/// </summary>
[Collection(ShortBench.Collection)]
public sealed class ComparisonReportTests(ShortBench bench)
{
    private static readonly string[] ScenarioIds = ["01", "05", "07", "08", "13"];
    private static readonly string[] Specs = ["utrace-2007.yaml", "utrace-2009.yaml", "report-resume.yaml"];

    [Fact]
    public async Task Report_renders_in_headless_chromium_with_a_drawing_per_scenario_and_variant()
    {
        var project = bench.Project;
        var directory = Path.Combine(project.RunsDir, "tests", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-report");
        var progress = new Progress<HarnessProgress>(p => Console.Error.WriteLine($"[report] [{p.Stage}] {p.Message}"));
        var scenarios = ScenarioLoader.LoadCatalog(project.ScenariosDir).Where(s => ScenarioIds.Contains(s.Id)).ToArray();
        var reports = new List<ValidationReport>();
        foreach (var spec in Specs)
        {
            var variant = Path.GetFileNameWithoutExtension(spec);
            reports.Add(await new VariantValidation(project, progress, [project.BenchConfigFragment]).RunAsync(Path.Combine(project.SpecsDir, spec), Path.Combine(directory, variant), scenarios));
        }

        var benchJson = Path.Combine(bench.Report.Directory, "bench.json");
        var report = ComparisonReport.From(reports, QemuHarness.Bench.BenchJson.Read(await File.ReadAllTextAsync(benchJson)), benchJson);
        var page = await ReportFiles.WriteAsync(report, directory);

        var chromium = await HeadlessChromium.EnsureAsync(progress);
        var dom = await chromium.DumpDomAsync(page);
        var screenshot = Path.Combine(directory, "report.png");
        await chromium.ScreenshotAsync(page, screenshot);

        Assert.All(reports, r => Assert.True(r.Passed, $"{r.Run.Variant}: {string.Join("; ", r.Scenarios.Where(s => !s.Passed).Select(s => s.Name))}"));
        var drawn = Regex.Matches(dom, "<svg [^>]*class=\"sequence\" data-scenario=\"([^\"]+)\" data-variant=\"([^\"]+)\"")
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value))
            .ToHashSet();
        foreach (var id in ScenarioIds)
        {
            foreach (var spec in Specs)
            {
                Assert.Contains((id, Path.GetFileNameWithoutExtension(spec)), drawn);
            }
        }

        Assert.Contains("class=\"bench\"", dom);
        Assert.Contains("Scenarios × variants", dom);
        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.True(png.Length > 10_000, $"screenshot of {png.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.True(File.Exists(Path.Combine(directory, ReportFiles.Markdown)));
    }
}
