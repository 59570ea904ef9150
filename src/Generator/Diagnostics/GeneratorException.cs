namespace UtracePatchKit.Generator.Diagnostics;

/// <summary>
/// The one exception type the generator lets escape. It carries every error found, not just
/// the first, so a user fixes a spec in one round trip.
/// </summary>
public class GeneratorException : Exception
{
    public GeneratorException(IEnumerable<SpecError> errors, Exception? inner = null)
        : this(errors.ToArray(), inner)
    {
    }

    private GeneratorException(SpecError[] errors, Exception? inner)
        : base(BuildMessage(errors), inner)
    {
        Errors = errors;
    }

    public IReadOnlyList<SpecError> Errors { get; }

    private static string BuildMessage(IReadOnlyList<SpecError> errors) =>
        errors.Count == 0 ? "generation failed" : string.Join(Environment.NewLine, errors.Select(e => e.Format()));
}
