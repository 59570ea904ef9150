using System.Text.Json;
using UtracePatchKit.QemuHarness.Bench;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>
/// The bench on booted kernels: its structure and the proof that the engines ran. Timing is
/// never asserted: a shared TCG host makes any number a matter of luck.
/// </summary>
[Collection(ShortBench.Collection)]
public sealed class BenchTests(ShortBench bench)
{
    [Fact]
    public void Unpatched_and_variant_kernels_each_measured_their_whole_plan()
    {
        var kernels = bench.Report.Kernels;

        Assert.Equal(["unpatched", "report-resume"], kernels.Select(k => k.Name));
        Assert.Equal(BenchPlan.For(false, ShortBench.Calls).Select(c => c.Id), kernels[0].Figures.Select(f => f.Case.Id));
        Assert.Equal(BenchPlan.For(true, ShortBench.Calls).Select(c => c.Id), kernels[1].Figures.Select(f => f.Case.Id));
        Assert.All(kernels.SelectMany(k => k.Figures), f =>
        {
            Assert.Equal(ShortBench.Runs, f.Samples.Count);
            Assert.All(f.Samples, s => Assert.True(s > 0, $"{f.Case.Id}: {s} ns"));
            Assert.True(f.Nanoseconds.Min <= f.Nanoseconds.Median && f.Nanoseconds.Median <= f.Nanoseconds.Max, f.Case.Id);
            Assert.Equal(f.Case.IsBaseline, f.Ratio is null);
        });
    }

    [Fact]
    public void Every_quiet_engine_was_called_for_every_call_it_watched()
    {
        var figures = bench.Report.Kernels.Single(k => k.Variant is not null).Figures.Where(f => f.Case.NeedsUtrace).ToArray();

        // The plan's ids are checked above; the event-toggling engine must be among those checked here.
        Assert.Contains(figures, f => f.Case.Tracer == BenchTracer.UtraceToggle);
        Assert.All(figures, f =>
        {
            Assert.True(f.Passed, $"{f.Case.Id}: {string.Join("; ", f.Problems)}");
            Assert.Equal(f.Case.Engines, f.Engines.Count);
            var want = f.Want!;
            Assert.True(want.Entries + want.Other >= ShortBench.Runs * f.Case.CallsPerRun, f.Case.Id);
        });
    }

    [Fact]
    public void Consoles_are_clean_and_the_accelerator_is_named()
    {
        Assert.All(bench.Report.Kernels, k =>
        {
            Assert.Empty(k.ConsoleFindings);
            Assert.Contains(k.Accelerator, new[] { "tcg", "kvm" });
        });
    }

    [Fact]
    public void Bench_json_and_each_kernels_results_json_hold_the_numbers()
    {
        using var benchJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(bench.Report.Directory, BenchReport.FileName)));
        Assert.Equal(2, benchJson.RootElement.GetProperty("kernels").GetArrayLength());
        Assert.Equal("report-resume", benchJson.RootElement.GetProperty("targets")[0].GetProperty("variant").GetString());

        foreach (var kernel in bench.Report.Kernels)
        {
            using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(kernel.RunDirectory, "results.json")));
            var measurements = results.RootElement.GetProperty("measurements");
            Assert.Equal(kernel.Figures.Count, measurements.GetArrayLength());
            Assert.Equal(kernel.Figures[0].Nanoseconds.Median, measurements[0].GetProperty("median").GetDouble());
            Assert.Equal(kernel.Accelerator, results.RootElement.GetProperty("properties").GetProperty("accelerator").GetString());
            Assert.True(File.Exists(Path.Combine(kernel.RunDirectory, "results.ktap")));
        }
    }
}
