namespace UtracePatchKit.Common.Yaml;

/// <summary>
/// A read-only word → value map that enumerates in insertion order, so "allowed: a, b, c"
/// messages list choices the way they are documented.
/// </summary>
internal sealed class OrderedChoices<T> : IReadOnlyDictionary<string, T>
{
    private readonly (string Key, T Value)[] _pairs;
    private readonly Dictionary<string, T> _lookup;

    public OrderedChoices(IEnumerable<(string Key, T Value)> pairs)
    {
        _pairs = pairs.ToArray();
        _lookup = _pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    public T this[string key] => _lookup[key];

    public IEnumerable<string> Keys => _pairs.Select(p => p.Key);

    public IEnumerable<T> Values => _pairs.Select(p => p.Value);

    public int Count => _pairs.Length;

    public bool ContainsKey(string key) => _lookup.ContainsKey(key);

    public bool TryGetValue(string key, out T value) => _lookup.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<string, T>> GetEnumerator() =>
        _pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
