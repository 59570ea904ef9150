using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.QemuHarness.Boot;

/// <summary>The agent's first line: <c>READY &lt;text&gt;</c>, and how long the boot took to get there.</summary>
public sealed record AgentReady(string Text, TimeSpan BootTime);

/// <summary>
/// Line protocol with the guest agent over the VM's second serial port. Every line ends in '\n';
/// a command gets zero or more data lines, then a final <c>OK [text]</c> or <c>ERR [text]</c>.
/// A background pump reads the socket continuously, so guest activity is visible to the VM
/// watchdog even while nobody is waiting for a line.
/// </summary>
public sealed class AgentChannel : IGuestAgent, IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<string, InfrastructureException> _failure;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _commandGate = new(1, 1);
    private readonly Task _pump;
    private long _lastActivityTicks = DateTime.UtcNow.Ticks;

    /// <param name="failure">Builds the exception for a dead or silent guest (the VM adds its console tail).</param>
    internal AgentChannel(Socket connectedSocket, Func<string, InfrastructureException> failure)
    {
        _socket = connectedSocket;
        _stream = new NetworkStream(connectedSocket, ownsSocket: false);
        _failure = failure;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>When the guest last sent anything on this channel.</summary>
    public DateTime LastActivityUtc => new(Interlocked.Read(ref _lastActivityTicks), DateTimeKind.Utc);

    public async Task SendLineAsync(string line, CancellationToken cancellationToken = default)
    {
        if (line.Contains('\n') || line.Contains('\r'))
            throw new ArgumentException("an agent command is a single line", nameof(line));
        try
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw _failure($"cannot send '{line}' to the guest agent: {ex.Message}");
        }
    }

    /// <summary>The next line from the agent (without '\n'), or null when the guest closed the channel.</summary>
    /// <exception cref="InfrastructureException">No line within <paramref name="timeout"/>.</exception>
    public async Task<string?> ReadLineAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await _lines.Reader.WaitToReadAsync(deadline.Token).ConfigureAwait(false) && _lines.Reader.TryRead(out var line)
                ? line
                : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw _failure($"the guest agent sent nothing for {timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Waits for <c>READY &lt;text&gt;</c>, skipping anything before it.</summary>
    public async Task<string> WaitForReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw _failure($"the guest agent did not say READY within {timeout.TotalSeconds:0} s");
            var line = await ReadLineAsync(left, cancellationToken).ConfigureAwait(false)
                ?? throw _failure("the agent channel closed before READY");
            if (line == "READY" || line.StartsWith("READY ", StringComparison.Ordinal))
                return line.Length > 6 ? line[6..] : "";
        }
    }

    /// <summary>Sends <paramref name="command"/> and collects its data lines up to the final OK/ERR line.</summary>
    /// <exception cref="InfrastructureException">No final line within <paramref name="timeout"/>, or the guest went away.</exception>
    public async Task<AgentReply> CommandAsync(string command, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await _commandGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SendLineAsync(command, cancellationToken).ConfigureAwait(false);
            var deadline = DateTime.UtcNow + timeout;
            var data = new List<string>();
            while (true)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw _failure($"the guest agent did not answer '{command}' within {timeout.TotalSeconds:0} s");
                string? line;
                try
                {
                    line = await ReadLineAsync(left, cancellationToken).ConfigureAwait(false);
                }
                catch (InfrastructureException)
                {
                    throw _failure($"the guest agent did not answer '{command}' within {timeout.TotalSeconds:0} s");
                }
                if (line is null)
                    throw _failure($"the agent channel closed during '{command}'");
                if (TryParseFinal(line) is { } reply)
                    return reply with { Lines = data };
                data.Add(line);
            }
        }
        finally
        {
            _commandGate.Release();
        }
    }

    Task<AgentReply> IGuestAgent.SendAsync(string command, TimeSpan timeout, CancellationToken cancellationToken) =>
        CommandAsync(command, timeout, cancellationToken);

    /// <summary>"OK", "OK text", "ERR", "ERR text" are final lines; anything else is data.</summary>
    internal static AgentReply? TryParseFinal(string line)
    {
        foreach (var (word, ok) in new[] { ("OK", true), ("ERR", false) })
        {
            if (line == word)
                return new AgentReply(ok, "", []);
            if (line.StartsWith(word + " ", StringComparison.Ordinal))
                return new AgentReply(ok, line[(word.Length + 1)..], []);
        }
        return null;
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[4096];
        var pending = new List<byte>();
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                    break;
                Interlocked.Exchange(ref _lastActivityTicks, DateTime.UtcNow.Ticks);
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] != (byte)'\n')
                    {
                        pending.Add(buffer[i]);
                        continue;
                    }
                    var text = Encoding.UTF8.GetString(pending.ToArray()).TrimEnd('\r');
                    pending.Clear();
                    _lines.Writer.TryWrite(text);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The VM went away or we are shutting down: readers see the end of the channel.
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _pump.ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        _commandGate.Dispose();
    }
}
