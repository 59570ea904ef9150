using System.Globalization;

namespace UtracePatchKit.QemuHarness.Bench;

/// <summary>What each timed iteration does (kernel-tests/guest/bench.c).</summary>
public enum BenchCall
{
    /// <summary>A raw getpid(): the cheapest system call.</summary>
    Getpid,

    /// <summary>A raw 1-byte write() to a pipe: a call that does some work.</summary>
    PipeWrite,

    /// <summary>kill() to self with a handler: delivery, handler and sigreturn.</summary>
    Signal,
}

/// <summary>Who watches the measured process.</summary>
public enum BenchTracer
{
    None,

    /// <summary>An allow-all seccomp BPF filter: the cheapest hook users already run on the syscall-work path.</summary>
    Seccomp,

    /// <summary>A PTRACE_SYSCALL tracer: a stop at every entry and exit.</summary>
    Ptrace,

    /// <summary>Quiet utrace engines (callbacks that only count) of the validation driver.</summary>
    Utrace,

    /// <summary>
    /// Quiet utrace engines on syscall entry that ask for the exit at each entry and stop asking at
    /// the exit, as a tracer that wants the exits of some calls only: each call changes their events twice.
    /// </summary>
    UtraceToggle,
}

/// <summary>One figure of the bench: a call, who traces it, and how many calls each timed run makes.</summary>
public sealed record BenchCase(BenchCall Call, BenchTracer Tracer, int Engines, long CallsPerRun)
{
    public static string CallName(BenchCall call) => call switch
    {
        BenchCall.Getpid => "getpid",
        BenchCall.PipeWrite => "pipe_write",
        _ => "signal",
    };

    /// <summary>The tracer's name in the guest program's arguments and output.</summary>
    public static string TracerName(BenchTracer tracer) => tracer switch
    {
        BenchTracer.UtraceToggle => "utrace_toggle",
        _ => tracer.ToString().ToLowerInvariant(),
    };

    /// <summary>Stable id, e.g. <c>getpid/utrace-4</c>, <c>getpid/utrace-toggle-1</c>, <c>pipe_write/seccomp</c>.</summary>
    public string Id => Tracer switch
    {
        BenchTracer.Utrace => $"{CallName(Call)}/utrace-{Engines.ToString(CultureInfo.InvariantCulture)}",
        BenchTracer.UtraceToggle => $"{CallName(Call)}/utrace-toggle-{Engines.ToString(CultureInfo.InvariantCulture)}",
        _ => $"{CallName(Call)}/{TracerName(Tracer)}",
    };

    /// <summary>For people: "getpid(), 4 quiet utrace engines".</summary>
    public string Label
    {
        get
        {
            var call = Call switch
            {
                BenchCall.Getpid => "getpid()",
                BenchCall.PipeWrite => "1-byte pipe write()",
                _ => "signal round trip",
            };
            var who = Tracer switch
            {
                BenchTracer.None => "untraced",
                BenchTracer.Seccomp => "seccomp allow-all filter",
                BenchTracer.Ptrace => "PTRACE_SYSCALL tracer",
                BenchTracer.UtraceToggle => Engines == 1
                    ? "1 quiet utrace engine turning syscall exits on and off"
                    : $"{Engines} quiet utrace engines turning syscall exits on and off",
                _ => Engines == 1 ? "1 quiet utrace engine" : $"{Engines} quiet utrace engines",
            };
            return $"{call}, {who}";
        }
    }

    /// <summary>The untraced case of the same call: what ratios are taken against.</summary>
    public bool IsBaseline => Tracer == BenchTracer.None;

    public bool NeedsUtrace => Tracer is BenchTracer.Utrace or BenchTracer.UtraceToggle;

    /// <summary>The guest program's arguments: CALL TRACER ENGINES CALLS RUNS TSC_KHZ.</summary>
    /// <param name="tscKhz">The boot's TSC rate, from the program's <c>calibrate</c>.</param>
    public IReadOnlyList<string> Arguments(int runs, long tscKhz) =>
    [
        CallName(Call), TracerName(Tracer), Engines.ToString(CultureInfo.InvariantCulture),
        CallsPerRun.ToString(CultureInfo.InvariantCulture), runs.ToString(CultureInfo.InvariantCulture),
        tscKhz.ToString(CultureInfo.InvariantCulture),
    ];
}
