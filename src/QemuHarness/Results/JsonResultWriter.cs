using System.Text.Json;
using System.Text.Json.Serialization;
using UtracePatchKit.QemuHarness.Boot;

namespace UtracePatchKit.QemuHarness.Results;

/// <summary>The run as camelCase JSON; durations are seconds, enums are camelCase strings.</summary>
internal sealed class JsonResultWriter : IResultWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string FileName => "results.json";

    public string Render(RunResult run) => JsonSerializer.Serialize(ToDocument(run), Options) + "\n";

    private static RunDocument ToDocument(RunResult run) => new(
        run.Suite,
        run.Variant,
        run.StartedAt,
        run.Duration.TotalSeconds,
        new Totals(run.Cases.Count, run.Passed, run.Failed, run.Skipped),
        run.Cases.Select(c => new CaseDocument(c.Name, c.Status, c.Duration.TotalSeconds, c.Message, c.Details)).ToArray(),
        run.ConsoleFindings.Select(f => new FindingDocument(f.Kind, f.Title, f.LineNumber, f.Lines)).ToArray(),
        run.Paths,
        run.Properties,
        run.Measurements.Count == 0 ? null : run.Measurements);

    private sealed record RunDocument(
        string Suite,
        string Variant,
        DateTimeOffset StartedAt,
        double DurationSeconds,
        Totals Totals,
        IReadOnlyList<CaseDocument> Cases,
        IReadOnlyList<FindingDocument> ConsoleFindings,
        IReadOnlyDictionary<string, string> Paths,
        IReadOnlyDictionary<string, string> Properties,
        IReadOnlyList<Measurement>? Measurements);

    private sealed record Totals(int Tests, int Passed, int Failed, int Skipped);

    private sealed record CaseDocument(string Name, CaseStatus Status, double DurationSeconds, string? Message, IReadOnlyList<string>? Details);

    private sealed record FindingDocument(FindingKind Kind, string Title, int LineNumber, IReadOnlyList<string> Lines);
}
