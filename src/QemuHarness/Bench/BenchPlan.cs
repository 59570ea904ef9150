namespace UtracePatchKit.QemuHarness.Bench;

/// <summary>
/// The cases of one boot, in the order they run. A kernel without utrace (the unpatched one) gets
/// the cases that need no engine.
/// </summary>
public static class BenchPlan
{
    /// <summary>Runs per figure below this give no meaningful median and spread.</summary>
    public const int MinimumRuns = 5;

    public const int MaximumRuns = 64;

    public const long MinimumCalls = 100;

    public const long MaximumCalls = 1_000_000;

    /// <summary>The pipe is drained once per run and holds 64 KiB.</summary>
    public const long PipeCapacity = 65536;

    public static readonly int[] EngineCounts = [1, 4, 16];

    /// <param name="calls">Calls per run of the cheap cases; a traced stop costs ~300 bare calls under TCG, so ptrace makes fewer.</param>
    public static IReadOnlyList<BenchCase> For(bool withUtrace, long calls)
    {
        var ptraceCalls = Math.Max(MinimumCalls, calls / 25);
        var cases = new List<BenchCase>();
        foreach (var call in new[] { BenchCall.Getpid, BenchCall.PipeWrite })
        {
            var n = call == BenchCall.PipeWrite ? Math.Min(calls, PipeCapacity) : calls;
            cases.Add(new(call, BenchTracer.None, 0, n));
            cases.Add(new(call, BenchTracer.Seccomp, 0, n));
            cases.Add(new(call, BenchTracer.Ptrace, 0, Math.Min(ptraceCalls, n)));
            if (withUtrace)
            {
                cases.AddRange(EngineCounts.Select(e => new BenchCase(call, BenchTracer.Utrace, e, n)));
            }
        }

        // utrace_set_events() inside a pass: an engine that changes its events at every call.
        if (withUtrace)
        {
            cases.Add(new(BenchCall.Getpid, BenchTracer.UtraceToggle, 1, calls));
        }

        // A signal round trip costs several system calls' worth: fewer of them.
        var signals = Math.Max(MinimumCalls, calls / 4);
        cases.Add(new(BenchCall.Signal, BenchTracer.None, 0, signals));
        if (withUtrace)
        {
            cases.Add(new(BenchCall.Signal, BenchTracer.Utrace, 1, signals));
        }

        return cases;
    }
}
