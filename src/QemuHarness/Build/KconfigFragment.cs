using System.Text.RegularExpressions;

namespace UtracePatchKit.QemuHarness.Build;

/// <summary>One symbol setting: <c>CONFIG_X=value</c>, or <c>Value == null</c> for "is not set".</summary>
/// <param name="Line">1-based line in <paramref name="Source"/>; 0 when unknown.</param>
public sealed record KconfigSetting(string Symbol, string? Value, string Source, int Line = 0)
{
    /// <summary><c>file:line</c>, as compilers locate what they complain about.</summary>
    public string Location => Line > 0 ? $"{Source}:{Line}" : Source;
}

/// <summary>Parses Kconfig fragments and .config files.</summary>
public static partial class KconfigFile
{
    public static IEnumerable<KconfigSetting> Parse(string text, string source)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var set = SetLine().Match(line);
            if (set.Success)
            {
                yield return new KconfigSetting(set.Groups[1].Value, set.Groups[2].Value, source, i + 1);
                continue;
            }
            var unset = UnsetLine().Match(line);
            if (unset.Success)
                yield return new KconfigSetting(unset.Groups[1].Value, null, source, i + 1);
        }
    }

    /// <summary>Symbol → value (null = not set) of a complete .config.</summary>
    public static IReadOnlyDictionary<string, string?> ToMap(string configText) =>
        Parse(configText, ".config").GroupBy(s => s.Symbol).ToDictionary(g => g.Key, g => g.Last().Value);

    /// <summary>
    /// What the fragments ask for but the final .config does not have (later fragments win, like
    /// merge_config.sh). "is not set" requests are satisfied by absence too.
    /// </summary>
    public static IReadOnlyList<KconfigMismatch> FindMissing(IEnumerable<KconfigSetting> requested, IReadOnlyDictionary<string, string?> final)
    {
        var wanted = requested.GroupBy(s => s.Symbol).Select(g => g.Last());
        var missing = new List<KconfigMismatch>();
        foreach (var want in wanted)
        {
            final.TryGetValue(want.Symbol, out var actual);
            var ok = want.Value is null ? actual is null or "n" : actual == want.Value;
            if (!ok)
                missing.Add(new KconfigMismatch(want, actual));
        }
        return missing;
    }

    [GeneratedRegex(@"^(CONFIG_[A-Za-z0-9_]+)=(.*)$")]
    private static partial Regex SetLine();

    [GeneratedRegex(@"^#\s*(CONFIG_[A-Za-z0-9_]+) is not set$")]
    private static partial Regex UnsetLine();
}

public sealed record KconfigMismatch(KconfigSetting Requested, string? Actual)
{
    public override string ToString()
    {
        var wanted = Requested.Value is null ? $"# {Requested.Symbol} is not set" : $"{Requested.Symbol}={Requested.Value}";
        var got = Actual is null ? "not set" : $"{Requested.Symbol}={Actual}";
        return $"{Requested.Location}: {wanted} did not survive olddefconfig: got {got} (unmet dependency?)";
    }
}
