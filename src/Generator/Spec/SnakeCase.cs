using System.Text;
using UtracePatchKit.Common.Yaml;

namespace UtracePatchKit.Generator.Spec;

/// <summary>Maps enum members to and from the snake_case words used in YAML and templates.</summary>
internal static class SnakeCase
{
    public static string Of(string pascal)
    {
        var builder = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(pascal[i]));
        }

        return builder.ToString();
    }

    public static string Of<T>(T value)
        where T : struct, Enum => Of(value.ToString());

    /// <summary>All members of <typeparamref name="T"/> by snake_case name, in declaration order.</summary>
    public static IReadOnlyDictionary<string, T> Names<T>()
        where T : struct, Enum => Cache<T>.Names;

    private static class Cache<T>
        where T : struct, Enum
    {
        public static readonly IReadOnlyDictionary<string, T> Names =
            new OrderedChoices<T>(Enum.GetValues<T>().Select(v => (Of(v), v)));
    }
}
