namespace UtracePatchKit.Common.Diagnostics;

/// <summary>A 1-based position in a file, with the file named as it should be shown to the user.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
