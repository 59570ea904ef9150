namespace UtracePatchKit.QemuHarness;

/// <summary>
/// The harness could not do its job (missing tool, patch that does not apply, compiler error,
/// QEMU killed by a watchdog...). The CLI maps it to exit code 2, as opposed to a test verdict.
/// </summary>
public sealed class InfrastructureException : Exception
{
    public InfrastructureException(
        string message,
        IEnumerable<string>? details = null,
        string? logPath = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Details = details?.ToArray() ?? [];
        LogPath = logPath;
    }

    /// <summary>The lines that explain the failure (compiler errors, git errors, console tail).</summary>
    public IReadOnlyList<string> Details { get; }

    /// <summary>The full log that was kept for this failure, if any.</summary>
    public string? LogPath { get; }

    public override string ToString()
    {
        var parts = new List<string> { Message };
        parts.AddRange(Details.Select(d => "  " + d));
        if (LogPath is not null)
            parts.Add($"  log: {LogPath}");
        return string.Join(Environment.NewLine, parts);
    }
}
