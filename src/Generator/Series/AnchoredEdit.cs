namespace UtracePatchKit.Generator.Series;

/// <summary>The outcome of applying one anchored edit to one file's text.</summary>
/// <param name="Content">The edited text; null unless the anchor occurred exactly once.</param>
/// <param name="MatchLines">1-based line numbers where the anchor starts.</param>
internal sealed record EditResult(string? Content, IReadOnlyList<int> MatchLines);

/// <summary>
/// Pure text operation: insert text before or after the single whole-line occurrence of an anchor,
/// or replace that occurrence (for a changed condition, where inserting lines cannot express it).
/// </summary>
internal static class AnchoredEdit
{
    /// <param name="anchor">One or more whole lines, ending with a newline.</param>
    public static EditResult Apply(string content, string anchor, EditPosition position, string text)
    {
        // A last line without a newline is still a whole line.
        var missingFinalNewline = content.Length > 0 && !content.EndsWith('\n');
        var haystack = missingFinalNewline ? content + "\n" : content;

        var matches = Find(haystack, anchor);
        var lines = LineNumbers(haystack, matches);
        if (matches.Count != 1)
        {
            return new EditResult(null, lines);
        }

        var insertAt = position == EditPosition.After ? matches[0] + anchor.Length : matches[0];
        var edited = position == EditPosition.Replace
            ? haystack.Remove(insertAt, anchor.Length).Insert(insertAt, text)
            : haystack.Insert(insertAt, text);

        // Keep the file's missing final newline unless the insertion went past it.
        if (missingFinalNewline && insertAt < haystack.Length)
        {
            edited = edited[..^1];
        }

        return new EditResult(edited, lines);
    }

    /// <summary>Offsets where <paramref name="anchor"/> occurs as whole lines.</summary>
    public static IReadOnlyList<int> Find(string haystack, string anchor)
    {
        var matches = new List<int>();
        for (var at = haystack.IndexOf(anchor, StringComparison.Ordinal); at >= 0; at = haystack.IndexOf(anchor, at + 1, StringComparison.Ordinal))
        {
            if (at == 0 || haystack[at - 1] == '\n')
            {
                matches.Add(at);
            }
        }

        return matches;
    }

    /// <summary>1-based line numbers of offsets.</summary>
    public static IReadOnlyList<int> LineNumbers(string haystack, IEnumerable<int> offsets) =>
        offsets.Select(m => 1 + haystack.AsSpan(0, m).Count('\n')).ToArray();
}
