namespace UtracePatchKit.Generator.Diagnostics;

/// <summary>
/// A located, actionable error. Used for every input the generator reads (spec, series
/// definition, templates, anchored edits) so the CLI prints them all the same way.
/// Line and column are 1-based; 0 means "no position" (e.g. a git failure on a repository).
/// </summary>
public sealed record SpecError(string File, int Line, int Column, string Message, string Fix)
{
    public static SpecError At(SourceLocation location, string message, string fix) =>
        new(location.File, location.Line, location.Column, message, fix);

    /// <summary>Compiler-style line: <c>specs/x.yaml:12:5: error: message (fix: ...)</c>.</summary>
    public string Format()
    {
        var where = Line > 0 ? $"{File}:{Line}:{Column}" : File;
        return $"{where}: error: {Message} (fix: {Fix})";
    }

    public override string ToString() => Format();
}
