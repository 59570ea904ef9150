using UtracePatchKit.Common.Diagnostics;
using YamlDotNet.Core;

namespace UtracePatchKit.Common.Yaml;

// A minimal positioned YAML tree. We build it from YamlDotNet's parser events rather than
// YamlStream because YamlStream aborts on the first duplicate key, and we want every error.

internal abstract record YamlNode(SourceLocation Start);

internal sealed record YamlScalar(SourceLocation Start, string Value, ScalarStyle Style) : YamlNode(Start)
{
    public bool IsPlain => Style == ScalarStyle.Plain;

    public bool IsBlock => Style is ScalarStyle.Literal or ScalarStyle.Folded;

    public bool IsQuoted => Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;

    /// <summary>Plain <c>~</c>, <c>null</c> or nothing at all: YAML's null.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";
}

internal sealed record YamlEntry(YamlScalar Key, YamlNode Value);

internal sealed record YamlMapping(SourceLocation Start, IReadOnlyList<YamlEntry> Entries) : YamlNode(Start);

internal sealed record YamlSequence(SourceLocation Start, IReadOnlyList<YamlNode> Items) : YamlNode(Start);
