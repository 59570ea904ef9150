using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace UtracePatchKit.QemuHarness.Report;

/// <summary>
/// The report as Markdown for code forges: tables, and the callback sequences as Mermaid
/// sequence diagrams (the task and one participant per engine).
/// </summary>
internal static partial class MarkdownReport
{
    public static string Render(ComparisonReport report, string reportDirectory)
    {
        var md = new StringBuilder();
        md.AppendLine("# utrace API variants compared on booted kernels").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Generated {report.Generated:yyyy-MM-dd HH:mm} UTC. Every cell, sequence and figure is what a booted kernel reported; the verdict labels (wanted, problem) are the scenario catalog's judgement.")
            .AppendLine()
            .AppendLine("## Variants").AppendLine()
            .AppendLine("| variant | scenarios | patches | lines +/- | kernel | accelerator | run files |")
            .AppendLine("|---|---|---|---|---|---|---|");
        foreach (var v in report.Variants)
        {
            var links = string.Join(" · ", v.Files.Select(f => $"[{f.Key}]({ReportLinks.To(reportDirectory, f.Value)})"));
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {Cell(v.Variant)} | {v.Passes} pass, {v.Failures} fail | {v.PatchFiles} | +{v.PatchLinesAdded} / -{v.PatchLinesRemoved} | {Cell(v.Kernel)} | {Cell(v.Accelerator)} | {links} |");
        }

        md.AppendLine().AppendLine("## Scenarios × variants").AppendLine()
            .AppendLine($"| scenario | {string.Join(" | ", report.Variants.Select(v => Cell(v.Variant)))} | what differed |")
            .AppendLine($"|---|{string.Concat(report.Variants.Select(_ => "---|"))}---|");
        foreach (var s in report.Scenarios)
        {
            var cells = report.Variants.Select(v => s.Cells.FirstOrDefault(c => c.Variant == v.Variant) is { } c
                ? (c.Passed ? "pass" : "**FAIL**") + (c.Verdict is null ? "" : $" {c.Verdict}")
                : "-");
            md.AppendLine($"| {Cell(s.Id)} {Cell(s.Title)} | {string.Join(" | ", cells)} | {(s.Differences.Count == 0 ? "the same" : string.Join("<br>", s.Differences.Select(Cell)))} |");
        }

        if (report.Bench is { } bench)
        {
            md.AppendLine().AppendLine("## What tracing costs").AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"ns per call, median of {bench.Runs} runs (min-max), and × the untraced call of the same boot; {bench.Accelerator}.")
                .AppendLine()
                .AppendLine($"| case | {string.Join(" | ", bench.Kernels.Select(k => Cell(k.Name)))} |")
                .AppendLine($"|---|{string.Concat(bench.Kernels.Select(_ => "---|"))}");
            foreach (var (id, label) in bench.Kernels.SelectMany(k => k.Figures).Select(f => (f.Id, f.Label)).Distinct())
            {
                md.AppendLine($"| {Cell(label)} | {string.Join(" | ", bench.Kernels.Select(k => k.Figures.FirstOrDefault(f => f.Id == id) is { } f ? Cell(HtmlReport.Figure(f)) : "-"))} |");
            }

            foreach (var kernel in bench.Kernels)
            {
                var figures = kernel.Figures.Where(f => f.Ratio is not null && f.Tracer != "ptrace").ToArray();
                if (figures.Length == 0)
                {
                    continue;
                }

                md.AppendLine().AppendLine("```mermaid").AppendLine("xychart-beta")
                    .AppendLine($"    title \"{Word(kernel.Name)}: x untraced (median), ptrace left out of scale\"")
                    .AppendLine($"    x-axis [{string.Join(", ", figures.Select(f => $"\"{Word(f.Id)}\""))}]")
                    .AppendLine($"    bar [{string.Join(", ", figures.Select(f => f.Ratio!.Median.ToString("0.00", CultureInfo.InvariantCulture)))}]")
                    .AppendLine("```");
            }
        }

        md.AppendLine().AppendLine("## Callbacks per scenario").AppendLine();
        foreach (var s in report.Scenarios)
        {
            md.AppendLine($"### {Cell(s.Id)} {Cell(s.Title)}").AppendLine();
            foreach (var cell in s.Cells)
            {
                md.AppendLine($"**{Cell(cell.Variant)}**: {(cell.Passed ? "pass" : "FAIL")}{(cell.Verdict is null ? "" : $" ({cell.Verdict})")}, target {Cell(cell.Outcome)}").AppendLine()
                    .AppendLine("```mermaid").Append(Sequence(cell.Callbacks)).AppendLine("```").AppendLine();
            }
        }

        return md.ToString();
    }

    /// <summary>A Mermaid sequence diagram: the task calls each engine, the engine answers.</summary>
    internal static string Sequence(CallbackSequence sequence)
    {
        var text = new StringBuilder("sequenceDiagram\n    participant T as task\n");
        for (var i = 0; i < sequence.Engines.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    participant E{i} as {Word(sequence.Engines[i])}\n");
        }

        if (sequence.Steps.Count == 0)
        {
            text.Append("    Note over T: no callback logged\n");
        }

        foreach (var step in sequence.Steps)
        {
            var lane = sequence.Engines.ToList().IndexOf(step.Engine);
            text.Append(CultureInfo.InvariantCulture, $"    T->>E{lane}: {Word($"{step.Event} {step.Saw}".Trim())}\n")
                .Append(CultureInfo.InvariantCulture, $"    E{lane}-->>T: {Word(step.Returned)}\n");
        }

        if (sequence.LeftOut > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"    Note over T: {sequence.LeftOut} more callbacks in the run's log\n");
        }

        return text.ToString();
    }

    /// <summary>Only characters Mermaid takes literally in a label.</summary>
    private static string Word(string text) => Unsafe().Replace(text, " ");

    /// <summary>A table cell: no pipe, no line break, no HTML.</summary>
    private static string Cell(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    [GeneratedRegex("[^A-Za-z0-9 _.,=+/()-]")]
    private static partial Regex Unsafe();
}
