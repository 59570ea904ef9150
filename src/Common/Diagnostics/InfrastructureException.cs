namespace UtracePatchKit.Common.Diagnostics;

/// <summary>What kind of infrastructure failure happened: the CLI reports it, tests assert it.</summary>
public enum FailureKind
{
    /// <summary>Anything not classified below (a git command failed, a file is missing...).</summary>
    Infrastructure,

    /// <summary>A host tool or file the harness needs is not installed.</summary>
    MissingTool,

    /// <summary>A patch of the series does not apply to the tree.</summary>
    PatchDoesNotApply,

    /// <summary>The Kconfig step failed or dropped a requested option.</summary>
    Kconfig,

    /// <summary>make failed (compiler or linker error).</summary>
    KernelBuild,

    /// <summary>The guest kernel panicked.</summary>
    KernelPanic,

    /// <summary>The guest stayed silent or ran too long and the watchdog killed QEMU.</summary>
    VmHang,

    /// <summary>QEMU exited or was killed while the harness still needed the guest.</summary>
    VmDied,

    /// <summary>The guest agent did not answer in time or broke its protocol.</summary>
    Agent,
}

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
        Exception? innerException = null,
        FailureKind kind = FailureKind.Infrastructure)
        : base(message, innerException)
    {
        Details = details?.ToArray() ?? [];
        Kind = kind;
        Logs = logPath is null ? [] : [logPath];
    }

    public FailureKind Kind { get; }

    /// <summary>The lines that explain the failure (compiler errors, git errors, console tail).</summary>
    public IReadOnlyList<string> Details { get; }

    /// <summary>The logs kept for this failure, most telling first.</summary>
    public IReadOnlyList<string> Logs { get; init; }

    /// <summary>The most telling log kept for this failure, if any.</summary>
    public string? LogPath => Logs.Count > 0 ? Logs[0] : null;

    /// <summary>
    /// The same failure with its logs copied into <paramref name="directory"/> (a run folder):
    /// a build log lives in the shared build dir, where the next build overwrites it.
    /// </summary>
    public InfrastructureException WithLogsKeptIn(string directory)
    {
        Directory.CreateDirectory(directory);
        var kept = Logs.Select(log =>
        {
            var copy = Path.Combine(directory, Path.GetFileName(log));
            if (File.Exists(log) && Path.GetFullPath(log) != Path.GetFullPath(copy))
                File.Copy(log, copy, overwrite: true);
            return File.Exists(copy) ? copy : log;
        }).ToArray();
        return new InfrastructureException(Message, Details, innerException: this, kind: Kind) { Logs = kept };
    }

    public override string ToString()
    {
        var parts = new List<string> { Message };
        parts.AddRange(Details.Select(d => "  " + d));
        parts.AddRange(Logs.Select(l => $"  log: {l}"));
        return string.Join(Environment.NewLine, parts);
    }
}
