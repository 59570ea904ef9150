using System.Security.Cryptography;
using System.Text;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Processes;
using UtracePatchKit.QemuHarness.Host;
using UtracePatchKit.QemuHarness.Source;

namespace UtracePatchKit.QemuHarness.Build;

/// <summary>Outcome of <see cref="KconfigBuilder.ConfigureAsync"/>.</summary>
/// <param name="Changed">False when the build dir's .config already had this content (left untouched).</param>
internal sealed record KconfigResult(string ConfigPath, string ConfigSha256, bool Changed);

/// <summary>
/// Produces <c>&lt;build&gt;/.config</c> = tinyconfig + fragments + olddefconfig, and checks every
/// fragment request survived. The work happens in a scratch output dir; the build dir's .config
/// is replaced only when the content differs, so an unchanged configuration costs no rebuild.
/// A stamp of (the tree's Kconfig inputs, fragments, make invocation) skips the whole step when
/// nothing changed: a checkout that touches none of those files (another variant's core, the next
/// patch of a series) costs no Kconfig run, which takes minutes on a large tree.
/// </summary>
internal sealed class KconfigBuilder(KbuildEnvironment kbuild)
{
    // What tinyconfig, merge_config.sh and olddefconfig read from the tree besides the fragments.
    private static readonly string[] TreeInputs =
        [":(glob)**/Kconfig*", ":(glob)**/*.config", ":(glob)scripts/**", "Makefile", ":(glob)arch/*/Makefile"];

    private string ScratchDir => Path.Combine(kbuild.Layout.StateDir, "kconfig");

    private string StampPath => Path.Combine(kbuild.Layout.StateDir, "kconfig.stamp");

    public async Task<KconfigResult> ConfigureAsync(
        IReadOnlyList<string> fragments,
        IProgress<HarnessProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var fragmentPaths = fragments.Select(Path.GetFullPath).ToArray();
        foreach (var missing in fragmentPaths.Where(f => !File.Exists(f)))
            throw new InfrastructureException($"Kconfig fragment {missing} does not exist", kind: FailureKind.Kconfig);

        var src = kbuild.Layout.SourceDir;
        var tree = await WorkTreeState.ReadAsync(src, cancellationToken).ConfigureAwait(false);
        // Index entries (mode, blob, path); a clean tree's index is its HEAD.
        var treeInputs = await Git.OutputAsync(src, ["ls-files", "-s", "--", .. TreeInputs], cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var inputs = await InputsHashAsync(treeInputs, fragmentPaths, cancellationToken).ConfigureAwait(false);
        if (tree.Clean && await CurrentStampAsync(cancellationToken).ConfigureAwait(false) is { } stamp && stamp.Inputs == inputs)
        {
            progress.Report("kconfig", $".config up to date ({stamp.ConfigSha256[..12]})", 100);
            return new KconfigResult(kbuild.Layout.ConfigPath, stamp.ConfigSha256, false);
        }

        Directory.CreateDirectory(ScratchDir);
        var scratchConfig = Path.Combine(ScratchDir, ".config");

        progress.Report("kconfig", "make tinyconfig", 0);
        await MakeAsync("tinyconfig", cancellationToken).ConfigureAwait(false);

        progress.Report("kconfig", $"merging {string.Join(", ", fragmentPaths.Select(Path.GetFileName))}", 40);
        await CommandRunner.RunCheckedAsync(
            Path.Combine(src, "scripts", "kconfig", "merge_config.sh"),
            ["-m", "-O", ScratchDir, scratchConfig, .. fragmentPaths],
            src, kbuild.EnvironmentVariables, cancellationToken: cancellationToken).ConfigureAwait(false);

        progress.Report("kconfig", "make olddefconfig", 60);
        await MakeAsync("olddefconfig", cancellationToken).ConfigureAwait(false);

        var content = await File.ReadAllBytesAsync(scratchConfig, cancellationToken).ConfigureAwait(false);
        await VerifyAsync(fragmentPaths, Encoding.UTF8.GetString(content), cancellationToken).ConfigureAwait(false);

        var changed = await AtomicFile.WriteIfChangedAsync(kbuild.Layout.ConfigPath, content, cancellationToken).ConfigureAwait(false);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        if (tree.Clean)
            await AtomicFile.WriteAllTextAsync(StampPath, $"{inputs}\n{sha}\n", cancellationToken).ConfigureAwait(false);
        progress.Report("kconfig", changed ? $".config updated ({sha[..12]})" : ".config unchanged", 100);
        return new KconfigResult(kbuild.Layout.ConfigPath, sha, changed);
    }

    private async Task<string> InputsHashAsync(string treeInputs, IEnumerable<string> fragmentPaths, CancellationToken cancellationToken)
    {
        var inputs = new StringBuilder().Append(treeInputs).Append('\n').Append(kbuild.Signature).Append('\n');
        foreach (var fragment in fragmentPaths)
            inputs.Append(fragment).Append('\n').Append(await File.ReadAllTextAsync(fragment, cancellationToken).ConfigureAwait(false)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(inputs.ToString())));
    }

    /// <summary>The stamp, if the build dir's .config still is what the stamp says it wrote.</summary>
    private async Task<(string Inputs, string ConfigSha256)?> CurrentStampAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(StampPath) || !File.Exists(kbuild.Layout.ConfigPath))
            return null;
        var lines = (await File.ReadAllTextAsync(StampPath, cancellationToken).ConfigureAwait(false)).Split('\n');
        if (lines.Length < 2)
            return null;
        var actual = Convert.ToHexStringLower(SHA256.HashData(
            await File.ReadAllBytesAsync(kbuild.Layout.ConfigPath, cancellationToken).ConfigureAwait(false)));
        return actual == lines[1] ? (lines[0], lines[1]) : null;
    }

    private async Task MakeAsync(string target, CancellationToken cancellationToken) =>
        await CommandRunner.RunCheckedAsync(
            kbuild.Make, kbuild.MakeArguments(ScratchDir, target), kbuild.Layout.SourceDir, kbuild.EnvironmentVariables,
            cancellationToken: cancellationToken).ConfigureAwait(false);

    private static async Task VerifyAsync(IEnumerable<string> fragmentPaths, string finalConfig, CancellationToken cancellationToken)
    {
        var requested = new List<KconfigSetting>();
        foreach (var fragment in fragmentPaths)
        {
            var text = await File.ReadAllTextAsync(fragment, cancellationToken).ConfigureAwait(false);
            requested.AddRange(KconfigFile.Parse(text, fragment));
        }
        var missing = KconfigFile.FindMissing(requested, KconfigFile.ToMap(finalConfig));
        if (missing.Count > 0)
            throw new InfrastructureException(
                $"{missing.Count} Kconfig request(s) did not survive olddefconfig",
                missing.Select(m => m.ToString()), kind: FailureKind.Kconfig);
    }
}
