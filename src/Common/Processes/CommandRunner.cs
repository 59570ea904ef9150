using System.Text;
using CliWrap.Buffered;
using CliWrap;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Processes;

namespace UtracePatchKit.Common.Processes;

/// <summary>Outcome of a finished host command.</summary>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public IEnumerable<string> ErrorLines =>
        StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Thin CliWrap wrapper: every host command goes through here so failures look alike, and a
/// cancelled command first gets SIGINT, then is killed (<see cref="GracefulCancellation"/>).
/// The one exception is the VM itself (QemuVm): a process the harness talks to while it runs,
/// watched and killed by a watchdog, which still is a CliWrap command.
/// </summary>
internal static class CommandRunner
{
    // Git, make and QEMU write UTF-8 here whatever the console's encoding (an author's name, a path).
    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    public static async Task<CommandResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? standardInput = null,
        CancellationToken cancellationToken = default)
    {
        var command = Command(program, arguments, workingDirectory, environment);
        if (standardInput is not null)
            command = command.WithStandardInputPipe(PipeSource.FromString(standardInput, Utf8));

        using var cancel = new GracefulCancellation(cancellationToken);
        try
        {
            var result = await command.ExecuteBufferedAsync(Utf8, Utf8, cancel.Forceful, cancel.Graceful).ConfigureAwait(false);
            return new CommandResult(result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InfrastructureException($"cannot start '{program}': {ex.Message}", innerException: ex, kind: FailureKind.MissingTool);
        }
    }

    /// <summary>Runs the command and throws <see cref="InfrastructureException"/> on a non-zero exit.</summary>
    public static async Task<CommandResult> RunCheckedAsync(
        string program,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? standardInput = null,
        CancellationToken cancellationToken = default)
    {
        var args = arguments.ToArray();
        var result = await RunAsync(program, args, workingDirectory, environment, standardInput, cancellationToken)
            .ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var details = result.ErrorLines.ToList();
            if (details.Count == 0)
                details.AddRange(result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(20));
            throw new InfrastructureException(
                $"'{program} {string.Join(' ', args)}' failed with exit code {result.ExitCode}", details);
        }
        return result;
    }

    /// <summary>
    /// Runs the command and hands every stdout/stderr line to <paramref name="onLine"/> as it
    /// arrives (possibly from two threads at once). Returns the exit code.
    /// </summary>
    public static async Task<int> RunStreamingAsync(
        string program,
        IEnumerable<string> arguments,
        Action<string> onLine,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var sink = PipeTarget.ToDelegate(onLine);
        var command = Command(program, arguments, workingDirectory, environment)
            .WithStandardOutputPipe(sink)
            .WithStandardErrorPipe(sink);

        using var cancel = new GracefulCancellation(cancellationToken);
        try
        {
            var result = await command.ExecuteAsync(cancel.Forceful, cancel.Graceful).ConfigureAwait(false);
            return result.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InfrastructureException($"cannot start '{program}': {ex.Message}", innerException: ex, kind: FailureKind.MissingTool);
        }
    }

    private static Command Command(
        string program, IEnumerable<string> arguments, string? workingDirectory, IReadOnlyDictionary<string, string?>? environment)
    {
        var command = Cli.Wrap(program)
            .WithArguments(arguments)
            .WithValidation(CommandResultValidation.None);
        if (workingDirectory is not null)
            command = command.WithWorkingDirectory(workingDirectory);
        return environment is null ? command : command.WithEnvironmentVariables(environment);
    }
}
