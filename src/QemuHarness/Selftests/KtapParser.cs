using System.Text.RegularExpressions;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.QemuHarness.Selftests;

/// <summary>
/// Turns a selftest program's output (ending with run-selftest's line) into per-case results. Only
/// top-level result lines count (indented lines are subtests). A program that prints no result line
/// at all (peeksiginfo just prints PASS) is one case named after it, judged by how it ended the way
/// kselftest's runner does: exit 0 pass, 4 (KSFT_SKIP) skip, anything else fail.
/// </summary>
internal static partial class KtapParser
{
    public const string UnknownEnding = "unknown";

    /// <param name="agent">How EXEC says run-selftest ended; it tells whether the output was cut, and how
    /// run-selftest itself ended when its own last line is missing (cut off, or it died of SIGPIPE).</param>
    public static SelftestRun Parse(string program, IReadOnlyList<string> output, AgentEnd? agent = null)
    {
        int? plan = null;
        string? running = null;
        var ending = UnknownEnding;
        var cases = new List<SelftestCase>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in output)
        {
            if (EndingLine().Match(line) is { Success: true } e)
            {
                ending = e.Groups["ending"].Value;
            }
            else if (PlanLine().Match(line) is { Success: true } p)
            {
                plan = int.Parse(p.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (plan == 0 && p.Groups["skip"].Success)
                    cases.Add(new SelftestCase(program, SelftestOutcome.Skip, Reason(p.Groups["reason"].Value)));
            }
            else if (RunLine().Match(line) is { Success: true } r)
            {
                running = r.Groups["name"].Value;
            }
            else if (ResultLine().Match(line) is { Success: true } m)
            {
                var number = m.Groups["number"].Value;
                // The harness prints a skipped case as "ok N # SKIP reason", without its name.
                var name = m.Groups["description"].Value.Trim() is { Length: > 0 } description ? description : running ?? $"case {number}";
                if (!names.Add(name))
                {
                    name = $"{name} (#{number})";
                    names.Add(name);
                }
                var (outcome, detail) = Judge(m);
                cases.Add(new SelftestCase(name, outcome, detail));
                running = null;
            }
        }

        if (ending == UnknownEnding && agent is not null)
            ending = $"{UnknownEnding} (run-selftest {agent})";

        if (cases.Count == 0)
            cases.Add(new SelftestCase(program, ending switch
            {
                "exited=0" => SelftestOutcome.Pass,
                "exited=4" => SelftestOutcome.Skip, // KSFT_SKIP
                _ => SelftestOutcome.Fail,
            }, $"no TAP result lines; {ending}"));
        return new SelftestRun(program, ending, plan, cases, output, agent?.Truncated ?? false);
    }

    private static (SelftestOutcome, string?) Judge(Match result)
    {
        var ok = !result.Groups["not"].Success;
        var plain = ok ? SelftestOutcome.Pass : SelftestOutcome.Fail;
        if (!result.Groups["directive"].Success)
            return (plain, null);
        var reason = Reason(result.Groups["reason"].Value);
        return result.Groups["directive"].Value.ToUpperInvariant() switch
        {
            "SKIP" => (SelftestOutcome.Skip, reason),
            "XFAIL" or "TODO" => (ok ? SelftestOutcome.XFail : SelftestOutcome.Fail, reason),
            "ERROR" => (SelftestOutcome.Error, reason),
            _ => (plain, null), // a plain comment
        };
    }

    private static string? Reason(string text) => text.Trim() is { Length: > 0 } reason ? reason : null;

    // "ok 1 global.attach", "not ok 2 - name # SKIP why", "ok 3 # SKIP why", "not ok 4 # error ..."
    [GeneratedRegex(@"^(?<not>not )?ok (?<number>\d+)\b(?: -)?(?<description>[^#]*?)\s*(?:#\s*(?<directive>\w+)?(?<reason>.*))?$", RegexOptions.IgnoreCase)]
    private static partial Regex ResultLine();

    // "1..3", "1..0 # SKIP why"
    [GeneratedRegex(@"^1\.\.(?<count>\d+)\s*(?:#\s*(?<skip>SKIP)\b(?<reason>.*))?$", RegexOptions.IgnoreCase)]
    private static partial Regex PlanLine();

    // kselftest_harness.h: "#  RUN           global.attach ..."
    [GeneratedRegex(@"^#\s+RUN\s+(?<name>\S+) \.\.\.$")]
    private static partial Regex RunLine();

    // kernel-tests/selftests/run-selftest.c
    [GeneratedRegex(@"^# run-selftest: (?<ending>(?:exited|signaled|timeout)=\d+)$")]
    private static partial Regex EndingLine();
}
