using System.Diagnostics;
using System.Security.Cryptography;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Processes;
using UtracePatchKit.QemuHarness.Host;
using UtracePatchKit.QemuHarness.Source;

namespace UtracePatchKit.QemuHarness.Build;

/// <summary>Outcome of <see cref="KernelBuilder.BuildAsync"/>.</summary>
/// <param name="Skipped">True when the stamp matched and make did not run at all.</param>
/// <param name="Steps">kbuild step lines (CC, LD, AR...) that make printed.</param>
public sealed record KernelBuildResult(
    string BzImagePath,
    bool Skipped,
    TimeSpan Duration,
    int Steps,
    string LogPath,
    string SourceCommit,
    string ConfigSha256);

/// <summary>
/// Runs <c>make O=&lt;build&gt; -jN bzImage</c> in the source tree. A stamp of (HEAD, .config hash,
/// make invocation) lets a repeated run skip make entirely; otherwise make's own dependency
/// tracking decides what to rebuild.
/// </summary>
internal sealed class KernelBuilder(KbuildEnvironment kbuild)
{
    private string StampPath => Path.Combine(kbuild.Layout.StateDir, "build.stamp");

    public async Task<KernelBuildResult> BuildAsync(
        IProgress<HarnessProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var layout = kbuild.Layout;
        if (!File.Exists(layout.ConfigPath))
            throw new InfrastructureException($"{layout.ConfigPath} does not exist: run the Kconfig step first");

        var (head, clean) = await WorkTreeState.ReadAsync(layout.SourceDir, cancellationToken).ConfigureAwait(false);
        var configSha = Convert.ToHexStringLower(SHA256.HashData(
            await File.ReadAllBytesAsync(layout.ConfigPath, cancellationToken).ConfigureAwait(false)));
        var stamp = $"{head}\n{configSha}\n{kbuild.Signature}\n";

        if (clean && File.Exists(layout.BzImagePath) && File.Exists(StampPath) &&
            await File.ReadAllTextAsync(StampPath, cancellationToken).ConfigureAwait(false) == stamp)
        {
            progress.Report("build", $"kernel up to date ({head[..12]}, config {configSha[..12]})", 100);
            return new KernelBuildResult(layout.BzImagePath, true, TimeSpan.Zero, 0, layout.BuildLogPath, head, configSha);
        }

        // No stamp while make runs: an interrupted or failed build must never look finished.
        if (File.Exists(StampPath))
            File.Delete(StampPath);
        var clock = Stopwatch.StartNew();
        var steps = await RunMakeAsync(progress, cancellationToken).ConfigureAwait(false);
        if (!File.Exists(layout.BzImagePath))
            throw new InfrastructureException("make succeeded but produced no bzImage", logPath: layout.BuildLogPath, kind: FailureKind.KernelBuild);

        if (clean)
            await AtomicFile.WriteAllTextAsync(StampPath, stamp, cancellationToken).ConfigureAwait(false);
        progress.Report("build", $"bzImage ready after {steps} steps in {clock.Elapsed.TotalSeconds:0} s", 100);
        return new KernelBuildResult(layout.BzImagePath, false, clock.Elapsed, steps, layout.BuildLogPath, head, configSha);
    }

    private async Task<int> RunMakeAsync(IProgress<HarnessProgress>? progress, CancellationToken cancellationToken)
    {
        var layout = kbuild.Layout;
        Directory.CreateDirectory(layout.BuildDir);
        if (kbuild.UsesCcache)
            Directory.CreateDirectory(kbuild.CcacheDir);

        var arguments = kbuild.MakeArguments(layout.BuildDir, $"-j{kbuild.Jobs}", "bzImage");
        var lines = new List<string>();
        var steps = 0;
        var gate = new Lock();
        await using var log = new StreamWriter(layout.BuildLogPath, append: false);
        await log.WriteLineAsync($"# cd {layout.SourceDir} && make {string.Join(' ', arguments)}").ConfigureAwait(false);
        foreach (var (key, value) in kbuild.EnvironmentVariables)
            await log.WriteLineAsync($"# {key}={value}").ConfigureAwait(false);

        progress.Report("build", $"make -j{kbuild.Jobs} bzImage{(kbuild.UsesCcache ? " (ccache)" : "")}");
        var exitCode = await CommandRunner.RunStreamingAsync(
            kbuild.Make,
            arguments,
            line =>
            {
                int step;
                lock (gate)
                {
                    log.WriteLine(line);
                    lines.Add(line);
                    if (!BuildLogAnalyzer.IsStep(line))
                        return;
                    step = ++steps;
                }
                progress.Report("build", $"[{step}] {line.Trim()}");
            },
            layout.SourceDir,
            kbuild.EnvironmentVariables,
            cancellationToken).ConfigureAwait(false);
        await log.FlushAsync(cancellationToken).ConfigureAwait(false);

        if (exitCode != 0)
        {
            List<string> snapshot;
            lock (gate)
                snapshot = [.. lines];
            // O= builds print absolute source paths; relative ones read better.
            var sourcePrefix = layout.SourceDir + "/";
            throw new InfrastructureException(
                $"kernel build failed (make exit code {exitCode})",
                BuildLogAnalyzer.ExplainFailure(snapshot).Select(l => l.Replace(sourcePrefix, "", StringComparison.Ordinal)),
                layout.BuildLogPath,
                kind: FailureKind.KernelBuild);
        }
        return steps;
    }
}
