using UtracePatchKit.Common.Processes;

namespace UtracePatchKit.QemuHarness.Host;

/// <summary>Reads installed Debian package versions (dpkg database, then the package changelog).</summary>
public static class DebianPackage
{
    public static async Task<string?> InstalledVersionAsync(string package, CancellationToken cancellationToken = default)
    {
        if (HostTools.FindOnPath("dpkg-query") is { } dpkgQuery)
        {
            var result = await CommandRunner.RunAsync(
                dpkgQuery, ["-W", "-f=${Version}", package], cancellationToken: cancellationToken).ConfigureAwait(false);
            if (result.Succeeded && !string.IsNullOrWhiteSpace(result.StandardOutput))
                return result.StandardOutput.Trim();
        }
        return await VersionFromChangelogAsync(package, cancellationToken).ConfigureAwait(false);
    }

    // The first changelog line reads "linux (6.1.192-2) bookworm-security; urgency=high".
    private static async Task<string?> VersionFromChangelogAsync(string package, CancellationToken cancellationToken)
    {
        var changelog = $"/usr/share/doc/{package}/changelog.Debian.gz";
        if (!File.Exists(changelog))
            return null;
        await using var file = File.OpenRead(changelog);
        await using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var first = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (first is null)
            return null;
        var open = first.IndexOf('(');
        var close = first.IndexOf(')');
        return open >= 0 && close > open ? first[(open + 1)..close] : null;
    }
}
