using System.Text.Json;
using System.Text.Json.Serialization;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Input;

namespace UtracePatchKit.QemuHarness.Matrix;

public enum CellOutcome
{
    Passed,
    Failed,

    /// <summary>The cell could not run to the end: input, build, boot or agent failure.</summary>
    Error,
}

/// <summary>
/// cell.json, written last into a cell's folder: which cell it is and how it ended. The merge
/// takes a folder for a cell only with it, and reads the cell's results.json beside it.
/// </summary>
/// <param name="Message">Why the cell ended in error (with the failure kind), or null.</param>
public sealed record CellRecord(MatrixCell Cell, CellOutcome Outcome, double DurationSeconds, string? Message = null)
{
    public const string FileName = "cell.json";

    internal static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public Task WriteAsync(string cellDirectory, CancellationToken cancellationToken) =>
        AtomicFile.WriteAllTextAsync(Path.Combine(cellDirectory, FileName), JsonSerializer.Serialize(this, Options) + "\n", cancellationToken);

    /// <param name="shownAs">The path as messages show it.</param>
    /// <exception cref="InputException">The file is not a cell record.</exception>
    public static CellRecord Read(string path, string shownAs)
    {
        try
        {
            var record = JsonSerializer.Deserialize<CellRecord>(InputFile.ReadText(path, shownAs, "cell record"), Options);
            if (record?.Cell is { Variant: not null, Kernel: not null, Profile: not null, Spec: not null })
                return record;
        }
        catch (JsonException ex)
        {
            throw new InputException([new LocatedError(shownAs, (int)(ex.LineNumber ?? -1) + 1, (int)(ex.BytePositionInLine ?? -1) + 1,
                $"not a cell record: {ex.Message}", "keep the cell.json that 'utpk matrix' wrote, or run the cell again")], ex);
        }

        throw new InputException([new LocatedError(shownAs, 0, 0, "not a cell record (cell with variant, spec, kernel and profile is required)",
            "keep the cell.json that 'utpk matrix' wrote, or run the cell again")]);
    }
}
