using UtracePatchKit.Common.Diagnostics;

namespace UtracePatchKit.Generator.Rendering;

/// <summary>
/// A Scriban template embedded in a YAML file, with where its text starts so template errors
/// point at the YAML file's own line and column.
/// </summary>
/// <param name="Start">Where the scalar starts; for block scalars (| or >) that is the indicator.</param>
/// <param name="BlockIndent">Column (1-based) of a block scalar's content; 0 for flow scalars.</param>
/// <param name="Quoted">Flow scalar written with quotes, so content starts one column later.</param>
internal sealed record TemplateText(string Text, SourceLocation Start, int BlockIndent = 0, bool Quoted = false)
{
    /// <summary>Maps a 0-based position inside <see cref="Text"/> to the YAML file.</summary>
    public SourceLocation Locate(int line, int column)
    {
        if (BlockIndent > 0)
        {
            return Start with { Line = Start.Line + 1 + line, Column = BlockIndent + column };
        }

        return line == 0
            ? Start with { Column = Start.Column + column + (Quoted ? 1 : 0) }
            : Start with { Line = Start.Line + line, Column = column + 1 };
    }
}
