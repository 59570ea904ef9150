using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Rendering;

namespace UtracePatchKit.Generator.Series;

/// <summary>
/// Renders every template and applies every edit in memory, patch by patch, so later patches see
/// earlier results. Nothing touches git here; all errors of the whole series are collected.
/// </summary>
/// <param name="readBaseFile">Content of a file in the base tree, or null if it does not exist.</param>
internal sealed class SeriesPlanner(TemplateRenderer renderer, Func<string, string?> readBaseFile)
{
    /// <exception cref="InputException">Any template or edit failed.</exception>
    /// <param name="author">Commit author and Signed-off-by of every patch (see <see cref="SeriesAuthor"/>).</param>
    /// <param name="variant">Names the series in its b4 change-id.</param>
    public SeriesPlan Plan(SeriesDefinition series, Author author, string variant)
    {
        var errors = new ErrorList();
        var current = new Dictionary<string, string>(StringComparer.Ordinal);

        RenderedCoverLetter? cover = null;
        if (series.CoverLetter is { } letter)
        {
            var subject = Subject(letter.Subject, errors);
            var body = Render(letter.Subject.Start, () => renderer.RenderText(letter.Body, OutputKind.Message), errors);
            cover = subject is null || body is null ? null : new RenderedCoverLetter(subject, body.TrimEnd('\n'));
        }

        var parts = series.Patches.SelectMany((p, i) => p.Parts.Select(part => new PlacedPart(i, part))).ToArray();
        var wholeFiles = new Dictionary<string, WholeFile>(StringComparer.Ordinal);
        var patches = new List<PlannedPatch>();
        foreach (var (patch, index) in series.Patches.Select((p, i) => (p, i)))
        {
            var subject = Subject(patch.Subject, errors) ?? patch.Subject.Text.Trim();
            var body = Render(patch.Body.Start, () => renderer.RenderText(patch.Body, OutputKind.Message), errors) ?? "";
            var errorsBefore = errors.Items.Count;
            var touched = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var before = new Dictionary<string, string?>(StringComparer.Ordinal);

            foreach (var file in patch.Files)
            {
                // A replaced file's old content only matters for the "changes nothing" check.
                before.TryAdd(file.Path, TryRead(file.Path, current, file.PathLocation, null, out var old) ? old : null);
                if (Render(file.TemplateLocation, () => renderer.RenderFile(file.Template, file.TemplateLocation), errors) is { } content)
                {
                    var whole = WholeFile.Split(content, index, parts.Where(p => p.Part.File == file.Path), subject, errors);
                    wholeFiles[file.Path] = whole;
                    current[file.Path] = touched[file.Path] = whole.UpTo(index);
                }
            }

            foreach (var path in patch.Parts.Select(p => p.File).Distinct(StringComparer.Ordinal))
            {
                if (!wholeFiles.TryGetValue(path, out var whole))
                {
                    errors.Add(patch.Parts.First(p => p.File == path).FileLocation,
                        $"patch '{subject}': adds a part of {path}, which no earlier patch renders from a template",
                        "render the whole file with 'files' in an earlier patch; its parts are left out until the patch that adds them");
                    continue;
                }

                if (whole.Broken)
                {
                    continue; // its parts are already reported; the file stays as it was
                }

                before.TryAdd(path, current.GetValueOrDefault(path));
                current[path] = touched[path] = whole.UpTo(index);
            }

            foreach (var edit in patch.Edits)
            {
                var text = Render(edit.Text.Start, () => renderer.RenderText(edit.Text, OutputKind.Source), errors);
                if (!TryRead(edit.File, current, edit.FileLocation, errors, out var original))
                {
                    continue;
                }

                before.TryAdd(edit.File, original);
                if (original is null)
                {
                    errors.Add(edit.FileLocation, $"patch '{subject}': cannot edit {edit.File}: no such file at this point of the series",
                        "fix the path, or create the file with 'files' in this or an earlier patch");
                    continue;
                }

                if (text is null)
                {
                    continue;
                }

                // Anchors are whole lines, so inserted text is too: a block scalar at the end of the
                // file, or a quoted one, may lack the final newline that would end its last line.
                if (text.Length > 0 && !text.EndsWith('\n'))
                {
                    text += "\n";
                }

                var result = AnchoredEdit.Apply(original, edit.Anchor, edit.Position, text);
                if (result.Content is null)
                {
                    errors.Add(AnchorError(edit, subject, result));
                    continue;
                }

                current[edit.File] = touched[edit.File] = result.Content;
            }

            // A patch whose own files or edits failed changes nothing as a consequence: say it once.
            if (errors.Items.Count == errorsBefore && touched.Count > 0 && touched.All(t => before.TryGetValue(t.Key, out var old) && old == t.Value))
            {
                errors.Add(patch.Location, $"patch '{subject}' changes nothing", "check its files and edits, or remove the patch");
            }

            patches.Add(new PlannedPatch(subject, Message(subject, body, author), series.Date.AddMinutes(index + 1), touched));
        }

        errors.ThrowIfAny();
        return new SeriesPlan(author, series.Date, cover, patches, ChangeId.For(variant, author, series.Date));
    }

    private sealed record PlacedPart(int Patch, PartDefinition Part);

