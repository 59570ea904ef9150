namespace UtracePatchKit.QemuHarness.Scenarios;

/// <summary>One line of /dev/utrace_test: <c>seq=N key=value ...</c>.</summary>
public sealed record LogRecord(string Line, IReadOnlyDictionary<string, string> Fields)
{
    public string? this[string key] => Fields.GetValueOrDefault(key);

    public static LogRecord Parse(string line) =>
        new(line, KeyValueLine.Parse(line));

    public bool Matches(IReadOnlyDictionary<string, string> match) =>
        match.All(m => Fields.TryGetValue(m.Key, out var value) && value == m.Value);
}

/// <summary>Parses the <c>key=value key=value</c> lines that the driver and the target print.</summary>
public static class KeyValueLine
{
    public static IReadOnlyDictionary<string, string> Parse(string line)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = word.IndexOf('=');
            if (eq > 0)
            {
                fields[word[..eq]] = word[(eq + 1)..];
            }
        }

        return fields;
    }
}
