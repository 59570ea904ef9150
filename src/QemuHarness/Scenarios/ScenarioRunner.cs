using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using UtracePatchKit.Generator.Spec;

namespace UtracePatchKit.QemuHarness.Scenarios;

/// <summary>
/// Runs catalog scenarios through the guest agent on a booted kernel of one variant: sets up the
/// scripted engines, lets the target run, and checks the outcome against the catalog.
/// </summary>
internal sealed partial class ScenarioRunner(IGuestAgent agent, VariantSpec spec)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private const int TargetTimeoutMs = 20_000;

    public async Task<ScenarioResult> RunAsync(Scenario scenario, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var seen = await ObserveAsync(scenario, cancellationToken);
            var failures = ExpectationChecker.Check(scenario, spec.Variant, seen);
            return new ScenarioResult(scenario, spec.Variant, failures, clock.Elapsed, seen);
        }
        catch (ScenarioStepException ex)
        {
            if (ex.TargetPid is { } pid)
            {
                await ReapAsync(pid, cancellationToken);
            }

            return new ScenarioResult(scenario, spec.Variant, [ex.Message], clock.Elapsed, null);
        }
    }

    // A target left waiting would hold one of the agent's slots and a pid for the next scenario.
    private async Task ReapAsync(int pid, CancellationToken ct)
    {
        await agent.SendAsync($"KILL {pid} 9", CommandTimeout, ct);
        await agent.SendAsync($"WAIT {pid} {TargetTimeoutMs}", CommandTimeout, ct);
    }

    /// <summary>Runs a scenario and returns what happened, without judging it.</summary>
    public async Task<ScenarioObservation> ObserveAsync(Scenario scenario, CancellationToken ct = default)
    {
        await CommandAsync("CTL reset", ct);
        var spawned = await CommandAsync("SPAWN " + string.Join(' ', scenario.Target), ct);
        var pid = int.Parse(spawned.Status, CultureInfo.InvariantCulture);
        try
        {
            return await ObserveTargetAsync(scenario, pid, ct);
        }
        catch (ScenarioStepException ex) when (ex.TargetPid is null)
        {
            throw new ScenarioStepException(ex.Message, pid);
        }
    }

    private async Task<ScenarioObservation> ObserveTargetAsync(Scenario scenario, int pid, CancellationToken ct)
    {
        var program = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var engine in scenario.Engines)
        {
            await CommandAsync($"CTL attach {engine.Name} {pid} {Priority(scenario, engine.Band)} {EventList(engine.Events)}{(engine.Quiet ? " quiet" : "")}", ct);
        }

        foreach (var line in scenario.Script.Where(l => l.AppliesTo(spec.Variant)))
        {
            await CommandAsync("CTL " + line.ToDriverCommand(), ct);
        }

        foreach (var step in scenario.BeforeGo)
        {
            await RunStepAsync(step, pid, program, ct);
        }

        await CommandAsync($"GO {pid}", ct);
        foreach (var step in scenario.Steps)
        {
            await RunStepAsync(step, pid, program, ct);
        }

        var (outcome, report) = await WaitAsync(pid, ct);
        var log = await CommandAsync("LOG", ct);
        return new ScenarioObservation(pid, outcome, report, log.Lines.Select(LogRecord.Parse).ToArray()) { Program = program };
    }

    private static string EventList(IReadOnlyList<string> events) => events.Count == 0 ? "none" : string.Join(',', events);

    private int Priority(Scenario scenario, string band) =>
        spec.Bands.FirstOrDefault(b => b.Name == band)?.Priority
        ?? throw new ScenarioStepException($"{scenario.File}: band '{band}' is not defined in {spec.DisplayPath}");

    private Task RunStepAsync(ScenarioStep step, int pid, Dictionary<string, string> program, CancellationToken ct) => step switch
    {
        ScenarioStep.Command command => CommandAsync("CTL " + Expand(command.Text, pid), ct),
        ScenarioStep.Refused refused => RefusedAsync("CTL " + Expand(refused.Text, pid), refused.Errno, ct),
        ScenarioStep.Exec exec => ExecAsync(exec, pid, program, ct),
        ScenarioStep.WaitStopped wait => CommandAsync($"CTL wait_stopped {pid} {wait.Milliseconds}", ct,
            $"the target did not stop within {wait.Milliseconds} ms"),
        ScenarioStep.WaitState wait => CommandAsync($"WAIT_STATE {pid} {wait.State} 5000", ct,
            $"the target did not reach state {wait.State} within 5000 ms"),
        ScenarioStep.Query query => CommandAsync($"CTL {query.Verb} {pid}", ct),
        ScenarioStep.Control control => CommandAsync($"CTL control {control.Engine} {control.Action}", ct),
        ScenarioStep.SetEvents set => CommandAsync($"CTL events {set.Engine} {EventList(set.Events)}", ct),
        ScenarioStep.Detach detach => CommandAsync($"CTL detach {detach.Engine}", ct),
        ScenarioStep.Kill kill => CommandAsync($"KILL {pid} {kill.Signal}", ct),
        ScenarioStep.Sleep sleep => CommandAsync($"SLEEP {sleep.Milliseconds}", ct),
        _ => throw new ScenarioStepException($"unknown step {step}"),
    };

    private async Task RefusedAsync(string command, int errno, CancellationToken ct)
    {
        var reply = await agent.SendAsync(command, CommandTimeout, ct);
        if (reply.Ok)
        {
            throw new ScenarioStepException($"'{command}' succeeded, expected it refused with {Errno.Describe(errno)}");
        }

        var got = ErrnoField().Match(reply.Status) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : (int?)null;
        if (got != errno)
        {
            throw new ScenarioStepException($"'{command}' was refused with {reply.Status}, expected {Errno.Describe(errno)}");
        }
    }

    private async Task ExecAsync(ScenarioStep.Exec exec, int pid, Dictionary<string, string> program, CancellationToken ct)
    {
        var command = "EXEC " + string.Join(' ', exec.Argv.Select(word => Expand(word, pid)));
        var reply = await agent.SendAsync(command, TimeSpan.FromMilliseconds(exec.TimeoutMilliseconds), ct);
        if (!reply.Ok)
        {
            throw new ScenarioStepException($"'{command}' failed: {reply.Status}");
        }

        var end = AgentEnd.Parse(reply.Status);
        if (end.Truncated)
        {
            throw new ScenarioStepException($"'{command}' printed more than the agent keeps ({AgentEnd.OutputLimit} bytes): its output was cut ({end})");
        }

        var printed = reply.Lines
            .Where(l => l.StartsWith("OUT ", StringComparison.Ordinal))
            .SelectMany(l => KeyValueLine.Parse(l[4..]))
            .Concat(end.Fields);
        foreach (var (key, value) in printed)
        {
            program.TryAdd(key, value);
        }
    }

    /// <summary>
    /// A step's text with <c>$pid</c> (the target) and <c>${NAME:-DEFAULT}</c> (the host's
    /// environment variable NAME, or DEFAULT when it is unset or empty) filled in.
    /// </summary>
    public static string Expand(string text, int pid, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var withEnv = EnvironmentReference().Replace(text, m =>
            environment(m.Groups[1].Value) is { Length: > 0 } value ? value : m.Groups[2].Value);
        return withEnv.Replace("$pid", pid.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*):-([^}]*)\}")]
    private static partial Regex EnvironmentReference();

    [GeneratedRegex(@"errno=([0-9]+)")]
    private static partial Regex ErrnoField();

    private async Task<(TargetOutcome Outcome, IReadOnlyDictionary<string, string> Report)> WaitAsync(int pid, CancellationToken ct)
    {
        var reply = await agent.SendAsync($"WAIT {pid} {TargetTimeoutMs}", CommandTimeout, ct);
        if (!reply.Ok)
        {
            throw new ScenarioStepException($"the target did not finish within {TargetTimeoutMs} ms ({reply.Status})", pid);
        }

        var end = AgentEnd.Parse(reply.Status);
        if (end.Truncated)
        {
            throw new ScenarioStepException($"the target's report passed the {AgentEnd.OutputLimit} bytes the agent keeps: its end is missing ({end})");
        }

        var outcome = end.Outcome;
        var report = reply.Lines
            .Where(l => l.StartsWith("OUT ", StringComparison.Ordinal))
            .SelectMany(l => KeyValueLine.Parse(l[4..]))
            .GroupBy(kv => kv.Key)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        return (outcome, report);
    }

    private async Task<AgentReply> CommandAsync(string command, CancellationToken ct, string? meaning = null)
    {
        var reply = await agent.SendAsync(command, CommandTimeout, ct);
        if (!reply.Ok)
        {
            throw new ScenarioStepException(meaning ?? $"'{command}' failed: {reply.Status}");
        }

        return reply;
    }
}

/// <summary>A scenario could not be carried out as written (the kernel refused a step): a test failure.</summary>
/// <param name="TargetPid">The target still to be killed and reaped, if one was spawned.</param>
internal sealed class ScenarioStepException(string message, int? targetPid = null) : Exception(message)
{
    public int? TargetPid { get; } = targetPid;
}
