using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.QemuHarness.Bench;

/// <summary>Runs the cases of one boot one after the other, each through the guest agent's EXEC of <c>/utpk-bench</c>.</summary>
public sealed class BenchRunner(IGuestAgent agent, IProgress<HarnessProgress>? progress = null)
{
    /// <summary>Where the program is in every test initramfs.</summary>
    public const string GuestPath = "/utpk-bench";

    // EXEC answers only when the program is done; a slow TCG guest on a busy host gets room.
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromMinutes(5);

    /// <param name="kernel">Named in the progress lines ("unpatched", a variant).</param>
    /// <exception cref="InfrastructureException">The agent refused the program, or its output is not a bench result.</exception>
    public async Task<IReadOnlyList<BenchFigure>> RunAsync(string kernel, IReadOnlyList<BenchCase> cases, int runs, CancellationToken cancellationToken = default)
    {
        var measurements = new List<BenchMeasurement>();
        foreach (var (benchCase, index) in cases.Select((c, i) => (c, i)))
        {
            progress.Report("bench", $"{kernel}: {benchCase.Label} ({benchCase.CallsPerRun} calls x {runs})", 100.0 * index / cases.Count);
            measurements.Add(await MeasureAsync(benchCase, runs, cancellationToken).ConfigureAwait(false));
        }

        progress.Report("bench", $"{kernel}: done", 100);
        return BenchFigure.FromBoot(measurements);
    }

    private async Task<BenchMeasurement> MeasureAsync(BenchCase benchCase, int runs, CancellationToken cancellationToken)
    {
        var command = $"EXEC {GuestPath} {string.Join(' ', benchCase.Arguments(runs))}";
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

            return BenchOutput.Parse(benchCase, runs, output);
        }
        catch (FormatException ex)
        {
            throw new InfrastructureException($"{benchCase.Id}: {ex.Message}", output.Prepend(command), kind: FailureKind.Agent);
        }
    }
}
