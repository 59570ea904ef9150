using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.QemuHarness.Selftests;

/// <summary>Runs a suite's tests one after the other through the guest agent's EXEC, each under run-selftest.</summary>
public sealed class SelftestRunner(IGuestAgent agent)
{
    /// <summary>kselftest's default per-test timeout (runner.sh); enforced in the guest by run-selftest.</summary>
    public const int GuestTimeoutSeconds = 45;

    // EXEC answers only when the program is done: room for the guest timeout and a slow TCG guest.
    private static readonly TimeSpan HostTimeout = TimeSpan.FromSeconds(GuestTimeoutSeconds + 60);

    public async Task<IReadOnlyList<SelftestRun>> RunAsync(SelftestSuite suite, CancellationToken cancellationToken = default)
    {
        var runs = new List<SelftestRun>();
        foreach (var test in suite.Tests)
            runs.Add(await RunAsync(test, cancellationToken).ConfigureAwait(false));
        return runs;
    }

    public async Task<SelftestRun> RunAsync(SelftestProgram test, CancellationToken cancellationToken = default)
    {
        var command = $"EXEC {SelftestSuite.RunnerPath} {GuestTimeoutSeconds} {test.GuestPath}";
        var reply = await agent.SendAsync(command, HostTimeout, cancellationToken).ConfigureAwait(false);
        if (!reply.Ok)
            throw new InfrastructureException($"the guest agent refused '{command}': {reply.Status}", reply.Lines);
        var output = reply.Lines
            .Where(line => line.StartsWith("OUT ", StringComparison.Ordinal))
            .Select(line => line[4..])
            .ToArray();
        return KtapParser.Parse(test.Name, output, AgentEnd.Parse(reply.Status));
    }
}
