using System.Text.RegularExpressions;

namespace UtracePatchKit.QemuHarness.Build;

/// <summary>Picks the lines of a kbuild log that explain a failure.</summary>
internal static partial class BuildLogAnalyzer
{
    /// <summary>
    /// Compiler errors first (file:line), then linker errors, then warnings, then make's
    /// "***" lines; the log tail when nothing matched.
    /// </summary>
    public static IReadOnlyList<string> ExplainFailure(IReadOnlyList<string> logLines, int maxLines = 40)
    {
        var errors = logLines.Where(l => CompilerDiagnostic().Match(l) is { Success: true } m && m.Groups["kind"].Value.EndsWith("error")).ToList();
        var linker = logLines.Where(l => LinkerError().IsMatch(l)).ToList();
        var warnings = logLines.Where(l => CompilerDiagnostic().Match(l) is { Success: true } m && m.Groups["kind"].Value == "warning").ToList();
        var make = logLines.Where(l => MakeFailure().IsMatch(l)).ToList();

        var picked = errors.Concat(linker).Concat(warnings).Concat(make).Distinct().Take(maxLines).ToList();
        return picked.Count > 0 ? picked : logLines.TakeLast(Math.Min(maxLines, 30)).ToList();
    }

    /// <summary>Is this a kbuild progress line such as "  CC      kernel/fork.o"?</summary>
    public static bool IsStep(string line) => StepLine().IsMatch(line);

    [GeneratedRegex(@"^(?<file>[^\s:][^:]*):(?<line>\d+)(:\d+)?: (?<kind>fatal error|error|warning): ")]
    private static partial Regex CompilerDiagnostic();

    [GeneratedRegex(@"(undefined reference to|multiple definition of|^ld: .*error|ld: final link failed)")]
    private static partial Regex LinkerError();

    [GeneratedRegex(@"^make(\[\d+\])?: \*\*\* ")]
    private static partial Regex MakeFailure();

    [GeneratedRegex(@"^  [A-Z][A-Z0-9_\[\]]* +\S")]
    private static partial Regex StepLine();
}
