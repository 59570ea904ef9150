using System.Globalization;

namespace UtracePatchKit.QemuHarness.Scenarios;

/// <summary>The Linux errno values scenarios name (x86-64), by name or by number.</summary>
internal static class Errno
{
    private static readonly Dictionary<string, int> ByName = new(StringComparer.Ordinal)
    {
        ["EPERM"] = 1,
        ["ENOENT"] = 2,
        ["ESRCH"] = 3,
        ["EINTR"] = 4,
        ["E2BIG"] = 7,
        ["EBADF"] = 9,
        ["ENOMEM"] = 12,
        ["EACCES"] = 13,
        ["EFAULT"] = 14,
        ["EBUSY"] = 16,
        ["EEXIST"] = 17,
        ["EINVAL"] = 22,
        ["ENOSPC"] = 28,
        ["ERANGE"] = 34,
        ["ENAMETOOLONG"] = 36,
        ["EOPNOTSUPP"] = 95,
        ["ETIMEDOUT"] = 110,
        ["EINPROGRESS"] = 115,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    /// <summary>A name such as <c>EINVAL</c> or a positive number; null otherwise.</summary>
    public static int? Parse(string text) =>
        ByName.TryGetValue(text, out var value) ? value
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number
        : null;

    /// <summary>The name of <paramref name="value"/> when it has one here, else the number.</summary>
    public static string Describe(int value) =>
        ByName.FirstOrDefault(kv => kv.Value == value).Key is { } name ? $"{name} ({value})" : value.ToString(CultureInfo.InvariantCulture);
}
