using System.Text.RegularExpressions;

namespace UtracePatchKit.Generator.Series;

/// <summary>Commit author, committer and Signed-off-by identity: "Name &lt;email&gt;".</summary>
public sealed partial record Author(string Name, string Email)
{
    public const string Example = "\"Full Name <user@example.org>\"";

    public override string ToString() => $"{Name} <{Email}>";

    /// <summary>"Name &lt;email&gt;" with a name free of angle brackets and control characters, or null.</summary>
    public static Author? Parse(string text)
    {
        var match = Pattern().Match(text);
        return match.Success ? new Author(match.Groups["name"].Value, match.Groups["email"].Value) : null;
    }

    [GeneratedRegex(@"^(?<name>[^<>\x00-\x1f\x7f]*[^<>\s])\s*<(?<email>[^<>\s]+@[^<>\s]+)>\z")]
    private static partial Regex Pattern();
}
