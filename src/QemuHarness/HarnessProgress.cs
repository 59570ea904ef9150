namespace UtracePatchKit.QemuHarness;

/// <summary>One progress report from a long-running stage; the CLI decides how to render it.</summary>
/// <param name="Stage">Short stable stage name, e.g. "import", "kconfig", "build", "boot".</param>
/// <param name="Message">Human-readable detail of the current step.</param>
/// <param name="Percent">0..100 when the stage knows its total, otherwise null.</param>
public sealed record HarnessProgress(string Stage, string Message, double? Percent = null);

internal static class ProgressExtensions
{
    public static void Report(this IProgress<HarnessProgress>? progress, string stage, string message, double? percent = null) =>
        progress?.Report(new HarnessProgress(stage, message, percent));
}
