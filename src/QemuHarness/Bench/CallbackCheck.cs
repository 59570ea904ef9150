namespace UtracePatchKit.QemuHarness.Bench;

/// <summary>
/// Proof that the engines were really called: each of the case's quiet engines must have counted
/// exactly the callbacks the bench program's own system calls (or signals) imply. A figure whose
/// engines were not called measures nothing.
/// </summary>
internal static class CallbackCheck
{
    /// <returns>One line per problem; empty when every engine was called as expected.</returns>
    public static IReadOnlyList<string> Problems(BenchMeasurement measurement)
    {
        if (!measurement.Case.NeedsUtrace)
        {
            return [];
        }

        var problems = new List<string>();
        var want = measurement.Want;
        if (want is null)
        {
            return ["the bench program did not say which callbacks to expect"];
        }

        if (want.Entries + want.Exits + want.Other < measurement.Case.CallsPerRun)
        {
            problems.Add($"expected callbacks ({want.Entries} entries, {want.Exits} exits, {want.Other} other) do not cover the {measurement.Case.CallsPerRun} calls of a run");
        }

        var names = Enumerable.Range(1, measurement.Case.Engines).Select(i => $"B{i}").ToArray();
        foreach (var name in names)
        {
            var counts = measurement.Engines.Where(e => e.Engine == name).ToArray();
            if (counts.Length != 1)
            {
                problems.Add($"engine {name}: {(counts.Length == 0 ? "no counters reported" : "counters reported twice")}");
                continue;
            }

            var got = counts[0];
            if (got.Entries != want.Entries || got.Exits != want.Exits || got.Other != want.Other || got.Unpaired != 0)
            {
                problems.Add($"engine {name}: called {got.Entries} entries, {got.Exits} exits, {got.Other} other ({got.Unpaired} unpaired); expected {want.Entries}, {want.Exits}, {want.Other} (0 unpaired)");
            }
        }

        foreach (var extra in measurement.Engines.Where(e => !names.Contains(e.Engine)))
        {
            problems.Add($"engine {extra.Engine}: counters of an engine the case did not attach");
        }

        return problems;
    }
}
