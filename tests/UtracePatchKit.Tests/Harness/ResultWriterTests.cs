using System.Text.Json;
using System.Xml.Linq;
using UtracePatchKit.QemuHarness.Boot;
using UtracePatchKit.QemuHarness.Results;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

public class ResultWriterTests
{
    private static readonly RunResult Run = new(
        "utrace",
        "classic",
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        TimeSpan.FromSeconds(12.5),
        [
            new CaseResult("01-syscall-order", CaseStatus.Pass, TimeSpan.FromSeconds(1.25)),
            new CaseResult("02 <observer> & \"first\" #2", CaseStatus.Fail, TimeSpan.FromSeconds(2), "expected entry before exit",
                ["callback log:", "exit\u0001 before entry"]),
            new CaseResult("05-enforcer", CaseStatus.Skip, TimeSpan.Zero, "needs CONFIG_SECCOMP"),
        ])
    {
        ConsoleFindings = [new ConsoleFinding(FindingKind.Warning, "WARNING: CPU: 0 PID: 1 at kernel/utrace.c:1 f", 7, ["[ 1.0] WARNING: CPU: 0 PID: 1 at kernel/utrace.c:1 f", "[ 1.0] Call Trace:"])],
        Paths = new Dictionary<string, string> { ["console"] = "/r/console.log" },
        Properties = new Dictionary<string, string> { ["kernel"] = "6.1.192", ["accelerator"] = "tcg" },
    };

    [Fact]
    public void KtapHasHeaderPlanResultsAndDiagnostics()
    {
        var lines = new KtapWriter().Render(Run).Split('\n');

        Assert.Equal("KTAP version 1", lines[0]);
        Assert.Contains("1..3", lines);
        Assert.Contains("ok 1 01-syscall-order", lines);
        Assert.Contains("not ok 2 02 <observer> & \"first\" _2", lines);
        Assert.Contains("ok 3 05-enforcer # SKIP needs CONFIG_SECCOMP", lines);
        // Diagnostics precede the result they explain.
        var failure = Array.IndexOf(lines, "not ok 2 02 <observer> & \"first\" _2");
        Assert.Equal("# callback log:", lines[failure - 2]);
        Assert.Contains("# console Warning at line 7: WARNING: CPU: 0 PID: 1 at kernel/utrace.c:1 f", lines);
        Assert.All(lines.Where(l => l.Length > 0), l => Assert.Matches(@"^(KTAP version 1|1\.\.\d+|(not )?ok \d+ .*|# .*|#)$", l));
    }

    [Fact]
    public void JUnitIsWellFormedAndEscaped()
    {
        var xml = XDocument.Parse(new JUnitWriter().Render(Run));

        var suite = xml.Root!.Element("testsuite")!;
        Assert.Equal("3", suite.Attribute("tests")!.Value);
        Assert.Equal("1", suite.Attribute("failures")!.Value);
        Assert.Equal("1", suite.Attribute("skipped")!.Value);
        Assert.Equal("12.500", suite.Attribute("time")!.Value);
        var cases = suite.Elements("testcase").ToList();
        Assert.Equal("02 <observer> & \"first\" #2", cases[1].Attribute("name")!.Value);
        Assert.Equal("utrace.classic", cases[1].Attribute("classname")!.Value);
        var failure = cases[1].Element("failure")!;
        Assert.Equal("expected entry before exit", failure.Attribute("message")!.Value);
        Assert.Equal("callback log:\nexit\uFFFD before entry", failure.Value);
        Assert.Equal("needs CONFIG_SECCOMP", cases[2].Element("skipped")!.Attribute("message")!.Value);
        Assert.Contains("WARNING: CPU: 0", suite.Element("system-err")!.Value);
        Assert.Contains(suite.Element("properties")!.Elements("property"), p => p.Attribute("name")!.Value == "path.console");
    }

    [Fact]
    public void JsonIsCamelCaseWithSecondsAndEnumNames()
    {
        using var json = JsonDocument.Parse(new JsonResultWriter().Render(Run));
        var root = json.RootElement;

        Assert.Equal("utrace", root.GetProperty("suite").GetString());
        Assert.Equal(12.5, root.GetProperty("durationSeconds").GetDouble());
        Assert.Equal(1, root.GetProperty("totals").GetProperty("failed").GetInt32());
        var second = root.GetProperty("cases")[1];
        Assert.Equal("fail", second.GetProperty("status").GetString());
        Assert.Equal(2, second.GetProperty("details").GetArrayLength());
        Assert.False(root.GetProperty("cases")[0].TryGetProperty("message", out _));
        Assert.Equal("warning", root.GetProperty("consoleFindings")[0].GetProperty("kind").GetString());
        Assert.Equal("/r/console.log", root.GetProperty("paths").GetProperty("console").GetString());
    }

    [Fact]
    public async Task WriteAllPutsEveryFormatInTheRunFolder()
    {
        var dir = Directory.CreateTempSubdirectory("utpk-results-").FullName;
        try
        {
            var written = await ResultFiles.WriteAllAsync(Run, dir);

            Assert.Equal(["results.ktap", "results.junit.xml", "results.json"], written.Select(Path.GetFileName));
            Assert.All(written, p => Assert.True(new FileInfo(p).Length > 0));
            Assert.Equal(3, Directory.GetFiles(dir).Length);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
