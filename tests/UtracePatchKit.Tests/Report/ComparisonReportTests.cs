using System.Text.RegularExpressions;
using System.Xml.Linq;
using UtracePatchKit.QemuHarness.Bench;
using UtracePatchKit.QemuHarness.Report;
using UtracePatchKit.QemuHarness.Scenarios;
using Xunit;

namespace UtracePatchKit.Tests.Report;

public class ComparisonReportTests
{
    private static readonly string[] Log =
    [
        "seq=1 engine=A event=attached pid=50 priority=10 err=0",
        "seq=2 engine=W event=syscall_entry pid=50 nr=39 a0=0 a1=0 a2=0 ret=-38 action_in=resume held=0 resumed=0 sig_in=0 disp_in=- sig_out=0 disp_out=- child=0 code=0 action_out=resume abort=1 note=-",
        "seq=3 engine=A event=syscall_entry pid=50 nr=39 a0=0 a1=0 a2=0 ret=-38 action_in=resume held=0 resumed=0 sig_in=0 disp_in=- sig_out=0 disp_out=- child=0 code=0 action_out=stop abort=0 note=held",
        "seq=4 engine=<E&\"x\"> event=resume pid=50 nr=-1 a0=0 a1=0 a2=0 ret=0 action_in=stop held=1 resumed=1 sig_in=15 disp_in=deliver sig_out=15 disp_out=term child=0 code=0 action_out=resume abort=0 note=-",
        "seq=5 engine=A event=barrier pid=50 err=0 barrier=0 waited_ms=0 entries=1 exits=1 other=0 unpaired=0 after_detach=0 in_syscall=0",
    ];

    private static CallbackSequence Sequence(params string[] lines) => CallbackSequence.From(lines.Select(LogRecord.Parse).ToArray());

    private static ComparisonReport Report(BenchJson.BenchDocument? bench = null)
    {
        var files = new Dictionary<string, string> { ["console.log"] = "/runs/x-report resume/console.log", ["KTAP"] = "/runs/x-report resume/results.ktap" };
        ReportVariant V(string name, bool passed) => new(name, passed, passed ? 2 : 1, passed ? 0 : 1, 5, 900, 10, "6.1.192", "tcg", "/runs/x", files);
        ReportCell C(string variant, bool passed, string? verdict, string outcome, CallbackSequence seq) =>
            new(variant, passed, verdict, passed ? [] : ["expected exited=0, got signaled=15"], outcome, new Dictionary<string, string> { ["ret"] = outcome == "exited=0" ? "0" : "-1", ["pid"] = "50" }, seq);
        var full = Sequence(Log);
        var scenarios = new[]
        {
            new ReportScenario("05", "Enforcer <last word>", "why", [C("utrace-2007", true, "problem", "exited=0", full), C("report-resume", false, "wanted", "signaled=15", Sequence(Log[1]))],
                ["target ended: utrace-2007: exited=0; report-resume: signaled=15"]),
            new ReportScenario("31", "Untraced", "", [C("utrace-2007", true, null, "exited=0", CallbackSequence.Empty), C("report-resume", true, null, "exited=0", CallbackSequence.Empty)], []),
        };
        return new ComparisonReport(DateTimeOffset.UnixEpoch, [V("utrace-2007", true), V("report-resume", false)], scenarios, bench, bench is null ? null : "/runs/y-bench/bench.json");
    }

    [Fact]
    public void CallbacksAreTheDriversCallbackRecordsInLogOrder()
    {
        var seq = Sequence(Log);

        Assert.Equal(["W", "A", "<E&\"x\">"], seq.Engines);
        Assert.Equal(new CallbackStep("W", "syscall_entry", "nr=39", "resume abort"), seq.Steps[0]);
        Assert.Equal(new CallbackStep("A", "syscall_entry", "nr=39", "stop held"), seq.Steps[1]);
        Assert.Equal(new CallbackStep("<E&\"x\">", "resume", "sig=15 in=stop held", "resume disp=term"), seq.Steps[2]);
        Assert.Equal(0, seq.LeftOut);
    }

    [Fact]
    public void LongLogsAreCutAndSaySo()
    {
        var lines = Enumerable.Range(0, CallbackSequence.Limit + 7).Select(_ => Log[1]).ToArray();

        var seq = Sequence(lines);

        Assert.Equal(CallbackSequence.Limit, seq.Steps.Count);
        Assert.Equal(7, seq.LeftOut);
        Assert.Contains("7 more callbacks", SequenceSvg.Draw(seq, "44", "v"));
    }

