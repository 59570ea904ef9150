namespace UtracePatchKit.Common.Yaml;

/// <summary>A mapping whose unknown keys have already been reported; hands out entries by key.</summary>
internal sealed class MappingFields
{
    private readonly NodeReader _reader;
    private readonly string _context;

    public MappingFields(NodeReader reader, YamlMapping node, string context, IReadOnlyCollection<string> knownKeys)
    {
        _reader = reader;
        _context = context;
        Node = node;
        foreach (var entry in node.Entries.Where(e => !knownKeys.Contains(e.Key.Value)))
        {
            var suggestion = Suggest(entry.Key.Value, knownKeys);
            var fix = suggestion is null
                ? $"remove it; known keys: {string.Join(", ", knownKeys)}"
                : $"rename it to '{suggestion}' or remove it";
            reader.Error(entry.Key, $"unknown key '{entry.Key.Value}' {context}", fix);
        }
    }

    public YamlMapping Node { get; }

    public YamlEntry? Entry(string key) => Node.Entries.FirstOrDefault(e => e.Key.Value == key);

    public YamlNode? Optional(string key) => Entry(key)?.Value;

    public YamlNode? Required(string key, string? fix = null)
    {
        var value = Optional(key);
        if (value is null)
        {
            _reader.Error(Node, $"missing required key '{key}' {_context}", fix ?? $"add '{key}: ...'");
        }

        return value;
    }

    // Closest known key within a small edit distance: catches typos like 'ordr' for 'order'.
    private static string? Suggest(string key, IEnumerable<string> known) =>
        known.Select(k => (Key: k, Distance: EditDistance(key, k)))
            .Where(c => c.Distance <= Math.Max(2, c.Key.Length / 3))
            .OrderBy(c => c.Distance)
            .Select(c => c.Key)
            .FirstOrDefault();

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
