using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>The guest agent's own commands on a booted kernel, beyond what scenarios use.</summary>
[Collection(ReportResumeKernel.Collection)]
public sealed class GuestAgentTests(ReportResumeKernel kernel)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Exec_runs_a_program_and_returns_its_exit_status()
    {
        var reply = await kernel.Session.Agent.SendAsync("EXEC /init exit-code 5", Timeout);

        Assert.True(reply.Ok, reply.Status);
        Assert.Equal("exited=5", reply.Status);
    }

    [Fact]
    public async Task Unknown_commands_are_refused_and_the_agent_keeps_serving()
    {
        var refused = await kernel.Session.Agent.SendAsync("FROBNICATE", Timeout);
        var ping = await kernel.Session.Agent.SendAsync("PING", Timeout);

        Assert.False(refused.Ok);
        Assert.Contains("unknown-command", refused.Status);
        Assert.Equal("PONG", ping.Status);
    }
}
