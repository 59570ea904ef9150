using System.Text.Json.Serialization;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness;

namespace UtracePatchKit.Cli.Output;

/// <summary>One located problem of an input error, as JSON shows it.</summary>
internal sealed record ErrorLocation(string File, int? Line, int? Column, string Message, string Fix)
{
    public static ErrorLocation From(LocatedError error) =>
        new(error.File, error.Line > 0 ? error.Line : null, error.Line > 0 ? error.Column : null, error.Message, error.Fix);
}

/// <summary>
/// Why a command could not give a verdict, with its exit code: the one shape every failure takes,
/// printed as compiler-style lines on stderr and, with --json, as this object on stdout.
/// </summary>
/// <param name="Kind">input, usage, cancelled, internal, or the harness's <see cref="FailureKind"/> in snake_case.</param>
/// <param name="File">For input errors, the first problem's file (line and column when it has a position).</param>
internal sealed record CliError(
    string Kind,
    string Message,
    int ExitCode,
    string? File = null,
    int? Line = null,
    int? Column = null,
    string? Fix = null)
{
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary>Logs kept for this failure.</summary>
    public IReadOnlyList<string> Logs { get; init; } = [];

    /// <summary>Every located problem (an input error names them all, not just the first).</summary>
    public IReadOnlyList<ErrorLocation> Errors { get; init; } = [];

    [JsonIgnore]
    public IReadOnlyList<string> HumanLines { get; init; } = [];

    /// <summary>At most this many errors are printed; the rest are counted.</summary>
    private const int MaxPrinted = 100;

    public static CliError From(Exception exception) => exception switch
    {
        InputException ex => Input(ex.Errors),
        InfrastructureException ex => Infrastructure(ex),
        UsageException ex => new("usage", ex.Message, ExitCodes.Infrastructure)
        {
            HumanLines = [$"utpk: error: {LocatedError.OneLine(ex.Message)}", "see 'utpk --help' or 'utpk <command> --help'"],
        },
        OperationCanceledException => new("cancelled", "cancelled", ExitCodes.Cancelled) { HumanLines = ["utpk: cancelled"] },
        _ => Internal(exception),
    };

    /// <summary>A usage error found by the command line parser.</summary>
    public static CliError Usage(string message) => From(new UsageException(message));

    private static CliError Input(IReadOnlyList<LocatedError> errors)
    {
        var first = errors.Count > 0 ? errors[0] : new LocatedError("", 0, 0, "invalid input", "check the input");
        var lines = errors.Take(MaxPrinted).Select(e => e.Format()).ToList();
        if (errors.Count > MaxPrinted)
        {
            lines.Add($"... and {errors.Count - MaxPrinted} more errors");
        }

        return new CliError("input", first.Message, ExitCodes.Infrastructure, first.File,
            first.Line > 0 ? first.Line : null, first.Line > 0 ? first.Column : null, first.Fix)
        {
            Errors = errors.Select(ErrorLocation.From).ToArray(),
            HumanLines = lines,
        };
    }

    private static CliError Infrastructure(InfrastructureException ex)
    {
        var kind = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(ex.Kind.ToString());
        var lines = new List<string> { $"utpk: error: {LocatedError.OneLine(ex.Message)} [{kind}]" };
        lines.AddRange(ex.Details.Select(d => "  " + LocatedError.OneLine(d)));
        lines.AddRange(ex.Logs.Select(l => $"  log kept at {l}"));
        return new CliError(kind, ex.Message, ExitCodes.Infrastructure)
        {
            Details = ex.Details,
            Logs = ex.Logs,
            HumanLines = lines,
        };
    }

    /// <summary>An exception nobody expected: a bug, reported with its stack.</summary>
    public static CliError Internal(Exception ex)
    {
        var lines = new List<string> { $"utpk: internal error: {ex.GetType().FullName}: {LocatedError.OneLine(ex.Message)}" };
        lines.AddRange((ex.StackTrace ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "  " + l.Trim()));
        lines.Add("this is a bug in utpk; please report it with the command line that caused it");
        return new CliError("internal", $"{ex.GetType().Name}: {ex.Message}", ExitCodes.Infrastructure) { HumanLines = lines };
    }
}
