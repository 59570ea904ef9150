using System.Text.Json;
using System.Text.Json.Serialization;

namespace UtracePatchKit.QemuHarness.Bench;

/// <summary>
/// bench.json: every kernel's figures (nanoseconds per call and ratios, median, min, max and the
/// samples), the engines' callback counts, and the hot-path targets per variant. camelCase,
/// durations in seconds; <see cref="Read"/> is what <c>utpk compare --report</c> uses.
/// </summary>
public static class BenchJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Render(BenchReport report) => JsonSerializer.Serialize(ToDocument(report), Options) + "\n";

    public static BenchDocument ToDocument(BenchReport report) => new(
        "utpk bench",
        report.StartedAt,
        report.Duration.TotalSeconds,
        report.Accelerator,
        report.Runs,
        report.Calls,
        report.Passed,
        report.Kernels.Select(k => new KernelDocument(
            k.Name,
            k.Variant,
            k.KernelLine,
            k.KernelVersion,
            k.Accelerator,
            k.TscKhz,
            k.Passed,
            k.RunDirectory,
            k.ConsoleFindings.Select(f => $"{f.Kind}: {f.Title}").ToArray(),
            k.Figures.Select(Figure).ToArray())).ToArray(),
        report.Targets);

    /// <exception cref="JsonException">Not a bench.json.</exception>
    public static BenchDocument Read(string json) =>
        JsonSerializer.Deserialize<BenchDocument>(json, Options) is { Kernels: not null } document
            ? document
            : throw new JsonException("not a bench.json: no kernels");

    private static FigureDocument Figure(BenchFigure f) => new(
        f.Case.Id,
        f.Case.Label,
        BenchCase.CallName(f.Case.Call),
        BenchCase.TracerName(f.Case.Tracer),
        f.Case.Engines,
        f.Case.CallsPerRun,
        f.Samples,
        f.Nanoseconds,
        f.Ratio,
        f.Want,
        f.Case.NeedsUtrace ? f.Engines : null,
        f.Problems);

    public sealed record BenchDocument(
        string Tool,
        DateTimeOffset StartedAt,
        double DurationSeconds,
        string Accelerator,
        int Runs,
        long Calls,
        bool Passed,
        IReadOnlyList<KernelDocument> Kernels,
        IReadOnlyList<BenchTargets> Targets);

    public sealed record KernelDocument(
        string Name,
        string? Variant,
        string KernelLine,
        string KernelVersion,
        string Accelerator,
        long TscKhz,
        bool Passed,
        string RunDirectory,
        IReadOnlyList<string> ConsoleFindings,
        IReadOnlyList<FigureDocument> Figures);

    /// <param name="SamplesNs">Nanoseconds per call of each run.</param>
    /// <param name="Ratio">To the untraced figure of the same call in the same boot.</param>
    public sealed record FigureDocument(
        string Id,
        string Label,
        string Call,
        string Tracer,
        int Engines,
        long CallsPerRun,
        IReadOnlyList<double> SamplesNs,
        Spread Ns,
        Spread? Ratio,
        CallbackWant? CallbacksWanted,
        IReadOnlyList<EngineCounts>? EngineCounts,
        IReadOnlyList<string> Problems);
}
