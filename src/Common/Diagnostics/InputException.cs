namespace UtracePatchKit.Common.Diagnostics;

/// <summary>
/// The one exception type the generator lets escape. It carries every error found, not just
/// the first, so a user fixes a spec in one round trip.
/// </summary>
public class InputException : Exception
{
    public InputException(IEnumerable<LocatedError> errors, Exception? inner = null)
        : this(errors.ToArray(), inner)
    {
    }

    private InputException(LocatedError[] errors, Exception? inner)
        : base(BuildMessage(errors), inner)
    {
        Errors = errors;
    }

    public IReadOnlyList<LocatedError> Errors { get; }

    private static string BuildMessage(IReadOnlyList<LocatedError> errors) =>
        errors.Count == 0 ? "generation failed" : string.Join(Environment.NewLine, errors.Select(e => e.Format()));
}
