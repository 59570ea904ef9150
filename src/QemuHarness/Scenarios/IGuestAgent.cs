namespace UtracePatchKit.QemuHarness.Scenarios;

/// <summary>The guest agent's line protocol (kernel-tests/agent/agent.c), as the scenario runner needs it.</summary>
public interface IGuestAgent
{
    /// <summary>Sends one command line; returns its data lines and the final OK/ERR line.</summary>
    Task<AgentReply> SendAsync(string command, TimeSpan timeout, CancellationToken cancellationToken = default);
}

/// <param name="Status">The final line without its OK/ERR word.</param>
public sealed record AgentReply(bool Ok, string Status, IReadOnlyList<string> Lines);
