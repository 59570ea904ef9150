using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Processes;
using UtracePatchKit.QemuHarness.Host;

namespace UtracePatchKit.QemuHarness.Report;

/// <summary>
/// Debian's chromium, headless: the DOM a page renders to and a screenshot of it, to prove a
/// report renders in a real browser. As root it installs chromium when it is missing.
/// </summary>
public sealed class HeadlessChromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private HeadlessChromium(string binary) => Binary = binary;

    public string Binary { get; }

    /// <exception cref="InfrastructureException">Missing and not installable (kind missing_tool).</exception>
    public static async Task<HeadlessChromium> EnsureAsync(IProgress<HarnessProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var tools = await HostTools.Browser().EnsureAsync(installIfRoot: true, progress, cancellationToken).ConfigureAwait(false);
        return new HeadlessChromium(tools[0].Path!);
    }

    /// <summary>The document after the browser parsed and laid it out.</summary>
    public async Task<string> DumpDomAsync(string page, CancellationToken cancellationToken = default) =>
        (await RunAsync(["--dump-dom", new Uri(page).AbsoluteUri], cancellationToken).ConfigureAwait(false)).StandardOutput;

    /// <summary>A PNG of the top of the page, <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public async Task ScreenshotAsync(string page, string png, int width = 1400, int height = 2400, CancellationToken cancellationToken = default)
    {
        await RunAsync([$"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars", new Uri(page).AbsoluteUri], cancellationToken).ConfigureAwait(false);
        if (!File.Exists(png))
        {
            throw new InfrastructureException($"chromium wrote no screenshot to {png}");
        }
    }

    private async Task<CommandResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        // No sandbox as root; no GPU, profile or network use beyond the file.
        string[] common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-background-networking",
            $"--user-data-dir={Path.Combine(Path.GetTempPath(), $"utpk-chromium-{Environment.ProcessId}")}"];
        var result = await CommandRunner.RunAsync(Binary, [.. common, .. arguments], cancellationToken: deadline.Token).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InfrastructureException($"chromium exited with code {result.ExitCode}", result.ErrorLines.TakeLast(20));
        }

        return result;
    }
}
