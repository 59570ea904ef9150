using System.Globalization;
using UtracePatchKit.QemuHarness.Bench;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.QemuHarness.Report;

/// <summary>A validated variant: its verdict, patch size and the files of its run.</summary>
/// <param name="Files">Role → path of the run's logs and results (console, qemu, ktap, junit, json).</param>
public sealed record ReportVariant(
    string Variant,
    bool Passed,
    int Passes,
    int Failures,
    int PatchFiles,
    int PatchLinesAdded,
    int PatchLinesRemoved,
    string Kernel,
    string Accelerator,
    string RunDirectory,
    IReadOnlyDictionary<string, string> Files);

/// <summary>One scenario on one variant, as its kernel reported it.</summary>
/// <param name="Verdict">The catalog author's label (wanted, problem), or null.</param>
public sealed record ReportCell(
    string Variant,
    bool Passed,
    string? Verdict,
    IReadOnlyList<string> Failures,
    string Outcome,
    IReadOnlyDictionary<string, string> Reported,
    CallbackSequence Callbacks);

/// <param name="Differences">What the variants' kernels did differently (outcome, reports, callbacks); empty when all did the same.</param>
public sealed record ReportScenario(string Id, string Title, string Why, IReadOnlyList<ReportCell> Cells, IReadOnlyList<string> Differences);

/// <summary>
/// What <c>utpk compare --report</c> draws: built only from the runs (the guests' logs, the
/// targets' reports, the verdicts) and, when there is one, a bench.json.
/// </summary>
public sealed record ComparisonReport(
    DateTimeOffset Generated,
    IReadOnlyList<ReportVariant> Variants,
    IReadOnlyList<ReportScenario> Scenarios,
    BenchJson.BenchDocument? Bench,
    string? BenchPath)
{
    public static ComparisonReport From(IReadOnlyList<ValidationReport> reports, BenchJson.BenchDocument? bench = null, string? benchPath = null, DateTimeOffset? generated = null)
    {
        var variants = reports.Select(Variant).ToArray();
        var scenarios = reports
            .SelectMany(r => r.Scenarios)
            .GroupBy(s => s.Scenario.Id)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var cells = g.Select(Cell).ToArray();
                var first = g.First().Scenario;
                return new ReportScenario(g.Key, first.Title, first.Why, cells, Differences(cells));
            })
            .ToArray();
        return new ComparisonReport(generated ?? DateTimeOffset.UtcNow, variants, scenarios, bench, benchPath);
    }

    private static ReportVariant Variant(ValidationReport r)
    {
        var patches = r.Kernel.Series.Patches;
        int Count(char sign) => patches.Sum(p => p.Content.Split('\n').Count(l => l.Length > 0 && l[0] == sign && !l.StartsWith($"{sign}{sign}{sign}", StringComparison.Ordinal)));
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["console.log"] = Path.Combine(r.RunDirectory, "console.log"),
            ["qemu.log"] = Path.Combine(r.RunDirectory, "qemu.log"),
            ["KTAP"] = Path.Combine(r.RunDirectory, "results.ktap"),
            ["JUnit"] = Path.Combine(r.RunDirectory, "results.junit.xml"),
            ["JSON"] = Path.Combine(r.RunDirectory, "results.json"),
        };
        return new ReportVariant(
            r.Run.Variant,
            r.Passed,
            r.Run.Passed,
            r.Run.Failed,
            patches.Count(p => !p.Name.Contains("cover-letter", StringComparison.Ordinal)),
            Count('+'),
            Count('-'),
            r.Kernel.KernelVersion,
            r.Run.Properties.GetValueOrDefault("accelerator", "?"),
            r.RunDirectory,
            files);
    }

    private static ReportCell Cell(ScenarioResult s)
    {
        var verdict = s.Scenario.ProposalVerdicts.TryGetValue(s.Variant, out var v) ? v.ToString().ToLowerInvariant() : null;
        var seen = s.Observation;
        return new ReportCell(
            s.Variant,
            s.Passed,
            verdict,
            s.Failures,
            seen?.Outcome.ToString() ?? "not run",
            seen?.Report ?? new Dictionary<string, string>(),
            seen is null ? CallbackSequence.Empty : CallbackSequence.From(seen.Log));
    }

    /// <summary>One line per aspect in which the variants' kernels differed.</summary>
    private static IReadOnlyList<string> Differences(IReadOnlyList<ReportCell> cells)
    {
        if (cells.Count < 2)
        {
            return [];
        }

        var lines = new List<string>();
        string Each(Func<ReportCell, string> value) => string.Join("; ", cells.Select(c => $"{c.Variant}: {value(c)}"));
        if (cells.Select(c => c.Outcome).Distinct().Count() > 1)
        {
            lines.Add($"target ended: {Each(c => c.Outcome)}");
        }

        // Pids and addresses differ from boot to boot: only keys whose values are not ids.
        var keys = cells.SelectMany(c => c.Reported.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(k => !k.Contains("pid", StringComparison.Ordinal) && !k.EndsWith("_ip", StringComparison.Ordinal));
        foreach (var key in keys)
        {
            if (cells.Select(c => c.Reported.GetValueOrDefault(key, "-")).Distinct().Count() > 1)
            {
                lines.Add($"target reported {key}: {Each(c => c.Reported.GetValueOrDefault(key, "-"))}");
            }
        }

        if (cells.Skip(1).Any(c => !c.Callbacks.SameAs(cells[0].Callbacks)))
        {
            lines.Add($"callbacks: {Each(c => Summary(c.Callbacks))}");
        }

        if (cells.Select(c => c.Passed).Distinct().Count() > 1)
        {
            lines.Add($"checks: {Each(c => c.Passed ? "pass" : "FAIL")}");
        }

        return lines;
    }

    private static string Summary(CallbackSequence sequence) =>
        sequence.Steps.Count == 0
            ? "none"
            : string.Join(" ", sequence.Steps.Take(8).Select(s => $"{s.Engine}.{s.Event}->{s.Returned.Split(' ')[0]}"))
              + (sequence.Steps.Count > 8 || sequence.LeftOut > 0 ? $" (+{(sequence.Steps.Count - 8 + sequence.LeftOut).ToString(CultureInfo.InvariantCulture)})" : "");
}
