using System.ComponentModel;
using System.Diagnostics;
using System.Net.Sockets;
using CliWrap;
using UtracePatchKit.Common.Diagnostics;

namespace UtracePatchKit.QemuHarness.Boot;

/// <summary>
/// One running <c>qemu-system-x86_64</c>: ttyS0 is the kernel console, written to
/// <c>&lt;run&gt;/console.log</c>; ttyS1 is a unix socket (server, no wait) carrying the agent's
/// line protocol. A watchdog kills QEMU on the wall-clock limit or when console and agent stay
/// silent too long. Disposing kills QEMU if still running; it never talks to the agent, so
/// callers send their power-off command first.
/// </summary>
internal sealed class QemuVm : IAsyncDisposable
{
    public const int ConsoleTailLines = 40;

    // sun_path is 108 bytes including the terminating NUL.
    private const int MaxSocketPath = 107;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    private readonly CommandTask<CommandResult> _process;
    private readonly CancellationTokenSource _kill;
    private readonly Stopwatch _uptime;
    private readonly QemuVmOptions _options;
    private readonly string? _privateSocketDir;
    private readonly CancellationTokenSource _stopWatchdog = new();
    private readonly StreamWriter _qemuLog;
    private Task _watchdog = Task.CompletedTask;
    private AgentChannel? _agent;
    private VmTermination? _termination;

    private QemuVm(
        QemuVmOptions options, CommandTask<CommandResult> process, CancellationTokenSource kill, Stopwatch uptime, string socketPath,
        string? privateSocketDir, StreamWriter qemuLog)
    {
        _options = options;
        _process = process;
        _kill = kill;
        _uptime = uptime;
        SocketPath = socketPath;
        _privateSocketDir = privateSocketDir;
        _qemuLog = qemuLog;
    }

    public string RunDirectory => _options.RunDirectory;

    public string ConsoleLogPath => Path.Combine(RunDirectory, "console.log");

    /// <summary>QEMU's own stdout/stderr.</summary>
    public string QemuLogPath => Path.Combine(RunDirectory, "qemu.log");

    public string SocketPath { get; }

    public string Accelerator => _options.Accelerator;

    public AgentChannel Agent => _agent ?? throw new InvalidOperationException("the VM has not connected its agent channel");

    /// <summary>Null while QEMU runs.</summary>
    public VmTermination? Termination => Volatile.Read(ref _termination);

    public TimeSpan Uptime => _uptime.Elapsed;

    public static async Task<QemuVm> StartAsync(
        QemuVmOptions options,
        IProgress<HarnessProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        foreach (var file in new[] { options.KernelImage, options.Initrd })
            if (!File.Exists(file))
                throw new InfrastructureException($"cannot boot: {file} does not exist");
        Directory.CreateDirectory(options.RunDirectory);
        var consoleLog = Path.Combine(options.RunDirectory, "console.log");
        File.Delete(consoleLog);

        var (socketPath, privateDir) = ChooseSocketPath(options.RunDirectory);
        File.Delete(socketPath);

        var arguments = Arguments(options, consoleLog, socketPath).ToArray();
        var qemuLog = new StreamWriter(Path.Combine(options.RunDirectory, "qemu.log"), append: false) { AutoFlush = true };
        await qemuLog.WriteLineAsync("# " + options.QemuBinary + " " + string.Join(' ', arguments.Select(Quote)))
            .ConfigureAwait(false);

        progress.Report("boot", $"starting QEMU ({options.Accelerator}, {options.Cpus} CPUs, {options.MemoryMiB} MiB)");
        var uptime = Stopwatch.StartNew();
        var kill = new CancellationTokenSource();
        CommandTask<CommandResult> process;
        try
        {
            process = Cli.Wrap(options.QemuBinary)
                .WithArguments(arguments)
                .WithStandardOutputPipe(PipeTarget.ToDelegate(line => LogQemuLine(qemuLog, line)))
                .WithStandardErrorPipe(PipeTarget.ToDelegate(line => LogQemuLine(qemuLog, line)))
                .WithValidation(CommandResultValidation.None)
                .ExecuteAsync(kill.Token);
        }
        catch (Win32Exception ex)
        {
            kill.Dispose();
            await qemuLog.DisposeAsync().ConfigureAwait(false);
            throw new InfrastructureException($"cannot start {options.QemuBinary}: {ex.Message}", innerException: ex, kind: FailureKind.MissingTool);
        }

        var vm = new QemuVm(options, process, kill, uptime, socketPath, privateDir, qemuLog);
        try
        {
            var socket = await vm.ConnectAsync(cancellationToken).ConfigureAwait(false);
            vm._agent = new AgentChannel(socket, vm.Failure);
            vm._watchdog = Task.Run(vm.WatchAsync);
            return vm;
        }
        catch
        {
            await vm.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits for the agent's READY line and measures the time since QEMU started.</summary>
    public async Task<AgentReady> WaitForReadyAsync(TimeSpan timeout, IProgress<HarnessProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var text = await Agent.WaitForReadyAsync(timeout, cancellationToken).ConfigureAwait(false);
        var ready = new AgentReady(text, _uptime.Elapsed);
        progress.Report("boot", $"agent READY after {ready.BootTime.TotalSeconds:0.00} s: {text}");
        return ready;
    }

    /// <summary>Waits for QEMU to exit by itself (after the agent powered the guest off).</summary>
    /// <exception cref="InfrastructureException">Still running after <paramref name="timeout"/>.</exception>
    public async Task<VmTermination> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await Exited.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw Failure($"QEMU did not exit within {timeout.TotalSeconds:0} s");
        }
        return RecordTermination(VmStopReason.Exited);
    }