    [Fact]
    public void EverySequenceSvgIsWellFormedXmlWithALanePerEngine()
    {
        var svg = XElement.Parse(SequenceSvg.Draw(Sequence(Log), "05", "report-resume"));

        Assert.Equal("05", svg.Attribute("data-scenario")!.Value);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "<E&\"x\">");
        Assert.Contains(svg.Descendants(ns + "title"), t => t.Value == "A: syscall_entry nr=39 → stop held");
        Assert.Contains(XElement.Parse(SequenceSvg.Draw(CallbackSequence.Empty, "31", "v")).Descendants(ns + "text"), t => t.Value == "no callback logged");
    }

    [Fact]
    public void HtmlIsSelfContainedWithAMatrixAndOneDrawingPerScenarioAndVariant()
    {
        var html = HtmlReport.Render(Report(), "/runs/z-compare");

        Assert.DoesNotMatch(new Regex("(src|href)=\"(https?:)?//"), html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("default-src 'none'", html);
        Assert.Equal(4, Regex.Matches(html, "<svg [^>]*class=\"sequence\"").Count);
        Assert.Contains("data-scenario=\"31\" data-variant=\"report-resume\"", html);
        Assert.Contains("Enforcer &lt;last word&gt;", html);
        Assert.Contains("href=\"../x-report%20resume/results.ktap\"", html);
        Assert.Contains("target ended: utrace-2007: exited=0; report-resume: signaled=15", html);
        Assert.Contains("class=\"failcell\"", html);
        Assert.Contains("class=\"problem\"", html);
        Assert.DoesNotContain("<E&", html);
    }

    [Fact]
    public void MarkdownHasTheMatrixAndAMermaidSequencePerCell()
    {
        var md = MarkdownReport.Render(Report(), "/runs/z-compare");

        Assert.Contains("| 05 Enforcer &lt;last word&gt; | pass problem | **FAIL** wanted | target ended:", md);
        Assert.Equal(4, Regex.Matches(md, "```mermaid\nsequenceDiagram").Count);
        Assert.Contains("    T->>E0: syscall_entry nr=39\n    E0-->>T: resume abort\n", md);
        // Mermaid would read '<', '&', '"' and '#' as markup: engine names are made plain.
        Assert.Contains("participant E2 as  E  x  ", md);
        Assert.Contains("[KTAP](../x-report%20resume/results.ktap)", md);
    }

    [Fact]
    public void BenchFiguresAreChartedWithSpreadWhenThereIsABenchJson()
    {
        var figure = new BenchJson.FigureDocument("getpid/utrace-1", "getpid(), 1 quiet utrace engine", "getpid", "utrace", 1, 1000,
            [600, 610, 590, 620, 580], new Spread(600, 580, 620), new Spread(2, 1.9, 2.1), new CallbackWant(5, 5, 0), [], []);
        var bare = figure with { Id = "getpid/none", Label = "getpid(), untraced", Tracer = "none", Engines = 0, Ratio = null };
        var bench = new BenchJson.BenchDocument("utpk bench", DateTimeOffset.UnixEpoch, 60, "tcg", 5, 1000, true,
            [new("report-resume", "report-resume", "6.1", "6.1.192", "tcg", 2_400_000, true, "/runs/y-bench/report-resume", [], [bare, figure])], []);

        var html = HtmlReport.Render(Report(bench), "/runs/z-compare");
        var md = MarkdownReport.Render(Report(bench), "/runs/z-compare");

        var chart = XElement.Parse(Regex.Match(html, "<svg [^>]*class=\"bench\".*?</svg>", RegexOptions.Singleline).Value);
        Assert.Contains(chart.Descendants(), e => e.Name.LocalName == "title" && e.Value.Contains("x2.00 (min x1.90, max x2.10)", StringComparison.Ordinal));
        Assert.Contains("600.0 (580.0–620.0) ×2.00", html);
        Assert.Contains("href=\"../y-bench/bench.json\"", html);
        Assert.Contains("xychart-beta", md);
        Assert.Contains("bar [2.00]", md);
        Assert.DoesNotContain("class=\"bench\"", HtmlReport.Render(Report(), "/runs/z-compare"));
    }
}
