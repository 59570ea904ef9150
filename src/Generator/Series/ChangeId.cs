using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace UtracePatchKit.Generator.Series;

/// <summary>
/// b4's change-id, <c>YYYYMMDD-&lt;slug&gt;-&lt;12 hex digits&gt;</c>: b4 draws the digits at random
/// once per series; here they are a hash of the variant and the author's address, so the same
/// user's series of a variant keeps its id from one revision to the next and regenerates identically.
/// </summary>
internal static class ChangeId
{
    public static string For(string variant, Author author, DateTimeOffset date)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"utrace-{variant}\n{author.Email}"));
        var day = date.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return $"{day}-utrace-{variant}-{Convert.ToHexStringLower(hash)[..12]}";
    }
}
