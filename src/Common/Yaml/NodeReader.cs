using System.Globalization;
using System.Text.RegularExpressions;
using UtracePatchKit.Common.Diagnostics;

namespace UtracePatchKit.Common.Yaml;

/// <summary>
/// Typed, error-collecting access to a <see cref="YamlNode"/> tree. Every accessor returns null
/// after recording an error, so callers validate everything in one pass.
/// </summary>
internal sealed partial class NodeReader(ErrorList errors)
{
    public ErrorList Errors => errors;

    public void Error(YamlNode node, string message, string fix) => errors.Add(node.Start, message, fix);

    /// <param name="context">How to name this mapping in messages, e.g. "under 'order'" or "at the top level".</param>
    public MappingFields? Mapping(YamlNode? node, string name, string context, IReadOnlyCollection<string> knownKeys)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMapping mapping)
        {
            Error(node, $"'{name}' must be a mapping of key: value lines", $"write '{name}' as indented 'key: value' lines");
            return null;
        }

        return new MappingFields(this, mapping, context, knownKeys);
    }

    public YamlSequence? Sequence(YamlNode? node, string name)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlSequence sequence:
                return sequence;
            case YamlScalar { IsNull: true }:
                return new YamlSequence(node.Start, []);
            default:
                Error(node, $"'{name}' must be a list", $"write '{name}' as '- item' lines");
                return null;
        }
    }

    public YamlScalar? Scalar(YamlNode? node, string name)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalar scalar)
        {
            return scalar;
        }

        Error(node, $"'{name}' must be a single value, not a {(node is YamlMapping ? "mapping" : "list")}", $"give '{name}' a plain value");
        return null;
    }

    public string? Text(YamlNode? node, string name, bool allowEmpty = false)
    {
        var scalar = Scalar(node, name);
        if (scalar is null)
        {
            return null;
        }

        if (scalar.IsNull || (!allowEmpty && string.IsNullOrWhiteSpace(scalar.Value)))
        {
            Error(scalar, $"'{name}' is empty", $"give '{name}' a value");
            return null;
        }

        return scalar.Value;
    }

    public string? Matching(YamlNode? node, string name, Regex pattern, string patternText)
    {
        var text = Text(node, name);
        if (text is not null && !pattern.IsMatch(text))
        {
            Error(node!, $"'{name}' value '{text}' does not match {patternText}", $"use only characters allowed by {patternText}");
            return null;
        }

        return text;
    }

    public int? Integer(YamlNode? node, string name, int min, int max)
    {
        var scalar = Scalar(node, name);
        if (scalar is null)
        {
            return null;
        }

        if (!scalar.IsPlain || !IntegerPattern().IsMatch(scalar.Value))
        {
            Error(scalar, $"'{name}' must be an integer, got {Describe(scalar)}", $"write a whole number between {min} and {max} without quotes");
            return null;
        }

        if (!int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Error(scalar, $"'{name}' is {scalar.Value}, outside {min}..{max}", $"use a number between {min} and {max}");
            return null;
        }

        return value;
    }

    public bool? Boolean(YamlNode? node, string name)
    {
        var scalar = Scalar(node, name);
        if (scalar is null)
        {
            return null;
        }

        if (scalar.IsPlain && scalar.Value is "true" or "True" or "TRUE")
        {
            return true;
        }

        if (scalar.IsPlain && scalar.Value is "false" or "False" or "FALSE")
        {
            return false;
        }

        Error(scalar, $"'{name}' must be a boolean, got {Describe(scalar)}", "write true or false without quotes");
        return null;
    }

    /// <summary>Reads one of a closed set of words (snake_case enum names, or custom words).</summary>
    public T? Choice<T>(YamlNode? node, string name, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        var scalar = Scalar(node, name);
        if (scalar is null)
        {
            return null;
        }

        if (!scalar.IsNull && choices.TryGetValue(scalar.Value, out var value))
        {
            return value;
        }

        var allowed = string.Join(", ", choices.Keys);
        Error(scalar, $"invalid value {Describe(scalar)} for '{name}'; allowed: {allowed}", $"use one of: {allowed}");
        return null;
    }

    private static string Describe(YamlScalar scalar) => scalar switch
    {
        { IsNull: true } => "nothing",
        { IsPlain: false } => $"the quoted string '{scalar.Value}'",
        _ => $"'{scalar.Value}'",
    };

    [GeneratedRegex(@"^[-+]?[0-9]+\z")]
    private static partial Regex IntegerPattern();
}
