namespace UtracePatchKit.QemuHarness.Results;

/// <summary>Renders a run in one output format.</summary>
internal interface IResultWriter
{
    /// <summary>File name inside the run folder.</summary>
    string FileName { get; }

    string Render(RunResult run);
}

/// <summary>Writes every format into the run folder, each file atomically.</summary>
internal static class ResultFiles
{
    public static IReadOnlyList<IResultWriter> AllFormats { get; } = [new KtapWriter(), new JUnitWriter(), new JsonResultWriter()];

    /// <returns>The paths written.</returns>
    public static async Task<IReadOnlyList<string>> WriteAllAsync(
        RunResult run,
        string runDirectory,
        IEnumerable<IResultWriter>? writers = null,
        CancellationToken cancellationToken = default)
    {
        var written = new List<string>();
        foreach (var writer in writers ?? AllFormats)
        {
            var path = Path.Combine(runDirectory, writer.FileName);
            await AtomicFile.WriteAllTextAsync(path, writer.Render(run), cancellationToken).ConfigureAwait(false);
            written.Add(path);
        }
        return written;
    }
}
