using UtracePatchKit.QemuHarness.Bench;
using Xunit;

namespace UtracePatchKit.Tests.Bench;

public class BenchFigureTests
{
    [Theory]
    [InlineData(new[] { 5.0, 1, 3, 2, 4 }, 3, 1, 5)]
    [InlineData(new[] { 4.0, 1, 3, 2 }, 2.5, 1, 4)]
    [InlineData(new[] { 7.0 }, 7, 7, 7)]
    public void SpreadIsMedianMinAndMax(double[] samples, double median, double min, double max) =>
        Assert.Equal(new Spread(median, min, max), Spread.Of(samples));

    [Fact]
    public void SpreadOfNothingIsRefused() => Assert.Throws<ArgumentException>(() => Spread.Of([]));

    [Fact]
    public void RatiosAreToTheUntracedFigureOfTheSameCall()
    {
        var figures = BenchFigure.FromBoot(
        [
            Measure(new(BenchCall.Getpid, BenchTracer.None, 0, 100), 100, 90, 110, 100, 100),
            Measure(new(BenchCall.Getpid, BenchTracer.Seccomp, 0, 100), 150, 140, 160, 150, 150),
            Measure(new(BenchCall.PipeWrite, BenchTracer.None, 0, 100), 1000, 1000, 1000, 1000, 1000),
            Measure(new(BenchCall.PipeWrite, BenchTracer.Ptrace, 0, 100), 30000, 20000, 40000, 30000, 30000),
            Measure(new(BenchCall.Signal, BenchTracer.Seccomp, 0, 100), 5, 5, 5, 5, 5),
        ]);

        Assert.Null(figures[0].Ratio);
        Assert.Equal(new Spread(1.5, 1.4, 1.6), figures[1].Ratio);
        Assert.Equal(new Spread(30, 20, 40), figures[3].Ratio);
        Assert.Null(figures[4].Ratio);
        Assert.All(figures, f => Assert.True(f.Passed));
    }

    [Fact]
    public void EnginesCalledAsExpectedPass()
    {
        var m = Engines(2, new CallbackWant(5012, 5012, 0), new EngineCounts("B1", 5012, 5012, 0, 0), new EngineCounts("B2", 5012, 5012, 0, 0));

        Assert.Empty(CallbackCheck.Problems(m));
    }

    [Fact]
    public void AnEngineCalledTooLittleFailsTheFigure()
    {
        var m = Engines(2, new CallbackWant(5012, 5012, 0), new EngineCounts("B1", 5012, 5012, 0, 0), new EngineCounts("B2", 4000, 4000, 0, 0));

        var problem = Assert.Single(CallbackCheck.Problems(m));
        Assert.Contains("engine B2: called 4000 entries", problem);
        Assert.False(BenchFigure.FromBoot([m])[0].Passed);
    }

    [Fact]
    public void MissingUnpairedAndStrangeEnginesAreProblems()
    {
        var m = Engines(3, new CallbackWant(5012, 5012, 0), new EngineCounts("B1", 5012, 5012, 0, 1), new EngineCounts("B2", 5012, 5012, 0, 0), new EngineCounts("B9", 1, 1, 0, 0));

        var problems = CallbackCheck.Problems(m);
        Assert.Contains(problems, p => p.StartsWith("engine B1:", StringComparison.Ordinal) && p.Contains("(1 unpaired)"));
        Assert.Contains("engine B3: no counters reported", problems);
        Assert.Contains(problems, p => p.StartsWith("engine B9:", StringComparison.Ordinal));
    }

    [Fact]
    public void AWantThatDoesNotCoverTheCallsIsAProblem()
    {
        var m = Engines(1, new CallbackWant(10, 10, 0), new EngineCounts("B1", 10, 10, 0, 0));

        Assert.Contains(CallbackCheck.Problems(m), p => p.Contains("do not cover"));
    }

    [Fact]
    public void ThePlanHasEveryBaselineAndEngineCountAndLeavesUtraceOutOfTheUnpatchedKernel()
    {
        var patched = BenchPlan.For(withUtrace: true, 50_000).Select(c => c.Id).ToArray();
        var unpatched = BenchPlan.For(withUtrace: false, 50_000);

        Assert.Equal(
        [
            "getpid/none", "getpid/seccomp", "getpid/ptrace", "getpid/utrace-1", "getpid/utrace-4", "getpid/utrace-16",
            "pipe_write/none", "pipe_write/seccomp", "pipe_write/ptrace", "pipe_write/utrace-1", "pipe_write/utrace-4", "pipe_write/utrace-16",
            "getpid/utrace-toggle-1",
            "signal/none", "signal/utrace-1",
        ], patched);
        Assert.DoesNotContain(unpatched, c => c.NeedsUtrace);
        Assert.All(BenchPlan.For(true, 1_000_000).Where(c => c.Call == BenchCall.PipeWrite), c => Assert.True(c.CallsPerRun <= BenchPlan.PipeCapacity));
        Assert.Equal(["getpid", "utrace", "4", "50000", "5", "2400000"], BenchPlan.For(true, 50_000)[4].Arguments(5, 2_400_000));
        Assert.Equal(["getpid", "utrace_toggle", "1", "50000", "5", "2400000"], BenchPlan.For(true, 50_000)[12].Arguments(5, 2_400_000));
    }

    private static BenchMeasurement Measure(BenchCase c, params double[] ns) => new(c, ns, null, []);

    private static BenchMeasurement Engines(int count, CallbackWant want, params EngineCounts[] engines) =>
        new(new BenchCase(BenchCall.Getpid, BenchTracer.Utrace, count, 1000), [1, 1, 1, 1, 1], want, engines);
}
