using System.Globalization;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.QemuHarness.Bench;

/// <summary>What the driver counted for one quiet engine.</summary>
public sealed record EngineCounts(string Engine, long Entries, long Exits, long Other, long Unpaired);

/// <summary>The callbacks every engine must have had, as the bench program worked them out.</summary>
public sealed record CallbackWant(long Entries, long Exits, long Other);

/// <summary>One case as the guest program reported it: the cost per call of each run, and the engines' counters.</summary>
public sealed record BenchMeasurement(
    BenchCase Case,
    IReadOnlyList<double> NanosecondsPerCall,
    CallbackWant? Want,
    IReadOnlyList<EngineCounts> Engines);

/// <summary>
/// Parses the output of <c>/utpk-bench</c> (kernel-tests/guest/bench.c): a result line with the
/// picoseconds per call of each run, for utrace the callbacks each engine must have had and one
/// counters line per engine, then <c>done=1</c>.
/// </summary>
internal static class BenchOutput
{
    /// <summary>The TSC rate <c>/utpk-bench calibrate</c> measured against the monotonic clock.</summary>
    /// <exception cref="FormatException">No <c>tsc_khz=</c> and <c>done=1</c>, or not a positive number.</exception>
    public static long ParseCalibration(IReadOnlyList<string> lines)
    {
        var records = lines.Select(KeyValueLine.Parse).ToArray();
        if (!records.Any(r => r.GetValueOrDefault("done") == "1"))
        {
            throw new FormatException("the calibration has no done=1: it ended early");
        }

        var khz = records.FirstOrDefault(r => r.ContainsKey("tsc_khz")) is { } line
            ? Number(line["tsc_khz"], "tsc_khz")
            : throw new FormatException("the calibration printed no tsc_khz=");
        return khz > 0 ? khz : throw new FormatException("tsc_khz=0: the TSC does not tick");
    }

    /// <exception cref="FormatException">The output is not what the program prints for <paramref name="benchCase"/>.</exception>
    public static BenchMeasurement Parse(BenchCase benchCase, int runs, IReadOnlyList<string> lines)
    {
        var records = lines.Select(KeyValueLine.Parse).ToArray();
        if (records.FirstOrDefault(r => r.ContainsKey("error")) is { } error)
        {
            throw new FormatException($"the bench program failed: error={error["error"]} errno={error.GetValueOrDefault("errno", "?")}");
        }

        if (!records.Any(r => r.GetValueOrDefault("done") == "1"))
        {
            throw new FormatException("the bench program's output has no done=1: it ended early");
        }

        var result = records.FirstOrDefault(r => r.ContainsKey("ps"))
            ?? throw new FormatException("the bench program printed no result line (ps=...)");
        Expect(result, "call", BenchCase.CallName(benchCase.Call));
        Expect(result, "tracer", BenchCase.TracerName(benchCase.Tracer));
        Expect(result, "engines", benchCase.Engines.ToString(CultureInfo.InvariantCulture));
        Expect(result, "calls", benchCase.CallsPerRun.ToString(CultureInfo.InvariantCulture));
        Expect(result, "runs", runs.ToString(CultureInfo.InvariantCulture));

        var samples = result["ps"].Split(',').Select(p => Number(p, "ps") / 1000.0).ToArray();
        if (samples.Length != runs)
        {
            throw new FormatException($"the bench program gave {samples.Length} run(s), not {runs}");
        }

        if (!benchCase.NeedsUtrace)
        {
            return new BenchMeasurement(benchCase, samples, null, []);
        }

        var want = new CallbackWant(Field(result, "want_entries"), Field(result, "want_exits"), Field(result, "want_other"));
        var engines = records
            .Where(r => r.ContainsKey("engine"))
            .Select(r => new EngineCounts(r["engine"], Field(r, "entries"), Field(r, "exits"), Field(r, "other"), Field(r, "unpaired")))
            .ToArray();
        return new BenchMeasurement(benchCase, samples, want, engines);
    }

    private static void Expect(IReadOnlyDictionary<string, string> record, string key, string value)
    {
        if (record.GetValueOrDefault(key) != value)
        {
            throw new FormatException($"the bench program measured {key}={record.GetValueOrDefault(key) ?? "(none)"}, not {key}={value}");
        }
    }

    private static long Field(IReadOnlyDictionary<string, string> record, string key) =>
        record.TryGetValue(key, out var text) ? Number(text, key) : throw new FormatException($"the bench program's line has no {key}=");

    private static long Number(string text, string key) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{key}={text} is not a whole number");
}
