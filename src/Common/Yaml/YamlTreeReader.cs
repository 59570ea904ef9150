using UtracePatchKit.Common.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace UtracePatchKit.Common.Yaml;

/// <summary>Parses one YAML document into a <see cref="YamlNode"/> tree, reporting duplicate keys.</summary>
internal sealed class YamlTreeReader
{
    /// <summary>
    /// Deepest nesting accepted. The shipped files nest about 6 levels; without a limit a file of
    /// 40 000 '[' overflows the stack (the process dies, no error is reported).
    /// </summary>
    public const int MaxDepth = 64;

    private readonly string _file;
    private readonly ErrorList _errors;
    private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
    private Mark _last = Mark.Empty;

    private YamlTreeReader(string file, ErrorList errors)
    {
        _file = file;
        _errors = errors;
    }

    /// <returns>The document's root, or null when the text is empty or not valid YAML.</returns>
    public static YamlNode? Read(string text, string displayFile, ErrorList errors)
    {
        var reader = new YamlTreeReader(displayFile, errors);
        try
        {
            return reader.ReadStream(new Parser(new StringReader(text)));
        }
        catch (TooDeepException ex)
        {
            errors.Add(reader.At(ex.Start), $"the document nests deeper than {MaxDepth} levels", "flatten the structure; no input needs this depth");
            return null;
        }
        catch (YamlException ex)
        {
            errors.Add(TabAt(text, ex, displayFile) ?? reader.At(ex.Start), $"invalid YAML: {ex.Message}", "fix the YAML syntax at this position");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's parser fails this way on some malformed flow collections (e.g. an unclosed '[').
            errors.Add(reader.At(reader._last), "invalid YAML after this position (an unclosed '[' or '{'?)", "fix the YAML syntax here");
            return null;
        }
    }

    private YamlNode? ReadStream(IParser parser)
    {
        parser.Consume<StreamStart>();
        if (!parser.TryConsume<DocumentStart>(out _))
        {
            _errors.Add(new SourceLocation(_file, 1, 1), "the file is empty", "write the document described in docs/ARCHITECTURE.md");
            return null;
        }

        var root = ReadNode(parser, 1);
        parser.Consume<DocumentEnd>();
        if (parser.Accept<DocumentStart>(out var second))
        {
            _errors.Add(At(second.Start), "more than one YAML document in the file", "remove the '---' separator and everything after it");
        }

        return root;
    }

    private YamlNode ReadNode(IParser parser, int depth)
    {
        _last = parser.Current?.Start ?? _last;
        if (depth > MaxDepth)
        {
            throw new TooDeepException(_last);
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (_anchors.TryGetValue(alias.Value.Value, out var target))
            {
                return target;
            }

            _errors.Add(At(alias.Start), $"unknown alias '*{alias.Value.Value}'", "define the anchor before using it");
            return new YamlScalar(At(alias.Start), "", ScalarStyle.Plain);
        }

        YamlNode node;
        AnchorName anchor;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            node = new YamlScalar(At(scalar.Start), scalar.Value, scalar.Style);
            anchor = scalar.Anchor;
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var items = new List<YamlNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, depth + 1));
            }

            node = new YamlSequence(At(sequenceStart.Start), items);
            anchor = sequenceStart.Anchor;
        }
        else
        {
            var mappingStart = parser.Consume<MappingStart>();
            node = new YamlMapping(At(mappingStart.Start), ReadEntries(parser, depth + 1));
            anchor = mappingStart.Anchor;
        }

        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }

        return node;
    }

    private List<YamlEntry> ReadEntries(IParser parser, int depth)
    {
        var entries = new List<YamlEntry>();
        var seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode(parser, depth);
            var value = ReadNode(parser, depth);
            if (keyNode is not YamlScalar key)
            {
                _errors.Add(keyNode.Start, "mapping keys must be plain names", "use a simple word as the key");
                continue;
            }

            if (seen.TryGetValue(key.Value, out var first))
            {
                _errors.Add(key.Start, $"duplicate key '{key.Value}' (first defined at {first.Start.Line}:{first.Start.Column})",
                    "keep only one of the two entries");
                continue;
            }

            seen.Add(key.Value, key);
            entries.Add(new YamlEntry(key, value));
        }

        return entries;
    }

    private SourceLocation At(Mark mark) => new(_file, (int)mark.Line, (int)mark.Column);

    /// <summary>
    /// YamlDotNet reports a tab used as indentation where the enclosing node or the previous
    /// scalar started (lines earlier); the tab itself is the first one in a line's indentation
    /// from that line on.
    /// </summary>
    private static SourceLocation? TabAt(string text, YamlException error, string file)
    {
        if (!error.Message.Contains(" tab ", StringComparison.Ordinal))
        {
            return null;
        }

        var reported = error.Start;
        var lines = text.Split('\n');
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = pass == 0 ? Math.Max(0, (int)reported.Line - 1) : 0; i < lines.Length; i++)
            {
                var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
                var tab = lines[i].IndexOf('\t', 0, indent);
                if (tab >= 0)
                {
                    return new SourceLocation(file, i + 1, tab + 1);
                }
            }
        }

        return null;
    }

    private sealed class TooDeepException(Mark start) : Exception
    {
        public Mark Start { get; } = start;
    }
}
