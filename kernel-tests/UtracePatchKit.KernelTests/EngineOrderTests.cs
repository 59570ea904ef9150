using System.Globalization;
using UtracePatchKit.Generator.Spec;
using UtracePatchKit.QemuHarness.Scenarios;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>
/// Engines with different priorities on a real getpid(): the kernel must call them in the order
/// the spec's rules give, computed here from the spec (not copied from the catalog).
/// </summary>
public abstract class EngineOrderTests<TKernel>(TKernel kernel)
    where TKernel : BootedKernel
{
    private const int Getpid = 39;

    // Attach order and band order disagree, so every order rule gives a different sequence.
    private static readonly (string Name, string Band)[] Engines =
        [("W", "warp"), ("E", "enforcer"), ("O1", "observer"), ("O2", "observer")];

    [Theory]
    [InlineData(EventKind.SyscallEntry, "syscall_entry")]
    [InlineData(EventKind.SyscallExit, "syscall_exit")]
    public async Task Syscall_callbacks_come_in_the_order_the_spec_gives(EventKind kind, string eventName)
    {
        var spec = kernel.Session.Spec;
        var seen = await kernel.Session.ObserveAsync(GetpidScenario(Engines.Select(e => new EngineSetup(e.Name, e.Band, ["syscall_entry", "syscall_exit"]))));

        var expected = CallbackOrder.For(spec, kind, Engines.Select((e, i) => new OrderedEngine(e.Name, i, spec.Bands.Single(b => b.Name == e.Band).Priority)));
        Assert.Equal(expected, seen.CallOrder(eventName, Getpid));
        Assert.Equal(seen.TargetPid.ToString(CultureInfo.InvariantCulture), seen.Report["ret"]);
    }

    [Fact]
    public async Task A_task_without_engines_gets_no_callbacks()
    {
        var seen = await kernel.Session.ObserveAsync(GetpidScenario([]));

        Assert.DoesNotContain(seen.Log, r => r["engine"] is not null && r["event"] is not "attached");
        Assert.Equal(new TargetOutcome(0, null), seen.Outcome);
    }

    private static Scenario GetpidScenario(IEnumerable<EngineSetup> engines) =>
        Scenario.Adhoc("engine order on getpid", ["getpid"], Getpid, engines.ToArray());
}

[Collection(ReportResumeKernel.Collection)]
public sealed class ReportResumeOrder(ReportResumeKernel kernel) : EngineOrderTests<ReportResumeKernel>(kernel);

[Collection(Utrace2009Kernel.Collection)]
public sealed class Utrace2009Order(Utrace2009Kernel kernel) : EngineOrderTests<Utrace2009Kernel>(kernel);

[Collection(Utrace2007Kernel.Collection)]
public sealed class Utrace2007Order(Utrace2007Kernel kernel) : EngineOrderTests<Utrace2007Kernel>(kernel);
