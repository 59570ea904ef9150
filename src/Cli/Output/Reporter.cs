using UtracePatchKit.QemuHarness;

namespace UtracePatchKit.Cli.Output;

/// <summary>
/// Progress and errors go to stderr so that stdout carries only the result (a table, or JSON
/// with --json). Both are written as plain lines, never wrapped to the terminal's width: a
/// file:line:column error stays one line whatever its length.
/// </summary>
internal static class Reporter
{
    public static IProgress<HarnessProgress> Progress { get; } = new LineProgress();

    /// <summary>Runs a command body; a failure becomes its error report and exit code (2, or 130 when cancelled).</summary>
    /// <param name="json">Also print the error as a JSON object on stdout.</param>
    /// <param name="interrupt">The command's token: only its cancellation makes an <see cref="OperationCanceledException"/> a Ctrl-C.</param>
    public static async Task<int> GuardAsync(bool json, CancellationToken interrupt, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OperationCanceledException ex) when (!interrupt.IsCancellationRequested)
        {
            // Some stage's own timeout escaped as a cancellation: a bug, not a Ctrl-C.
            return Fail(CliError.Internal(ex), json);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Fail(CliError.From(ex), json);
        }
    }

    /// <summary>Prints <paramref name="error"/> (stderr, and stdout as JSON when asked) and returns its exit code.</summary>
    public static int Fail(CliError error, bool json)
    {
        foreach (var line in error.HumanLines)
        {
            Console.Error.WriteLine(line);
        }

        if (json)
        {
            Json.Print(error);
        }

        return error.ExitCode;
    }

    /// <summary>
    /// One line per message, except that a stage's stream of step lines (kbuild's CC/LD...) is
    /// shown at most once a second, with the latest step: enough to see a build move.
    /// </summary>
    private sealed class LineProgress : IProgress<HarnessProgress>
    {
        private static readonly TimeSpan StepInterval = TimeSpan.FromSeconds(1);
        private readonly Lock _gate = new();
        private string? _lastStage;
        private DateTime _lastStep = DateTime.MinValue;

        public void Report(HarnessProgress value)
        {
            var line = value.Percent is { } p
                ? $"[{value.Stage}] {value.Message} ({p:0}%)"
                : $"[{value.Stage}] {value.Message}";
            var isStep = value.Message.StartsWith('[');
            lock (_gate)
            {
                var now = DateTime.UtcNow;
                if (isStep && value.Stage == _lastStage && now - _lastStep < StepInterval)
                {
                    return;
                }

                _lastStage = value.Stage;
                _lastStep = isStep ? now : DateTime.MinValue;
                Console.Error.WriteLine(line);
            }
        }
    }
}