    /// <summary>A file rendered whole, and where in it the parts that later patches add are.</summary>
    /// <param name="Broken">A part could not be placed (reported); patches adding parts leave the file alone.</param>
    private sealed record WholeFile(string Text, IReadOnlyList<(int Patch, int Start, int End)> Parts, bool Broken)
    {
        /// <summary>The file as patch <paramref name="patch"/> leaves it: without the parts of later patches.</summary>
        public string UpTo(int patch)
        {
            var text = new System.Text.StringBuilder(Text.Length);
            var at = 0;
            foreach (var (later, start, end) in Parts.Where(p => p.Patch > patch))
            {
                text.Append(Text, at, start - at);
                at = end;
            }

            return text.Append(Text, at, Text.Length - at).ToString();
        }

        public static WholeFile Split(string text, int renderedIn, IEnumerable<PlacedPart> parts, string subject, ErrorList errors)
        {
            var spans = new List<(int Patch, int Start, int End, PartDefinition Part)>();
            var errorsBefore = errors.Items.Count;
            foreach (var (patch, part) in parts)
            {
                if (patch <= renderedIn)
                {
                    errors.Add(part.FileLocation, $"a part of {part.File} comes in a patch that does not follow the one rendering it ('{subject}')",
                        "add parts of a file in patches after the one that renders it");
                    continue;
                }

                var start = Locate(text, part.From, part.FromLocation, part.File, "from", errors);
                var end = Locate(text, part.Until, part.UntilLocation, part.File, "until", errors);
                if (start is null || end is null)
                {
                    continue;
                }

                if (end <= start)
                {
                    errors.Add(part.UntilLocation, $"part of {part.File}: 'until' comes before 'from' in the rendered file",
                        "swap them, or pick the line that follows the part");
                    continue;
                }

                spans.Add((patch, start.Value, end.Value, part));
            }

            spans.Sort((a, b) => a.Start.CompareTo(b.Start));
            for (var i = 1; i < spans.Count; i++)
            {
                if (spans[i].Start < spans[i - 1].End)
                {
                    errors.Add(spans[i].Part.FromLocation, $"part of {spans[i].Part.File} overlaps the part that starts at {spans[i - 1].Part.FromLocation}",
                        "let each part end where the next begins");
                }
            }

            return new WholeFile(text, spans.Select(s => (s.Patch, s.Start, s.End)).ToArray(), errors.Items.Count > errorsBefore);
        }

        private static int? Locate(string text, string anchor, SourceLocation at, string file, string key, ErrorList errors)
        {
            var matches = AnchoredEdit.Find(text, anchor);
            if (matches.Count == 1)
            {
                return matches[0];
            }

            var firstLine = anchor.Split('\n')[0];
            errors.Add(at, matches.Count == 0
                    ? $"part of {file}: '{key}' not found in the rendered file: {firstLine}"
                    : $"part of {file}: '{key}' is ambiguous in the rendered file (lines {string.Join(", ", AnchoredEdit.LineNumbers(text, matches))}): {firstLine}",
                matches.Count == 0 ? "use whole lines of the rendered file" : "extend it with neighbouring lines until it occurs exactly once");
            return null;
        }
    }

    private static string Message(string subject, string body, Author author)
    {
        var text = body.Trim('\n');
        var signoff = $"Signed-off-by: {author}\n";
        return text.Length == 0 ? $"{subject}\n\n{signoff}" : $"{subject}\n\n{text}\n\n{signoff}";
    }

    private static LocatedError AnchorError(EditDefinition edit, string subject, EditResult result)
    {
        var firstLine = edit.Anchor.Split('\n')[0];
        return result.MatchLines.Count == 0
            ? LocatedError.At(edit.AnchorLocation, $"patch '{subject}': anchor not found in {edit.File}: {firstLine}",
                "update the anchor to the kernel's current source")
            : LocatedError.At(edit.AnchorLocation,
                $"patch '{subject}': anchor is ambiguous in {edit.File} ({result.MatchLines.Count} matches, at lines {string.Join(", ", result.MatchLines)}): {firstLine}",
                "extend the anchor with neighbouring lines until it occurs exactly once");
    }

    private string? Subject(TemplateText template, ErrorList errors)
    {
        var subject = Render(template.Start, () => renderer.RenderText(template, OutputKind.Message), errors)?.Trim();
        if (subject is null)
        {
            return null;
        }

        if (subject.Length == 0 || subject.Contains('\n'))
        {
            errors.Add(template.Start, $"subject must render to one non-empty line, got '{subject.Replace("\n", "\\n")}'",
                "keep the subject on one line");
            return null;
        }

        return subject;
    }

    /// <returns>False when reading failed (reported to <paramref name="errors"/> if given); else content, null if absent.</returns>
    private bool TryRead(string path, Dictionary<string, string> current, SourceLocation at, ErrorList? errors, out string? content)
    {
        if (current.TryGetValue(path, out content))
        {
            return true;
        }

        try
        {
            content = readBaseFile(path);
            return true;
        }
        catch (InputException ex)
        {
            errors?.AddRange(ex.Errors.Select(e => e.Line == 0 ? LocatedError.At(at, e.Message, e.Fix) : e));
            return false;
        }
    }

    private static string? Render(SourceLocation at, Func<string> render, ErrorList errors)
    {
        try
        {
            return render();
        }
        catch (InputException ex)
        {
            errors.AddRange(ex.Errors);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(at, $"cannot read template: {ex.Message}", "check the templates root");
            return null;
        }
    }
}
