using System.Runtime.InteropServices;

namespace UtracePatchKit.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM cancel the command's token instead of killing the process, so
/// every stage unwinds: child processes are stopped, temporary folders removed, stamps left
/// unwritten. A second Ctrl-C is not intercepted and ends the process at once.
/// </summary>
internal sealed class Interrupt : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    public Interrupt()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested)
        {
            return; // the second one: default handling terminates the process
        }

        context.Cancel = true;
        Console.Error.WriteLine($"utpk: {context.Signal} received, stopping (again to kill at once)");
        _source.Cancel();
    }
}
