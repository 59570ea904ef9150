using System.Globalization;
using System.Text.RegularExpressions;

namespace UtracePatchKit.QemuHarness.Scenarios;

/// <summary>Compares what a scenario run observed with what the catalog expects of a variant.</summary>
internal static partial class ExpectationChecker
{
    /// <returns>One message per failed check; empty when the variant behaved as expected.</returns>
    public static IReadOnlyList<string> Check(Scenario scenario, string variant, ScenarioObservation seen)
    {
        var failures = new List<string>();
        if (seen.LogOverflow is { } overflow)
        {
            // Lost or cut records could make an 'absent' or 'count' check pass: nothing on this log counts.
            failures.Add($"the driver's callback log overflowed ({overflow.Line}): records were dropped or cut short, " +
                         "so no check on this log can be trusted; make the scenario log less (quiet engines, fewer events)");
        }

        var expectations = scenario.ExpectationsFor(variant);
        if (expectations.Count == 0)
        {
            return [.. failures, $"{scenario.File}: no expectation for variant '{variant}' (add 'expect.{variant}' or 'expect.all')"];
        }

        foreach (var expectation in expectations)
        {
            CheckOutcome(expectation, seen, failures);
            CheckReport(expectation, seen, failures);
            CheckOrder(scenario, expectation, seen, failures);
            CheckRecords(expectation, seen, failures);
            CheckProgram(expectation, seen, failures);
        }

        return failures;
    }

    private static void CheckOutcome(Expectation expectation, ScenarioObservation seen, List<string> failures)
    {
        if (expectation.Outcome is { } outcome && !outcome.IsMetBy(seen.Outcome))
        {
            failures.Add($"target ended {seen.Outcome}, expected {outcome}");
        }
    }

    private static void CheckReport(Expectation expectation, ScenarioObservation seen, List<string> failures)
    {
        foreach (var (key, raw) in expectation.Report)
        {
            var expected = Resolve(raw, seen);
            var actual = seen.Report.GetValueOrDefault(key);
            if (!ValueMatches(expected, actual))
            {
                failures.Add($"target reported {key}={actual ?? "(nothing)"}, expected {expected}");
            }
        }
    }

    private static void CheckProgram(Expectation expectation, ScenarioObservation seen, List<string> failures)
    {
        var failed = false;
        foreach (var (key, raw) in expectation.Program)
        {
            var expected = Resolve(raw, seen);
            var actual = seen.Program.GetValueOrDefault(key);
            if (!ValueMatches(expected, actual))
            {
                failures.Add($"guest program printed {key}={actual ?? "(nothing)"}, expected {expected}");
                failed = true;
            }
        }

        if (failed)
        {
            failures.Add("guest program output: " + string.Join(' ', seen.Program.Select(kv => $"{kv.Key}={kv.Value}")));
        }
    }

    private static void CheckOrder(Scenario scenario, Expectation expectation, ScenarioObservation seen, List<string> failures)
    {
        foreach (var (eventName, expected) in expectation.Order)
        {
            var actual = seen.CallOrder(eventName, scenario.Syscall).Where(expected.Contains).Distinct().ToList();
            if (!actual.SequenceEqual(expected))
            {
                failures.Add($"{eventName} callbacks came in order [{string.Join(", ", actual)}], expected [{string.Join(", ", expected)}]");
            }
        }
    }

    private static void CheckRecords(Expectation expectation, ScenarioObservation seen, List<string> failures)
    {
        foreach (var check in expectation.Records)
        {
            var match = check.Match.ToDictionary(m => m.Key, m => Resolve(m.Value, seen));
            var found = seen.Log.Where(r => r.Matches(match)).ToList();
            var what = string.Join(' ', match.Select(m => $"{m.Key}={m.Value}"));
            if (check.Absent)
            {
                if (found.Count > 0)
                {
                    failures.Add($"expected no record with {what}, found: {found[0].Line}");
                }

                continue;
            }

            if (check.Count is { } count)
            {
                if (found.Count != count)
                {
                    failures.Add($"expected {count} record(s) with {what}, found {found.Count}");
                }

                if (found.Count != count || count == 0)
                {
                    continue;
                }
            }

            if (found.Count == 0)
            {
                failures.Add($"expected a record with {what}, found none");
                continue;
            }

            if (check.Before is { } before)
            {
                CheckBefore(found[0], before.ToDictionary(m => m.Key, m => Resolve(m.Value, seen)), seen, what, failures);
            }

            foreach (var (key, raw) in check.Fields)
            {
                var expected = Resolve(raw, seen);
                if (!ValueMatches(expected, found[0][key]))
                {
                    failures.Add($"record with {what} has {key}={found[0][key] ?? "(missing)"}, expected {expected}: {found[0].Line}");
                }
            }
        }
    }

    private static void CheckBefore(LogRecord first, Dictionary<string, string> before, ScenarioObservation seen, string what, List<string> failures)
    {
        var later = seen.Log.FirstOrDefault(r => r.Matches(before));
        var which = string.Join(' ', before.Select(m => $"{m.Key}={m.Value}"));
        if (later is null)
        {
            failures.Add($"expected a record with {which} after the one with {what}, found none");
        }
        else if (IndexOf(seen.Log, later) < IndexOf(seen.Log, first))
        {
            failures.Add($"the record with {what} came after the one with {which}: {first.Line}");
        }
    }

    private static int IndexOf(IReadOnlyList<LogRecord> log, LogRecord record)
    {
        for (var i = 0; i < log.Count; i++)
        {
            if (ReferenceEquals(log[i], record))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// <c>$pid</c> is the target; <c>$report.NAME</c> is what the target reported as NAME, for values
    /// only the run knows (addresses). A name the target did not report resolves to text no
    /// field holds, so the check fails instead of passing on an empty value.
    /// </summary>
    private static string Resolve(string value, ScenarioObservation seen) =>
        ReportReference().Replace(
            value.Replace("$pid", seen.TargetPid.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
            m => seen.Report.GetValueOrDefault(m.Groups[1].Value) ?? $"(target did not report {m.Groups[1].Value})");

    [GeneratedRegex(@"\$report\.([A-Za-z0-9_]+)")]
    private static partial Regex ReportReference();

    /// <summary>Exact text, or a numeric comparison written as <c>&gt;=N</c>, <c>&lt;=N</c>, <c>!=V</c>.</summary>
    public static bool ValueMatches(string expected, string? actual)
    {
        if (actual is null)
        {
            return false;
        }

        if (expected.StartsWith("!=", StringComparison.Ordinal))
        {
            return actual != expected[2..];
        }

        if ((expected.StartsWith(">=", StringComparison.Ordinal) || expected.StartsWith("<=", StringComparison.Ordinal))
            && long.TryParse(expected[2..], CultureInfo.InvariantCulture, out var bound)
            && long.TryParse(actual, CultureInfo.InvariantCulture, out var number))
        {
            return expected[0] == '>' ? number >= bound : number <= bound;
        }

        return expected == actual;
    }
}
