namespace UtracePatchKit.Generator.Diagnostics;

/// <summary>Collects errors while a stage keeps going, then fails once with all of them.</summary>
public sealed class ErrorList
{
    private readonly List<SpecError> _errors = [];

    public bool Any => _errors.Count > 0;

    public IReadOnlyList<SpecError> Items => _errors;

    public void Add(SpecError error) => _errors.Add(error);

    public void Add(SourceLocation at, string message, string fix) => _errors.Add(SpecError.At(at, message, fix));

    public void AddRange(IEnumerable<SpecError> errors) => _errors.AddRange(errors);

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new GeneratorException(_errors);
        }
    }
}
