using System.Diagnostics;
using System.Net.Sockets;

namespace UtracePatchKit.QemuHarness.Boot;

/// <summary>
/// One running <c>qemu-system-x86_64</c>: ttyS0 is the kernel console, written to
/// <c>&lt;run&gt;/console.log</c>; ttyS1 is a unix socket (server, no wait) carrying the agent's
/// line protocol. A watchdog kills QEMU on the wall-clock limit or when console and agent stay
/// silent too long. Disposing kills QEMU if still running; it never talks to the agent, so
/// callers send their power-off command first.
/// </summary>
public sealed class QemuVm : IAsyncDisposable
{
    public const int ConsoleTailLines = 40;

    // sun_path is 108 bytes including the terminating NUL.
    private const int MaxSocketPath = 107;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(250);

    private readonly Process _process;
    private readonly Stopwatch _uptime;
    private readonly QemuVmOptions _options;
    private readonly string? _privateSocketDir;
    private readonly CancellationTokenSource _stopWatchdog = new();
    private readonly StreamWriter _qemuLog;
    private Task _watchdog = Task.CompletedTask;
    private AgentChannel? _agent;
    private VmTermination? _termination;

    private QemuVm(QemuVmOptions options, Process process, Stopwatch uptime, string socketPath, string? privateSocketDir, StreamWriter qemuLog)
    {
        _options = options;
        _process = process;
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

        var start = new ProcessStartInfo(options.QemuBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments(options, consoleLog, socketPath))
            start.ArgumentList.Add(argument);

        var qemuLog = new StreamWriter(Path.Combine(options.RunDirectory, "qemu.log"), append: false) { AutoFlush = true };
        await qemuLog.WriteLineAsync("# " + options.QemuBinary + " " + string.Join(' ', start.ArgumentList.Select(Quote)))
            .ConfigureAwait(false);

        progress.Report("boot", $"starting QEMU ({options.Accelerator}, {options.Cpus} CPUs, {options.MemoryMiB} MiB)");
        var uptime = Stopwatch.StartNew();
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InfrastructureException($"cannot start {options.QemuBinary}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            await qemuLog.DisposeAsync().ConfigureAwait(false);
            throw new InfrastructureException($"cannot start {options.QemuBinary}: {ex.Message}", innerException: ex);
        }
        process.OutputDataReceived += (_, e) => LogQemuLine(qemuLog, e.Data);
        process.ErrorDataReceived += (_, e) => LogQemuLine(qemuLog, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var vm = new QemuVm(options, process, uptime, socketPath, privateDir, qemuLog);
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
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
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
        await _process.WaitForExitAsync().ConfigureAwait(false);
        if (_agent is not null)
            await _agent.DisposeAsync().ConfigureAwait(false);
        _process.Dispose();
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
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                RecordTermination(VmStopReason.Exited);
                throw new InfrastructureException(
                    $"QEMU exited with code {_process.ExitCode} before its agent socket came up",
                    ReadQemuLog().TakeLast(20), QemuLogPath);
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
                    ReadQemuLog().TakeLast(20), QemuLogPath);
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WatchAsync()
    {
        long consoleLength = -1;
        var lastConsoleActivity = DateTime.UtcNow;
        try
        {
            while (!_process.HasExited)
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
        if (_process.HasExited)
        {
            RecordTermination(VmStopReason.Exited);
            return;
        }
        RecordTermination(reason);
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited in between.
        }
    }

    /// <summary>The first recorded reason wins: a watchdog kill is not overwritten by the exit it causes.</summary>
    private VmTermination RecordTermination(VmStopReason reason)
    {
        int? exitCode = reason == VmStopReason.Exited && _process.HasExited ? _process.ExitCode : null;
        TimeSpan? limit = reason switch
        {
            VmStopReason.WallClockTimeout => _options.WallClockTimeout,
            VmStopReason.Silent => _options.SilenceTimeout,
            _ => null,
        };
        var termination = new VmTermination(reason, exitCode, _uptime.Elapsed, limit);
        return Interlocked.CompareExchange(ref _termination, termination, null) ?? termination;
    }

    /// <summary>An infrastructure failure enriched with why QEMU stopped and the console tail.</summary>
    private InfrastructureException Failure(string message)
    {
        // The agent channel usually notices a dead guest a moment before the process exit lands.
        _process.WaitForExit(TimeSpan.FromMilliseconds(500));
        if (_process.HasExited)
            RecordTermination(VmStopReason.Exited);
        // A watchdog kill is the cause; what the caller was doing is context.
        var full = Termination switch
        {
            { KilledByWatchdog: true } t => $"{t}; {message}",
            { } t => $"{message} ({t})",
            null => message,
        };
        var details = ConsoleTail().Select(l => "console: " + l).ToList();
        return new InfrastructureException(full, details, ConsoleLogPath);
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
