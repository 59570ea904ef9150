using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.QemuHarness.Bench;

/// <summary>Runs the cases of one boot one after the other, each through the guest agent's EXEC of <c>/utpk-bench</c>.</summary>
internal sealed class BenchRunner(IGuestAgent agent, IProgress<HarnessProgress>? progress = null)
{
    /// <summary>Where the program is in every test initramfs.</summary>
    public const string GuestPath = "/utpk-bench";

    // EXEC answers only when the program is done; a slow TCG guest on a busy host gets room.
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromMinutes(5);

    /// <param name="kernel">Named in the progress lines ("unpatched", a variant).</param>
    /// <exception cref="InfrastructureException">The agent refused the program, or its output is not a bench result.</exception>
    /// <returns>The figures, and the TSC rate they were timed with.</returns>
    public async Task<(IReadOnlyList<BenchFigure> Figures, long TscKhz)> RunAsync(string kernel, IReadOnlyList<BenchCase> cases, int runs, CancellationToken cancellationToken = default)
    {
        // The test kernels' clocksource is jiffies (TCG gives no TSC frequency): time with the
        // TSC, at the rate measured once per boot.
        progress.Report("bench", $"{kernel}: calibrating the TSC against the monotonic clock (2 s)");
        var tscKhz = await ExecAsync("calibrate", ["calibrate"], BenchOutput.ParseCalibration, cancellationToken).ConfigureAwait(false);
        var measurements = new List<BenchMeasurement>();
        foreach (var (benchCase, index) in cases.Select((c, i) => (c, i)))
        {
            progress.Report("bench", $"{kernel}: {benchCase.Label} ({benchCase.CallsPerRun} calls x {runs})", 100.0 * index / cases.Count);
            measurements.Add(await ExecAsync(benchCase.Id, benchCase.Arguments(runs, tscKhz), lines => BenchOutput.Parse(benchCase, runs, lines), cancellationToken)
                .ConfigureAwait(false));
        }

        progress.Report("bench", $"{kernel}: done", 100);
        return (BenchFigure.FromBoot(measurements), tscKhz);
    }

    private async Task<T> ExecAsync<T>(string what, IReadOnlyList<string> arguments, Func<IReadOnlyList<string>, T> parse, CancellationToken cancellationToken)
    {
        var command = $"EXEC {GuestPath} {string.Join(' ', arguments)}";
        var reply = await agent.SendAsync(command, CaseTimeout, cancellationToken).ConfigureAwait(false);
        if (!reply.Ok)
        {
            throw new InfrastructureException($"the guest agent refused '{command}': {reply.Status}", reply.Lines, kind: FailureKind.Agent);
        }

        var output = reply.Lines.Where(l => l.StartsWith("OUT ", StringComparison.Ordinal)).Select(l => l[4..]).ToArray();
        var end = AgentEnd.Parse(reply.Status);
        try
        {
            if (end.ExitCode != 0 || end.Truncated)
            {
                throw new FormatException($"the bench program ended with {end}{(end.Truncated ? " and its output was cut" : "")}");
            }

            return parse(output);
        }
        catch (FormatException ex)
        {
            throw new InfrastructureException($"{what}: {ex.Message}", output.Prepend(command), kind: FailureKind.Agent);
        }
    }
}
