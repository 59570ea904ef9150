using UtracePatchKit.QemuHarness.Scenarios;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>The guest agent's own commands on a booted kernel, beyond what scenarios use.</summary>
[Collection(ReportResumeKernel.Collection)]
public sealed class GuestAgentTests(ReportResumeKernel kernel)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private Task<AgentReply> SendAsync(string command) => kernel.Session.Agent.SendAsync(command, Timeout);

    [Fact]
    public async Task Exec_runs_a_program_and_returns_its_exit_status()
    {
        var reply = await SendAsync("EXEC /init exit-code 5");

        Assert.True(reply.Ok, reply.Status);
        Assert.Equal("exited=5", reply.Status);
        Assert.Equal(new AgentEnd(5, null, false, false), AgentEnd.Parse(reply.Status));
    }

    [Fact]
    public async Task Exec_reports_a_program_killed_by_a_signal_as_signaled()
    {
        var reply = await SendAsync("EXEC /init kill-self 11");

        Assert.True(reply.Ok, reply.Status);
        Assert.Equal("signaled=11 core=0", reply.Status);
    }

    [Fact]
    public async Task Exec_marks_output_past_its_limit_and_reports_the_sigpipe_that_stopped_the_program()
    {
        var reply = await SendAsync("EXEC /init spew 100000");
        var end = AgentEnd.Parse(reply.Status);

        Assert.True(reply.Ok, reply.Status);
        Assert.True(end.Truncated, reply.Status);
        Assert.Equal(13, end.Signal); // SIGPIPE: the agent stopped reading at its limit
        Assert.InRange(reply.Lines.Sum(l => l.Length - "OUT ".Length) + reply.Lines.Count - 1, AgentEnd.OutputLimit - 64, AgentEnd.OutputLimit);
    }

    [Fact]
    public async Task Exec_output_under_the_limit_is_not_marked()
    {
        var reply = await SendAsync("EXEC /init spew 4000");

        Assert.Equal("exited=0", reply.Status);
        // The bytes come back as lines: their lengths plus the newlines between them.
        Assert.Equal(4000, reply.Lines.Sum(l => l.Length - "OUT ".Length) + reply.Lines.Count - 1);
    }

    [Fact]
    public async Task Exec_programs_inherit_no_descriptor_of_the_agent_or_its_targets()
    {
        var spawned = await SendAsync("SPAWN sleep 100");
        Assert.True(spawned.Ok, spawned.Status);
        try
        {
            var reply = await SendAsync("EXEC /init fds");

            Assert.Equal("exited=0", reply.Status);
            // Only stdin, and stdout and stderr on EXEC's own pipe.
            Assert.Equal(["0", "1", "2"], reply.Lines.Select(l => KeyValueLine.Parse(l[4..])["fd"]).Order(StringComparer.Ordinal));
        }
        finally
        {
            await SendAsync($"KILL {spawned.Status} 9");
            await SendAsync($"WAIT {spawned.Status} 5000");
        }
    }

    [Theory]
    [InlineData("KILL abc 9")]
    [InlineData("KILL 12x 9")]
    [InlineData("KILL 0 9")]
    [InlineData("KILL -1 9")]
    [InlineData("KILL 1 9")]
    [InlineData("KILL 2 sixty")]
    [InlineData("KILL 2 65")]
    [InlineData("SLEEP soon")]
    [InlineData("WAIT x 100")]
    [InlineData("WAIT_STATE 2 T never")]
    public async Task Numbers_are_parsed_strictly_and_refused_when_they_are_not(string command)
    {
        var refused = await SendAsync(command);
        var ping = await SendAsync("PING");

        Assert.False(refused.Ok, $"'{command}' was accepted: {refused.Status}");
        Assert.StartsWith("bad-number", refused.Status);
        Assert.Equal("PONG", ping.Status);
    }

    [Fact]
    public async Task An_over_long_command_line_is_refused_not_cut_and_run()
    {
        // Cut at 1023 bytes this would still be an EXEC, of "/init exit-code 7 xxx...".
        var command = "EXEC /init exit-code 7 " + new string('x', 2000);

        var refused = await SendAsync(command);

        Assert.False(refused.Ok, refused.Status);
        Assert.StartsWith("line-too-long", refused.Status);
        Assert.Equal("PONG", (await SendAsync("PING")).Status);
    }

    [Fact]
    public async Task More_words_than_the_agent_takes_are_refused()
    {
        var refused = await SendAsync("EXEC /init " + string.Join(' ', Enumerable.Repeat("w", 40)));

        Assert.False(refused.Ok, refused.Status);
        Assert.StartsWith("too-many-words", refused.Status);
    }

    [Fact]
    public async Task Unknown_commands_are_refused_and_the_agent_keeps_serving()
    {
        var refused = await SendAsync("FROBNICATE");
        var ping = await SendAsync("PING");

        Assert.False(refused.Ok);
        Assert.Contains("unknown-command", refused.Status);
        Assert.Equal("PONG", ping.Status);
    }
}