    /// <summary>The last <paramref name="count"/> console lines.</summary>
    public IReadOnlyList<string> ConsoleTail(int count = ConsoleTailLines) => ReadConsoleLines().TakeLast(count).ToArray();

    /// <summary>The whole console so far (QEMU may still be writing it).</summary>
    public IReadOnlyList<string> ReadConsoleLines()
    {
        if (!File.Exists(ConsoleLogPath))
            return [];
        using var stream = new FileStream(ConsoleLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r", "").Split('\n').SkipLastWhile(string.IsNullOrEmpty).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopWatchdog.CancelAsync().ConfigureAwait(false);
        await _watchdog.ConfigureAwait(false);
        Kill(VmStopReason.Disposed);
        await Exited.ConfigureAwait(false);
        if (_agent is not null)
            await _agent.DisposeAsync().ConfigureAwait(false);
        _process.Dispose();
        _kill.Dispose();
        _stopWatchdog.Dispose();
        lock (_qemuLog)
            _qemuLog.Dispose();
        if (File.Exists(SocketPath))
            File.Delete(SocketPath);
        if (_privateSocketDir is not null && Directory.Exists(_privateSocketDir))
            Directory.Delete(_privateSocketDir, recursive: true);
    }

    internal static IEnumerable<string> Arguments(QemuVmOptions options, string consoleLog, string socketPath)
    {
        string[] accel = options.Accelerator == "kvm" ? ["-accel", "kvm", "-cpu", "host"] : ["-accel", options.Accelerator];
        return
        [
            .. accel,
            "-m", $"{options.MemoryMiB}M",
            // One socket per CPU: QEMU's default puts every CPU in one package, and SeaBIOS's MP
            // table (all a kernel without ACPI has) lists one CPU per package, so the guest
            // would come up with a single CPU.
            "-smp", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"cpus={options.Cpus},sockets={options.Cpus}"),
            "-nodefaults", "-display", "none", "-no-reboot",
            "-kernel", Path.GetFullPath(options.KernelImage),
            "-initrd", Path.GetFullPath(options.Initrd),
            "-append", options.KernelCommandLine,
            "-serial", $"file:{consoleLog}",
            "-serial", $"unix:{socketPath},server=on,wait=off",
        ];
    }

