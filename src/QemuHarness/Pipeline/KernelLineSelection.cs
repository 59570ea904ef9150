using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Spec;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>One spec on one of its kernel lines: the unit a validate run builds and boots.</summary>
public sealed record SpecOnLine(VariantSpec Spec, string Line)
{
    /// <summary>The run folder's suffix, e.g. <c>report-resume-6.12</c>.</summary>
    public string Name => $"{Spec.Variant}-{Line}";
}

/// <summary>
/// <c>--kernel 6.1,6.12</c>: which of the specs' kernel lines a command runs. Without the option,
/// every line each spec targets; with it, those lines, and every named line must be one that
/// every chosen spec targets (a silently skipped line would look like a pass).
/// </summary>
internal static class KernelLineSelection
{
    /// <exception cref="InputException">A line is malformed, repeated or not targeted by a spec.</exception>
    public static IReadOnlyList<SpecOnLine> Resolve(IReadOnlyList<VariantSpec> specs, string? option)
    {
        if (option is null)
        {
            return specs.SelectMany(s => s.KernelLines.Select(line => new SpecOnLine(s, line))).ToArray();
        }

        var errors = new ErrorList();
        var lines = Parse(option, errors);
        foreach (var spec in specs)
        {
            foreach (var line in lines.Where(l => !spec.KernelLines.Contains(l)))
            {
                errors.Add(spec.VariantAt ?? new SourceLocation(spec.DisplayPath, 0, 0),
                    $"--kernel {line}: the spec does not target Linux {line} (it targets {string.Join(", ", spec.KernelLines)})",
                    $"add \"{line}\" to its kernel lines, or leave {line} out of --kernel");
            }
        }

        errors.ThrowIfAny();
        return specs.SelectMany(s => lines.Select(line => new SpecOnLine(s, line))).ToArray();
    }

    private static IReadOnlyList<string> Parse(string option, ErrorList errors)
    {
        var lines = new List<string>();
        foreach (var word in option.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!IsLine(word))
            {
                errors.Add(new LocatedError("--kernel", 0, 0, $"'{word}' is not a kernel line like 6.1", "write the lines as MAJOR.MINOR, separated by commas: --kernel 6.1,6.12"));
            }
            else if (lines.Contains(word))
            {
                errors.Add(new LocatedError("--kernel", 0, 0, $"kernel line {word} is given twice", "name each line once"));
            }
            else
            {
                lines.Add(word);
            }
        }

        return lines;
    }

    private static bool IsLine(string word)
    {
        var parts = word.Split('.');
        return parts.Length == 2 && parts.All(p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
    }
}
