using System.Globalization;
using UtracePatchKit.Common.Diagnostics;

namespace UtracePatchKit.QemuHarness.Scenarios;

/// <summary>
/// How a process the guest agent ran ended: the final line of its WAIT and EXEC commands,
/// <c>OK exited=N</c> or <c>OK signaled=N core=0|1</c>, with <c>truncated=1</c> appended when the
/// output passed what the agent keeps (kernel-tests/agent/agent.c). Every reader of those
/// replies goes through <see cref="Parse"/>.
/// </summary>
/// <param name="Truncated">The output was cut: lines are missing at its end (or one was cut short).</param>
public sealed record AgentEnd(int? ExitCode, int? Signal, bool CoreDumped, bool Truncated)
{
    /// <summary>Bytes of output the agent keeps per WAIT or EXEC (its buffer less the terminating NUL).</summary>
    public const int OutputLimit = 8191;

    /// <exception cref="InfrastructureException">The status says neither how the process exited nor which signal ended it.</exception>
    public static AgentEnd Parse(string status)
    {
        var fields = KeyValueLine.Parse(status);
        var truncated = fields.GetValueOrDefault("truncated") == "1";
        if (fields.TryGetValue("exited", out var code) && Number(code) is { } exitCode)
            return new AgentEnd(exitCode, null, false, truncated);
        if (fields.TryGetValue("signaled", out var sig) && Number(sig) is { } signal)
            return new AgentEnd(null, signal, fields.GetValueOrDefault("core") == "1", truncated);
        throw new InfrastructureException($"the guest agent's final line 'OK {status}' says neither exited=N nor signaled=N",
            kind: FailureKind.Agent);
    }

    /// <summary>As a scenario's target outcome (the core flag only for a signal).</summary>
    public TargetOutcome Outcome => Signal is { } s
        ? new TargetOutcome(null, s) { CoreDumped = CoreDumped }
        : new TargetOutcome(ExitCode, null);

    /// <summary>The key=value pairs a program's output map gets: exited, or signaled and core.</summary>
    public IEnumerable<KeyValuePair<string, string>> Fields => Signal is { } s
        ? [new("signaled", Text(s)), new("core", CoreDumped ? "1" : "0")]
        : [new("exited", Text(ExitCode ?? 0))];

    /// <summary>"exited=N" or "signaled=N", as run-selftest ends its output.</summary>
    public override string ToString() => Signal is { } s ? $"signaled={Text(s)}" : $"exited={Text(ExitCode ?? 0)}";

    private static int? Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