    private static (string SocketPath, string? PrivateDir) ChooseSocketPath(string runDirectory)
    {
        var inRun = Path.Combine(Path.GetFullPath(runDirectory), "agent.sock");
        if (inRun.Length <= MaxSocketPath && !inRun.Contains(','))
            return (inRun, null);
        // Too long for sun_path (or a comma QEMU would parse): use a short private directory.
        var dir = Directory.CreateTempSubdirectory("utpk-").FullName;
        return (Path.Combine(dir, "agent.sock"), dir);
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ConnectTimeout;
        while (true)
        {
            if (HasExited)
            {
                var termination = RecordTermination(VmStopReason.Exited);
                throw new InfrastructureException(
                    $"QEMU exited with code {termination.ExitCode} before its agent socket came up",
                    ReadQemuLog().TakeLast(20), QemuLogPath, kind: FailureKind.VmDied)
                {
                    Logs = [QemuLogPath, ConsoleLogPath],
                };
            }
            if (File.Exists(SocketPath))
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken).ConfigureAwait(false);
                    return socket;
                }
                catch (SocketException)
                {
                    socket.Dispose();
                }
            }
            if (DateTime.UtcNow > deadline)
                throw new InfrastructureException(
                    $"cannot connect to QEMU's agent socket {SocketPath} within {ConnectTimeout.TotalSeconds:0} s",
                    ReadQemuLog().TakeLast(20), QemuLogPath, kind: FailureKind.VmDied)
                {
                    Logs = [QemuLogPath, ConsoleLogPath],
                };
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WatchAsync()
    {
        long consoleLength = -1;
        var lastConsoleActivity = DateTime.UtcNow;
        try
        {
            while (!HasExited)
            {
                await Task.Delay(WatchInterval, _stopWatchdog.Token).ConfigureAwait(false);
                var length = File.Exists(ConsoleLogPath) ? new FileInfo(ConsoleLogPath).Length : 0;
                if (length != consoleLength)
                {
                    consoleLength = length;
                    lastConsoleActivity = DateTime.UtcNow;
                }
                var lastActivity = _agent is { } agent && agent.LastActivityUtc > lastConsoleActivity
                    ? agent.LastActivityUtc
                    : lastConsoleActivity;

                if (_uptime.Elapsed > _options.WallClockTimeout)
                    Kill(VmStopReason.WallClockTimeout);
                else if (DateTime.UtcNow - lastActivity > _options.SilenceTimeout)
                    Kill(VmStopReason.Silent);
            }
            RecordTermination(VmStopReason.Exited);
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private void Kill(VmStopReason reason)
    {
        if (HasExited)
        {
            RecordTermination(VmStopReason.Exited);
            return;
        }
        RecordTermination(reason);
        try
        {
            _kill.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed in between.
        }
    }

    private bool HasExited => _process.Task.IsCompleted;

    /// <summary>Completes when QEMU is gone, however it ended (a kill surfaces as cancellation, swallowed here).</summary>
    private Task Exited => _process.Task.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>QEMU's exit code; null while it runs or when the harness killed it.</summary>
    private int? ExitCode => _process.Task.IsCompletedSuccessfully ? _process.Task.Result.ExitCode : null;

    /// <summary>The first recorded reason wins: a watchdog kill is not overwritten by the exit it causes.</summary>
    private VmTermination RecordTermination(VmStopReason reason)
    {
        int? exitCode = reason == VmStopReason.Exited ? ExitCode : null;
        TimeSpan? limit = reason switch
        {
            VmStopReason.WallClockTimeout => _options.WallClockTimeout,
            VmStopReason.Silent => _options.SilenceTimeout,
            _ => null,
        };
        var termination = new VmTermination(reason, exitCode, _uptime.Elapsed, limit);
        return Interlocked.CompareExchange(ref _termination, termination, null) ?? termination;
    }

    /// <summary>
    /// An infrastructure failure enriched with why QEMU stopped and the console tail, classified:
    /// a panic on the console, a watchdog kill (a hang), QEMU gone (died, or exited without the
    /// harness asking), or else an agent that did not answer. Both logs are named.
    /// </summary>
    private InfrastructureException Failure(string message)
    {
        // The agent channel usually notices a dead guest a moment before the process exit lands
        // (on a loaded host, seconds before): wait for it, so the failure says how QEMU ended.
        Exited.Wait(ExitGrace);
        if (HasExited)
            RecordTermination(VmStopReason.Exited);
        var console = ReadConsoleLines();
        var panic = ConsoleClassifier.Classify(console).FirstOrDefault(f => f.Kind == FindingKind.KernelPanic);
        var termination = Termination;
        var kind = panic is not null ? FailureKind.KernelPanic
            : termination is { KilledByWatchdog: true } ? FailureKind.VmHang
            : termination is not null ? FailureKind.VmDied
            : FailureKind.Agent;
        // A watchdog kill or a panic is the cause; what the caller was doing is context.
        var full = (panic, termination) switch
        {
            ({ } p, { } t) => $"the guest kernel panicked ({p.Title}); {message} ({t})",
            ({ } p, null) => $"the guest kernel panicked ({p.Title}); {message}",
            (null, { KilledByWatchdog: true } t) => $"{t}; {message}",
            (null, { } t) => $"{message} ({t})",
            _ => message,
        };
        var details = (panic?.Lines ?? console.TakeLast(ConsoleTailLines).ToArray()).Select(l => "console: " + l);
        return new InfrastructureException(full, details, ConsoleLogPath, kind: kind) { Logs = [ConsoleLogPath, QemuLogPath] };
    }

    private IEnumerable<string> ReadQemuLog()
    {
        lock (_qemuLog)
            _qemuLog.Flush();
        using var stream = new FileStream(QemuLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("# ", StringComparison.Ordinal)).ToArray();
    }

    private static void LogQemuLine(StreamWriter log, string? line)
    {
        if (line is null)
            return;
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after dispose is dropped.
            }
        }
    }

    private static string Quote(string argument) =>
        argument.Contains(' ') || argument.Contains('"') ? "'" + argument.Replace("'", "'\\''") + "'" : argument;
}

internal static class SequenceExtensions
{
    public static IEnumerable<T> SkipLastWhile<T>(this IReadOnlyList<T> items, Func<T, bool> predicate)
    {
        var end = items.Count;
        while (end > 0 && predicate(items[end - 1]))
            end--;
        return items.Take(end);
    }
}
