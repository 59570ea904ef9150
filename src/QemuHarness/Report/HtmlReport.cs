using System.Globalization;
using System.Text;
using UtracePatchKit.QemuHarness.Bench;

namespace UtracePatchKit.QemuHarness.Report;

/// <summary>
/// The report as one self-contained HTML page: inline CSS and SVG drawn here, no script, no
/// request to anything but the runs' own files it links to.
/// </summary>
internal static class HtmlReport
{
    private const string Style = """
        body{font-family:sans-serif;margin:24px;color:#222;max-width:1400px}
        table{border-collapse:collapse;margin:8px 0 20px}
        th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top;font-size:13px}
        th{background:#f3f3f3}
        .pass{color:#176317;font-weight:bold}.fail{color:#b00020;font-weight:bold}
        .wanted{background:#e3f6e3}.problem{background:#fff1d6}.failcell{background:#fde2e4}
        .diff{font-size:12px;color:#444}
        section.scenario{border-top:1px solid #ddd;padding-top:8px;margin-top:16px}
        .lanes{display:flex;flex-wrap:wrap;gap:16px}.lanes figure{margin:0}
        figcaption{font-weight:bold;margin-bottom:4px}
        code{background:#f6f6f6;padding:0 3px}
        """;

    /// <param name="reportDirectory">Where the page is written: the runs' files are linked relative to it.</param>
    public static string Render(ComparisonReport report, string reportDirectory)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
            .Append("<title>utrace API variants compared</title><style>").Append(Style).Append("</style></head><body>\n")
            .Append("<h1>utrace API variants compared on booted kernels</h1>\n")
            .Append($"<p>Generated {E(report.Generated.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))} from the runs below: ")
            .Append("every cell, sequence and figure is what a booted kernel reported. Verdict labels (wanted, problem) are the scenario catalog's judgement of what the kernel showed.</p>\n");
        Variants(html, report, reportDirectory);
        Matrix(html, report);
        if (report.Bench is { } bench)
        {
            BenchSection(html, bench, report.BenchPath, reportDirectory);
        }

        html.Append("<h2>Callbacks per scenario</h2>\n<p>One lane per engine, callbacks in the order the driver logged them in the guest; each box: event, what the engine saw, → what it returned.</p>\n");
        foreach (var scenario in report.Scenarios)
        {
            html.Append($"<section class=\"scenario\" id=\"s{E(scenario.Id)}\"><h3>{E(scenario.Id)} {E(scenario.Title)}</h3>");
            if (scenario.Why.Length > 0)
            {
                html.Append($"<p>{E(scenario.Why.Trim())}</p>");
            }

            foreach (var line in scenario.Differences)
            {
                html.Append($"<p class=\"diff\">{E(line)}</p>");
            }

            html.Append("<div class=\"lanes\">");
            foreach (var cell in scenario.Cells)
            {
                html.Append($"<figure><figcaption>{E(cell.Variant)}: <span class=\"{(cell.Passed ? "pass" : "fail")}\">{(cell.Passed ? "pass" : "FAIL")}</span>")
                    .Append(cell.Verdict is null ? "" : $" ({E(cell.Verdict)})").Append($", target {E(cell.Outcome)}</figcaption>")
                    .Append(SequenceSvg.Draw(cell.Callbacks, scenario.Id, cell.Variant));
                foreach (var failure in cell.Failures.Take(5))
                {
                    html.Append($"<p class=\"fail\">{E(failure)}</p>");
                }

                html.Append("</figure>");
            }

            html.Append("</div></section>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }

    private static void Variants(StringBuilder html, ComparisonReport report, string dir)
    {
        html.Append("<h2>Variants</h2><table><tr><th>variant</th><th>scenarios</th><th>patches</th><th>lines +/−</th><th>kernel</th><th>accelerator</th><th>run files</th></tr>\n");
        foreach (var v in report.Variants)
        {
            var links = string.Join(" · ", v.Files.Select(f => $"<a href=\"{E(ReportLinks.To(dir, f.Value))}\">{E(f.Key)}</a>"));
            html.Append($"<tr><td><b>{E(v.Variant)}</b></td><td class=\"{(v.Passed ? "pass" : "fail")}\">{v.Passes} pass, {v.Failures} fail</td>")
                .Append($"<td>{v.PatchFiles}</td><td>+{v.PatchLinesAdded} / −{v.PatchLinesRemoved}</td><td>{E(v.Kernel)}</td><td>{E(v.Accelerator)}</td><td>{links}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Matrix(StringBuilder html, ComparisonReport report)
    {
        html.Append("<h2>Scenarios × variants</h2><table><tr><th>scenario</th>");
        foreach (var v in report.Variants)
        {
            html.Append($"<th>{E(v.Variant)}</th>");
        }

        html.Append("<th>what differed between the kernels</th></tr>\n");
        foreach (var s in report.Scenarios)
        {
            html.Append($"<tr><td><a href=\"#s{E(s.Id)}\">{E(s.Id)}</a> {E(s.Title)}</td>");
            foreach (var v in report.Variants)
            {
                var cell = s.Cells.FirstOrDefault(c => c.Variant == v.Variant);
                if (cell is null)
                {
                    html.Append("<td>-</td>");
                    continue;
                }

                var css = !cell.Passed ? "failcell" : cell.Verdict ?? "";
                html.Append($"<td class=\"{css}\"><span class=\"{(cell.Passed ? "pass" : "fail")}\">{(cell.Passed ? "pass" : "FAIL")}</span>")
                    .Append(cell.Verdict is null ? "" : $" {E(cell.Verdict)}").Append("</td>");
            }

            html.Append($"<td class=\"diff\">{(s.Differences.Count == 0 ? "the same" : string.Join("<br>", s.Differences.Select(E)))}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void BenchSection(StringBuilder html, BenchJson.BenchDocument bench, string? path, string dir)
    {
        html.Append("<h2>What tracing costs</h2>")
            .Append($"<p>Ratio to the untraced call of the same boot, median of {bench.Runs} runs with min–max; {E(bench.Accelerator)}.")
            .Append(path is null ? "" : $" From <a href=\"{E(ReportLinks.To(dir, path))}\">bench.json</a>.").Append("</p>\n")
            .Append(BenchChartSvg.Draw(bench))
            .Append("<table><tr><th>case</th>");
        foreach (var k in bench.Kernels)
        {
            html.Append($"<th>{E(k.Name)} ns/call (min–max)</th>");
        }

        html.Append("</tr>\n");
        foreach (var (id, label) in bench.Kernels.SelectMany(k => k.Figures).Select(f => (f.Id, f.Label)).Distinct())
        {
            html.Append($"<tr><td>{E(label)}</td>");
            foreach (var k in bench.Kernels)
            {
                var f = k.Figures.FirstOrDefault(x => x.Id == id);
                html.Append(f is null ? "<td>-</td>" : $"<td>{E(Figure(f))}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table>\n");
    }

    internal static string Figure(BenchJson.FigureDocument f) =>
        FormattableString.Invariant($"{f.Ns.Median:0.0} ({f.Ns.Min:0.0}–{f.Ns.Max:0.0})") +
        (f.Ratio is { } r ? FormattableString.Invariant($" ×{r.Median:0.00}") : "") +
        (f.Problems.Count > 0 ? " FAIL" : "");

    private static string E(string text) => Svg.Text(text);
}
