namespace UtracePatchKit.Cli;

/// <summary>The command line asks for something contradictory or impossible (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
