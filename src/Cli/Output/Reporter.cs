using Spectre.Console;
using UtracePatchKit.Generator.Diagnostics;
using UtracePatchKit.QemuHarness;

namespace UtracePatchKit.Cli.Output;

/// <summary>
/// Progress and errors go to stderr so that stdout carries only the result (a table, or JSON
/// with --json).
/// </summary>
internal static class Reporter
{
    public static readonly IAnsiConsole Err = CreateErr();

    public static IProgress<HarnessProgress> Progress { get; } = new LineProgress();

    /// <summary>Runs a command body, turning infrastructure and input errors into exit code 2.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (GeneratorException ex)
        {
            foreach (var error in ex.Errors)
            {
                Err.MarkupLineInterpolated($"[red]{error.Format()}[/]");
            }

            return ExitCodes.Infrastructure;
        }
        catch (InfrastructureException ex)
        {
            Err.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            foreach (var line in ex.Details)
            {
                Err.WriteLine("  " + line);
            }

            if (ex.LogPath is not null)
            {
                Err.MarkupLineInterpolated($"  log kept at [blue]{ex.LogPath}[/]");
            }

            return ExitCodes.Infrastructure;
        }
        catch (OperationCanceledException)
        {
            Err.MarkupLine("[yellow]cancelled[/]");
            return ExitCodes.Infrastructure;
        }
    }

    private static IAnsiConsole CreateErr()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected)
        {
            // Keep file:line:column errors on one line in logs, where nothing wraps them anyway.
            console.Profile.Width = 1000;
        }

        return console;
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
                Err.WriteLine(line);
            }
        }
    }
}
