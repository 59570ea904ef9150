using UtracePatchKit.QemuHarness.Bench;
using Xunit;

namespace UtracePatchKit.Tests.Bench;

public class BenchOutputTests
{
    private static readonly BenchCase Untraced = new(BenchCall.Getpid, BenchTracer.None, 0, 1000);
    private static readonly BenchCase TwoEngines = new(BenchCall.PipeWrite, BenchTracer.Utrace, 2, 1000);

    [Fact]
    public void ParsesPicosecondsPerRunIntoNanoseconds()
    {
        var m = BenchOutput.Parse(Untraced, 5, ["call=getpid tracer=none engines=0 calls=1000 runs=5 ps=300500,310000,299000,305000,1200000", "done=1"]);

        Assert.Equal([300.5, 310, 299, 305, 1200], m.NanosecondsPerCall);
        Assert.Null(m.Want);
        Assert.Empty(m.Engines);
    }

    [Fact]
    public void ParsesWantedCallbacksAndEachEnginesCounters()
    {
        var m = BenchOutput.Parse(TwoEngines, 5,
        [
            "call=pipe_write tracer=utrace engines=2 calls=1000 runs=5 ps=1,2,3,4,5 want_entries=5017 want_exits=5017 want_other=0",
            "engine=B1 entries=5017 exits=5017 other=0 unpaired=0",
            "engine=B2 entries=5017 exits=5016 other=0 unpaired=1",
            "done=1",
        ]);

        Assert.Equal(new CallbackWant(5017, 5017, 0), m.Want);
        Assert.Equal(new EngineCounts("B2", 5017, 5016, 0, 1), m.Engines[1]);
    }

    [Theory]
    [InlineData("error=seccomp errno=EINVAL", "error=seccomp")]
    [InlineData("call=getpid tracer=none engines=0 calls=1000 runs=5 ps=1,2,3,4,5", "done=1")]
    [InlineData("call=getpid tracer=none engines=0 calls=999 runs=5 ps=1,2,3,4,5\ndone=1", "calls=999")]
    [InlineData("call=getpid tracer=seccomp engines=0 calls=1000 runs=5 ps=1,2,3,4,5\ndone=1", "tracer=seccomp")]
    [InlineData("call=getpid tracer=none engines=0 calls=1000 runs=5 ps=1,2,3,4\ndone=1", "4 run(s)")]
    [InlineData("call=getpid tracer=none engines=0 calls=1000 runs=5 ps=1,2,x,4,5\ndone=1", "ps=x")]
    [InlineData("call=getpid tracer=none engines=0 calls=1000 runs=5 ps=1,2,-3,4,5\ndone=1", "ps=-3")]
    [InlineData("done=1", "no result line")]
    public void RefusesOutputThatIsNotAResult(string output, string said)
    {
        var ex = Assert.Throws<FormatException>(() => BenchOutput.Parse(Untraced, 5, output.Split('\n')));

        Assert.Contains(said, ex.Message);
    }

    [Fact]
    public void EngineLinesWithoutCountersAreRefused()
    {
        Assert.Throws<FormatException>(() => BenchOutput.Parse(TwoEngines, 5,
        [
            "call=pipe_write tracer=utrace engines=2 calls=1000 runs=5 ps=1,2,3,4,5 want_entries=5017 want_exits=5017 want_other=0",
            "engine=B1 entries=5017",
            "done=1",
        ]));
    }

    [Fact]
    public void CalibrationGivesTheTscRate() =>
        Assert.Equal(2_096_008, BenchOutput.ParseCalibration(["tsc_khz=2096008", "done=1"]));

    [Theory]
    [InlineData("tsc_khz=2096008")]
    [InlineData("done=1")]
    [InlineData("tsc_khz=0\ndone=1")]
    [InlineData("tsc_khz=-5\ndone=1")]
    public void CalibrationWithoutAPositiveRateIsRefused(string output) =>
        Assert.Throws<FormatException>(() => BenchOutput.ParseCalibration(output.Split('\n')));
}
