using System.Text.Json;
using UtracePatchKit.QemuHarness.Bench;
using UtracePatchKit.QemuHarness.Results;
using Xunit;

namespace UtracePatchKit.Tests.Bench;

public class BenchJsonTests
{
    private static BenchReport Report()
    {
        BenchMeasurement M(BenchTracer tracer, int engines, double ns, CallbackWant? want = null, params EngineCounts[] counts) =>
            new(new BenchCase(BenchCall.Getpid, tracer, engines, 1000), [ns, ns * 0.9, ns * 1.1, ns, ns, ns], want, counts);

        var unpatched = new BenchKernelRun("unpatched", null, "6.1", "6.1.192", "tcg",
            BenchFigure.FromBoot([M(BenchTracer.None, 0, 300), M(BenchTracer.Seccomp, 0, 450)]), [], "/r/unpatched", TimeSpan.FromSeconds(20));
        var want = new CallbackWant(6014, 6014, 0);
        var variant = new BenchKernelRun("report-resume", "report-resume", "6.1", "6.1.192", "tcg",
            BenchFigure.FromBoot(
            [
                M(BenchTracer.None, 0, 306), M(BenchTracer.Seccomp, 0, 456),
                M(BenchTracer.Utrace, 1, 606, want, new EngineCounts("B1", 6014, 6014, 0, 0)),
                M(BenchTracer.Utrace, 16, 3060, want, [.. Enumerable.Range(1, 16).Select(i => new EngineCounts($"B{i}", 6014, 6014, 0, 0))]),
            ]),
            [], "/r/report-resume", TimeSpan.FromSeconds(30));
        return new BenchReport(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(1), 6, 1000, [unpatched, variant], "/r");
    }

    [Fact]
    public void BenchJsonHasEveryKernelsFiguresWithSpreadRatiosAndCounts()
    {
        using var doc = JsonDocument.Parse(BenchJson.Render(Report()));
        var root = doc.RootElement;

        Assert.Equal("tcg", root.GetProperty("accelerator").GetString());
        Assert.Equal(6, root.GetProperty("runs").GetInt32());
        var kernels = root.GetProperty("kernels");
        Assert.Equal("unpatched", kernels[0].GetProperty("name").GetString());
        Assert.False(kernels[0].TryGetProperty("variant", out _));
        var one = kernels[1].GetProperty("figures")[2];
        Assert.Equal("getpid/utrace-1", one.GetProperty("id").GetString());
        Assert.Equal(606, one.GetProperty("ns").GetProperty("median").GetDouble());
        Assert.Equal(606 * 0.9, one.GetProperty("ns").GetProperty("min").GetDouble(), 6);
        Assert.Equal(606.0 / 306, one.GetProperty("ratio").GetProperty("median").GetDouble(), 6);
        Assert.Equal(6, one.GetProperty("samplesNs").GetArrayLength());
        Assert.Equal(6014, one.GetProperty("engineCounts")[0].GetProperty("entries").GetInt64());
        Assert.Equal(6014, one.GetProperty("callbacksWanted").GetProperty("exits").GetInt64());
        Assert.False(kernels[1].GetProperty("figures")[0].TryGetProperty("ratio", out _));
    }

    [Fact]
    public void TargetsAreComputedFromTheGetpidFigures()
    {
        var targets = Assert.Single(Report().Targets);

        Assert.Equal("report-resume", targets.Variant);
        Assert.Equal(2.0, targets.OneEngineVsSeccomp!.Value, 6);
        Assert.Equal(10.0, targets.SixteenEngines!.Value, 6);
        Assert.Equal(1.02, targets.UntracedVsUnpatched!.Value, 6);
        Assert.False(targets.OneEngineVsSeccompMet);
        Assert.False(targets.SixteenEnginesMet);
        Assert.True(targets.UntracedVsUnpatchedMet);
    }

    [Fact]
    public void ReadGivesBackWhatWasWritten()
    {
        var back = BenchJson.Read(BenchJson.Render(Report()));

        Assert.Equal(2, back.Kernels.Count);
        Assert.Equal(new Spread(306, 306 * 0.9, 306 * 1.1), back.Kernels[1].Figures[0].Ns);
        Assert.Equal(2.0, back.Targets[0].OneEngineVsSeccomp!.Value, 6);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("{\"kernels\": 3}")]
    public void ReadRefusesWhatIsNotABenchJson(string json) =>
        Assert.ThrowsAny<JsonException>(() => BenchJson.Read(json));

    [Fact]
    public void ResultsJsonCarriesMeasurementsOnlyWhenThereAreSome()
    {
        var run = new RunResult("utrace-bench", "unpatched", DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), [])
        {
            Measurements = [new Measurement("getpid/seccomp", "ns/call", 450, 440, 470, [450, 440, 470, 450, 460], "getpid/none", 1.5, 1.4, 1.6)],
        };

        using var doc = JsonDocument.Parse(new JsonResultWriter().Render(run));
        var m = doc.RootElement.GetProperty("measurements")[0];
        Assert.Equal("getpid/seccomp", m.GetProperty("name").GetString());
        Assert.Equal(1.5, m.GetProperty("ratioMedian").GetDouble());
        Assert.Equal(5, m.GetProperty("samples").GetArrayLength());
        using var plain = JsonDocument.Parse(new JsonResultWriter().Render(run with { Measurements = [] }));
        Assert.False(plain.RootElement.TryGetProperty("measurements", out _));
    }
}
