namespace UtracePatchKit.QemuHarness.Report;

/// <summary>Writes report.html and report.md into a folder, each file atomically.</summary>
public static class ReportFiles
{
    public const string Html = "report.html";
    public const string Markdown = "report.md";

    /// <returns>The HTML page's path.</returns>
    public static async Task<string> WriteAsync(ComparisonReport report, string directory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        var html = Path.Combine(directory, Html);
        await AtomicFile.WriteAllTextAsync(Path.Combine(directory, Markdown), MarkdownReport.Render(report, directory), cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAllTextAsync(html, HtmlReport.Render(report, directory), cancellationToken).ConfigureAwait(false);
        return html;
    }
}
