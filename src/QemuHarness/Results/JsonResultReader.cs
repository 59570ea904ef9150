using System.Text.Json;
using System.Text.Json.Serialization;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Input;
using UtracePatchKit.QemuHarness.Boot;

namespace UtracePatchKit.QemuHarness.Results;

/// <summary>
/// results.json back into a <see cref="RunResult"/>: how a matrix merge reads cells that ran in
/// this process, in another process or on another machine alike.
/// </summary>
internal static class JsonResultReader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <param name="shownAs">The path as messages show it.</param>
    /// <exception cref="InputException">The file is not a results.json.</exception>
    public static RunResult Read(string path, string shownAs)
    {
        RunDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<RunDocument>(InputFile.ReadText(path, shownAs, "results file", 16 * 1024 * 1024), Options);
        }
        catch (JsonException ex)
        {
            throw new InputException([new LocatedError(shownAs, (int)(ex.LineNumber ?? -1) + 1, (int)(ex.BytePositionInLine ?? -1) + 1,
                $"not a results file: {ex.Message}", "keep the results.json the run wrote, or run the cell again")], ex);
        }

        if (document is not { Suite: not null, Variant: not null, Cases: not null })
            throw new InputException([new LocatedError(shownAs, 0, 0, "not a results file (suite, variant and cases are required)",
                "keep the results.json the run wrote, or run the cell again")]);

        return new RunResult(
            document.Suite,
            document.Variant,
            document.StartedAt,
            TimeSpan.FromSeconds(document.DurationSeconds),
            document.Cases.Select(c => new CaseResult(c.Name, c.Status, TimeSpan.FromSeconds(c.DurationSeconds), c.Message, c.Details)).ToArray())
        {
            ConsoleFindings = (document.ConsoleFindings ?? []).Select(f => new ConsoleFinding(f.Kind, f.Title, f.LineNumber, f.Lines ?? [])).ToArray(),
            Paths = document.Paths ?? new Dictionary<string, string>(),
            Properties = document.Properties ?? new Dictionary<string, string>(),
        };
    }

    private sealed record RunDocument(
        string Suite,
        string Variant,
        DateTimeOffset StartedAt,
        double DurationSeconds,
        IReadOnlyList<CaseDocument> Cases,
        IReadOnlyList<FindingDocument>? ConsoleFindings,
        Dictionary<string, string>? Paths,
        Dictionary<string, string>? Properties);

    private sealed record CaseDocument(string Name, CaseStatus Status, double DurationSeconds, string? Message, IReadOnlyList<string>? Details);

    private sealed record FindingDocument(FindingKind Kind, string Title, int LineNumber, IReadOnlyList<string>? Lines);
}
