using System.Text;

namespace UtracePatchKit.QemuHarness.Results;

/// <summary>
/// KTAP version 1 (Documentation/dev-tools/ktap.rst): plan, one result line per case, SKIP
/// directive, and "# " diagnostic lines placed before the result they explain.
/// </summary>
internal sealed class KtapWriter : IResultWriter
{
    public string FileName => "results.ktap";

    public string Render(RunResult run)
    {
        var text = new StringBuilder();
        text.Append("KTAP version 1\n");
        Diagnostic(text, $"suite: {run.Suite} variant: {run.Variant}");
        foreach (var (key, value) in run.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            Diagnostic(text, $"{key}: {value}");
        text.Append($"1..{run.Cases.Count}\n");

        for (var i = 0; i < run.Cases.Count; i++)
        {
            var result = run.Cases[i];
            var name = Description(result.Name);
            if (result.Status != CaseStatus.Skip && result.Message is { } message)
                Diagnostic(text, $"{name}: {message}");
            foreach (var detail in result.Details ?? [])
                Diagnostic(text, detail);

            var line = $"{(result.Status == CaseStatus.Fail ? "not ok" : "ok")} {i + 1} {name}";
            if (result.Status == CaseStatus.Skip)
                line += " # SKIP" + (result.Message is { } reason ? " " + OneLine(reason) : "");
            text.Append(line).Append('\n');
        }

        foreach (var finding in run.ConsoleFindings)
        {
            Diagnostic(text, $"console {finding.Kind} at line {finding.LineNumber}: {finding.Title}");
            foreach (var quoted in finding.Lines)
                Diagnostic(text, "| " + quoted);
        }
        Diagnostic(text, $"totals: pass:{run.Passed} fail:{run.Failed} skip:{run.Skipped}");
        return text.ToString();
    }

    private static void Diagnostic(StringBuilder text, string line)
    {
        foreach (var part in line.Replace("\r", "").Split('\n'))
            text.Append("# ").Append(part).Append('\n');
    }

    // A description may not contain '#', which would start a directive.
    private static string Description(string name) => OneLine(name).Replace('#', '_');

    private static string OneLine(string text) => text.Replace("\r", " ").Replace('\n', ' ').Trim();
}
