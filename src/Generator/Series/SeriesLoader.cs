using System.Globalization;
using System.Text.RegularExpressions;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Input;
using UtracePatchKit.Generator.Rendering;
using UtracePatchKit.Generator.Spec;
using UtracePatchKit.Common.Yaml;

namespace UtracePatchKit.Generator.Series;

/// <summary>Loads a series definition; all problems are thrown together as a <see cref="InputException"/>.</summary>
internal sealed partial class SeriesLoader(DisplayPaths paths)
{
    private static readonly string[] TopKeys = ["author", "date", "cover_letter", "patches"];
    private static readonly string[] CoverKeys = ["subject", "body"];
    private static readonly string[] PatchKeys = ["subject", "body", "files", "parts", "edits"];
    private static readonly string[] PartKeys = ["file", "from", "until"];
    private static readonly string[] FileKeys = ["path", "template"];
    private static readonly string[] EditKeys = ["file", "anchor", "position", "text"];

    public SeriesDefinition Load(string path)
    {
        return Parse(InputFile.ReadText(path, paths.Of(path), "series definition"), path);
    }

    public SeriesDefinition Parse(string text, string path)
    {
        var display = paths.Of(path);
        var errors = new ErrorList();
        var root = YamlTreeReader.Read(text, display, errors);
        var series = root is null ? null : new Reading(new NodeReader(errors), text.Split('\n'), path, display).Run(root);
        if (errors.Any || series is null)
        {
            throw new InputException(errors.Items);
        }

        return series;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})\z")]
    private static partial Regex DatePattern();

    private sealed class Reading(NodeReader reader, string[] lines, string path, string display)
    {
        public SeriesDefinition? Run(YamlNode root)
        {
            var top = reader.Mapping(root, "series", "at the top level", TopKeys);
            if (top is null)
            {
                return null;
            }

            var authorNode = top.Optional("author");
            var author = authorNode is null ? null : ReadAuthor(authorNode);
            var date = ReadDate(top.Required("date"));
            CoverLetterDefinition? cover = null;
            var coverFields = reader.Mapping(top.Optional("cover_letter"), "cover_letter", "under 'cover_letter'", CoverKeys);
            if (coverFields is not null)
            {
                var subject = Template(coverFields.Required("subject"), "cover_letter.subject");
                var body = Template(coverFields.Required("body"), "cover_letter.body");
                cover = subject is null || body is null ? null : new CoverLetterDefinition(subject, body);
            }

            var patches = new List<PatchDefinition>();
            var list = reader.Sequence(top.Required("patches"), "patches");
            if (list is { Items.Count: 0 })
            {
                reader.Error(list, "'patches' is empty", "list at least one patch");
            }

            for (var i = 0; i < (list?.Items.Count ?? 0); i++)
            {
                if (ReadPatch(list!.Items[i], $"patches[{i}]") is { } patch)
                {
                    patches.Add(patch);
                }
            }

            return reader.Errors.Any ? null : new SeriesDefinition(path, display, author, date!.Value, cover, patches) { AuthorAt = authorNode?.Start };
        }

        private Author? ReadAuthor(YamlNode? node)
        {
            var text = reader.Text(node, "author");
            var author = text is null ? null : Author.Parse(text);
            if (text is not null && author is null)
            {
                reader.Error(node!, $"author '{text}' is not 'Name <email>'", $"write it as {Author.Example}");
            }

            return author;
        }

        private DateTimeOffset? ReadDate(YamlNode? node)
        {
            var text = reader.Text(node, "date");
            if (text is null)
            {
                return null;
            }

            if (!DatePattern().IsMatch(text)
                || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                reader.Error(node!, $"date '{text}' is not an ISO 8601 time with an offset", "write it like \"2026-01-05T12:00:00+00:00\"");
                return null;
            }

            return date;
        }

        private PatchDefinition? ReadPatch(YamlNode node, string name)
        {
            var fields = reader.Mapping(node, name, $"under '{name}'", PatchKeys);
            if (fields is null)
            {
                return null;
            }

            var subject = Template(fields.Required("subject"), $"{name}.subject");
            var bodyNode = fields.Optional("body");
            var body = bodyNode is null ? new TemplateText("", fields.Node.Start) : Template(bodyNode, $"{name}.body", allowEmpty: true);

            var files = new List<FileDefinition>();
            var fileList = reader.Sequence(fields.Optional("files"), $"{name}.files");
            foreach (var (item, i) in (fileList?.Items ?? []).Select((n, i) => (n, i)))
            {
                var file = reader.Mapping(item, $"{name}.files[{i}]", $"under '{name}.files[{i}]'", FileKeys);
                var pathNode = file?.Required("path");
                var templateNode = file?.Required("template");
                var filePath = TreePath(pathNode, $"{name}.files[{i}].path");
                var template = reader.Text(templateNode, $"{name}.files[{i}].template");
                if (filePath is not null && template is not null)
                {
                    files.Add(new FileDefinition(filePath, template, pathNode!.Start, templateNode!.Start));
                }
            }

            var edits = new List<EditDefinition>();
            var editList = reader.Sequence(fields.Optional("edits"), $"{name}.edits");
            foreach (var (item, i) in (editList?.Items ?? []).Select((n, i) => (n, i)))
            {
                if (ReadEdit(item, $"{name}.edits[{i}]") is { } edit)
                {
                    edits.Add(edit);
                }
            }

            var parts = new List<PartDefinition>();
            var partList = reader.Sequence(fields.Optional("parts"), $"{name}.parts");
            foreach (var (item, i) in (partList?.Items ?? []).Select((n, i) => (n, i)))
            {
                if (ReadPart(item, $"{name}.parts[{i}]") is { } part)
                {
                    parts.Add(part);
                }
            }

            if (fileList is null or { Items.Count: 0 } && editList is null or { Items.Count: 0 } && partList is null or { Items.Count: 0 })
            {
                reader.Error(node, $"{name} changes nothing", "give the patch 'files', 'parts' or 'edits', or remove it");
            }

            return subject is null || body is null ? null : new PatchDefinition(subject, body, files, edits, node.Start) { Parts = parts };
        }

        private PartDefinition? ReadPart(YamlNode node, string name)
        {
            var fields = reader.Mapping(node, name, $"under '{name}'", PartKeys);
            if (fields is null)
            {
                return null;
            }

            var fileNode = fields.Required("file");
            var file = TreePath(fileNode, $"{name}.file");
            var fromNode = fields.Required("from");
            var from = reader.Text(fromNode, $"{name}.from");
            var untilNode = fields.Required("until");
            var until = reader.Text(untilNode, $"{name}.until");
            if (file is null || from is null || until is null)
            {
                return null;
            }

            // Whole lines, as for anchors.
            return new PartDefinition(file, from.EndsWith('\n') ? from : from + "\n", until.EndsWith('\n') ? until : until + "\n",
                fileNode!.Start, fromNode!.Start, untilNode!.Start);
        }

        private EditDefinition? ReadEdit(YamlNode node, string name)
        {
            var fields = reader.Mapping(node, name, $"under '{name}'", EditKeys);
            if (fields is null)
            {
                return null;
            }

            var fileNode = fields.Required("file");
            var file = TreePath(fileNode, $"{name}.file");
            var anchorNode = fields.Required("anchor");
            var anchor = reader.Text(anchorNode, $"{name}.anchor");
            var position = reader.Choice(fields.Required("position"), $"{name}.position", SnakeCase.Names<EditPosition>());
            var text = Template(fields.Required("text"), $"{name}.text");
            if (file is null || anchor is null || position is null || text is null)
            {
                return null;
            }

            // Anchors are whole lines; a one-line anchor written without '|' still means the full line.
            var wholeLines = anchor.EndsWith('\n') ? anchor : anchor + "\n";
            return new EditDefinition(file, wholeLines, position.Value, text, fileNode!.Start, anchorNode!.Start);
        }

        private string? TreePath(YamlNode? node, string name)
        {
            var text = reader.Text(node, name);
            if (text is null)
            {
                return null;
            }

            var segments = text.Split('/');
            if (text.StartsWith('/') || text.Contains('\\') || segments.Any(s => s is "" or "." or ".."))
            {
                reader.Error(node!, $"'{name}' path '{text}' is not a clean relative path", "write it relative to the kernel tree root with '/' separators, e.g. kernel/utrace.c");
                return null;
            }

            return text;
        }

        private TemplateText? Template(YamlNode? node, string name, bool allowEmpty = false)
        {
            if (reader.Text(node, name, allowEmpty) is not { } text)
            {
                return null;
            }

            var scalar = (YamlScalar)node!;
            return new TemplateText(text, scalar.Start, scalar.IsBlock ? BlockIndent(scalar.Start.Line) : 0,
                scalar.IsQuoted);
        }

        // Column of a block scalar's content: the indentation of its first non-blank line.
        private int BlockIndent(int indicatorLine)
        {
            foreach (var line in lines.Skip(indicatorLine))
            {
                if (line.Trim().Length > 0)
                {
                    return line.Length - line.TrimStart(' ').Length + 1;
                }
            }

            return 1;
        }
    }
}
