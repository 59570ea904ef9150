namespace UtracePatchKit.Common.Diagnostics;

/// <summary>Collects errors while a stage keeps going, then fails once with all of them.</summary>
public sealed class ErrorList
{
    private readonly List<LocatedError> _errors = [];

    public bool Any => _errors.Count > 0;

    public IReadOnlyList<LocatedError> Items => _errors;

    public void Add(LocatedError error) => _errors.Add(error);

    public void Add(SourceLocation at, string message, string fix) => _errors.Add(LocatedError.At(at, message, fix));

    public void AddRange(IEnumerable<LocatedError> errors) => _errors.AddRange(errors);

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new InputException(_errors);
        }
    }
}
