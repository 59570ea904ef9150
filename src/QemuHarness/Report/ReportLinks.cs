namespace UtracePatchKit.QemuHarness.Report;

/// <summary>Links from the report's folder to the runs' files: relative, '/'-separated, each segment escaped.</summary>
internal static class ReportLinks
{
    public static string To(string reportDirectory, string file)
    {
        var relative = Path.GetRelativePath(reportDirectory, file).Replace(Path.DirectorySeparatorChar, '/');
        return string.Join('/', relative.Split('/').Select(s => s == ".." ? s : Uri.EscapeDataString(s)));
    }
}
