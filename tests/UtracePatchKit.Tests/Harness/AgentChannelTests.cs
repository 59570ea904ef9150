using System.Net.Sockets;
using System.Text;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Boot;
using UtracePatchKit.QemuHarness;
using Xunit;

namespace UtracePatchKit.Tests.Harness;

public sealed class AgentChannelTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly string _dir = Directory.CreateTempSubdirectory("utpk-agent-test-").FullName;
    private Socket _guest = null!;
    private AgentChannel _channel = null!;

    public async Task InitializeAsync()
    {
        var path = Path.Combine(_dir, "s");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        var host = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var accept = listener.AcceptAsync();
        await host.ConnectAsync(new UnixDomainSocketEndPoint(path));
        _guest = await accept;
        _channel = new AgentChannel(host, message => new InfrastructureException(message));
    }

    public async Task DisposeAsync()
    {
        await _channel.DisposeAsync();
        _guest.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ReadySkipsNoiseAndReturnsItsText()
    {
        await GuestSaysAsync("garbage\r\nREADY utpk-agent 1\n");

        Assert.Equal("utpk-agent 1", await _channel.WaitForReadyAsync(Timeout));
    }

    [Fact]
    public async Task CommandCollectsDataLinesUntilOk()
    {
        var reply = _channel.CommandAsync("LOG", Timeout);
        Assert.Equal("LOG", await GuestReadsAsync());
        // Split writes: lines may arrive in any fragmentation.
        await GuestSaysAsync("OUT a=1\nOUT b");
        await GuestSaysAsync("=2\nOK 2 lines\n");

        var result = await reply;

        Assert.True(result.Ok);
        Assert.Equal("2 lines", result.Status);
        Assert.Equal(["OUT a=1", "OUT b=2"], result.Lines);
    }

    [Fact]
    public async Task ErrIsAFinalLine()
    {
        var reply = _channel.CommandAsync("NOPE", Timeout);
        await GuestReadsAsync();
        await GuestSaysAsync("ERR unknown command\n");

        var result = await reply;

        Assert.False(result.Ok);
        Assert.Equal("unknown command", result.Status);
        Assert.Empty(result.Lines);
    }

    [Fact]
    public async Task SilentAgentTimesOut()
    {
        var ex = await Assert.ThrowsAsync<InfrastructureException>(() => _channel.CommandAsync("PING", TimeSpan.FromMilliseconds(200)));

        Assert.Contains("did not answer 'PING'", ex.Message);
    }

    [Fact]
    public async Task ClosedChannelFailsTheCommand()
    {
        var reply = _channel.CommandAsync("POWEROFF", Timeout);
        await GuestReadsAsync();
        _guest.Shutdown(SocketShutdown.Both);

        var ex = await Assert.ThrowsAsync<InfrastructureException>(() => reply);
        Assert.Contains("closed during 'POWEROFF'", ex.Message);
    }

    [Fact]
    public async Task ActivityIsTrackedWithoutReaders()
    {
        var before = _channel.LastActivityUtc;
        await Task.Delay(20);
        await GuestSaysAsync("EVENT\n");
        await Task.Delay(200);

        Assert.True(_channel.LastActivityUtc > before);
    }

    [Fact]
    public async Task MultiLineCommandsAreRejected() =>
        await Assert.ThrowsAsync<ArgumentException>(() => _channel.SendLineAsync("A\nB"));

    [Theory]
    [InlineData("OK", true, "")]
    [InlineData("OK PONG", true, "PONG")]
    [InlineData("ERR", false, "")]
    [InlineData("ERR no such pid", false, "no such pid")]
    public void FinalLinesParse(string line, bool ok, string status)
    {
        var reply = AgentChannel.TryParseFinal(line);

        Assert.NotNull(reply);
        Assert.Equal((ok, status), (reply.Ok, reply.Status));
    }

    [Theory]
    [InlineData("OKAY")]
    [InlineData("OUT OK")]
    [InlineData("ERROR x")]
    public void OtherLinesAreData(string line) => Assert.Null(AgentChannel.TryParseFinal(line));

    private async Task GuestSaysAsync(string text) => await _guest.SendAsync(Encoding.UTF8.GetBytes(text));

    private async Task<string> GuestReadsAsync()
    {
        var received = new StringBuilder();
        var buffer = new byte[256];
        while (!received.ToString().EndsWith('\n'))
        {
            var n = await _guest.ReceiveAsync(buffer);
            received.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
        return received.ToString().TrimEnd('\n');
    }
}
