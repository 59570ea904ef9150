using System.Diagnostics;
using System.Text.Json;
using LibGit2Sharp;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Processes;
using UtracePatchKit.Generator.Series;
using UtracePatchKit.QemuHarness.Host;

namespace UtracePatchKit.QemuHarness.Source;

/// <summary>
/// Turns the Debian kernel tarball into <c>&lt;cache&gt;/linux-&lt;line&gt;/src</c>: extracted,
/// imported as one git commit with a fixed author, date and message (so its id is the same on
/// every machine with the same package) and tagged <c>utpk-base</c>. Done once; a stamp written
/// last marks a complete import, anything without it is redone from scratch. An import deletes
/// src/ and leftover extractions, so it runs only under the line's <see cref="KernelLineLock"/>
/// and only if the stamp is still missing once the lock is held: two commands started together
/// import once, and neither removes a tree the other is using or extracting.
/// </summary>
internal sealed class KernelTreeImporter(CacheLayout cache, Func<string, string>? tarballPathForLine = null)
{
    public const string BaseTag = "utpk-base";

    /// <summary>Author and committer of the import commit; fixed so the id is reproducible.</summary>
    public static Signature ImportSignature =>
        new("UtracePatchKit", "utpk@utracepatchkit.org", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private readonly Func<string, string> _tarballPathForLine = tarballPathForLine ?? HostTools.TarballPathFor;

    public async Task<KernelTree> EnsureAsync(
        string kernelLine,
        IProgress<HarnessProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var layout = cache.ForLine(kernelLine);
        var tarball = _tarballPathForLine(kernelLine);
        if (await CachedAsync(layout, tarball, progress, cancellationToken).ConfigureAwait(false) is { } cached)
            return cached;

        await using var held = await KernelLineLock.AcquireAsync(layout, progress, cancellationToken).ConfigureAwait(false);
        // Whoever held the lock before us may have imported it meanwhile.
        return await CachedAsync(layout, tarball, progress, cancellationToken).ConfigureAwait(false)
            ?? await ImportAsync(kernelLine, layout, tarball, progress, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<KernelTree?> CachedAsync(
        KernelLineLayout layout, string tarball, IProgress<HarnessProgress>? progress, CancellationToken cancellationToken)
    {
        var identity = File.Exists(tarball) ? TarballIdentity.Of(tarball) : null;
        var stamp = await ImportStamp.ReadAsync(layout.ImportStampPath, cancellationToken).ConfigureAwait(false);
        // A stamp is trusted when the tarball is unchanged, or gone (the cache outlives the package).
        if (stamp is null || (identity is not null && stamp.Tarball != identity) || !TagPointsAt(layout.SourceDir, stamp.Commit))
            return null;
        progress.Report("import", $"kernel source cached: Linux {stamp.KernelVersion} at {stamp.Commit[..12]}", 100);
        return new KernelTree(new BaseTree(layout.SourceDir, stamp.Commit), stamp.KernelVersion, stamp.PackageVersion, layout);
    }

    /// <summary>The import itself; the caller holds the line's lock.</summary>
    private async Task<KernelTree> ImportAsync(
        string kernelLine, KernelLineLayout layout, string tarball, IProgress<HarnessProgress>? progress, CancellationToken cancellationToken)
    {
        var identity = File.Exists(tarball) ? TarballIdentity.Of(tarball) : null;
        if (identity is null)
            throw new InfrastructureException(
                $"kernel source tarball {tarball} not found",
                [$"install it with: apt-get install -y {HostTools.SourcePackageFor(kernelLine)}"]);

        var clock = Stopwatch.StartNew();
        await ExtractAsync(tarball, kernelLine, layout, progress, cancellationToken).ConfigureAwait(false);
        var kernelVersion = await KernelVersion.FromTreeAsync(layout.SourceDir, cancellationToken).ConfigureAwait(false);
        var packageVersion = await DebianPackage.InstalledVersionAsync(HostTools.SourcePackageFor(kernelLine), cancellationToken)
            .ConfigureAwait(false) ?? "unknown";
        var message = $"Linux {kernelVersion} (Debian {HostTools.SourcePackageFor(kernelLine)} {packageVersion})\n";
        var commit = await Task.Run(() => Import(layout.SourceDir, message, progress, cancellationToken), cancellationToken)
            .ConfigureAwait(false);

        await new ImportStamp(commit, kernelVersion, packageVersion, identity)
            .WriteAsync(layout.ImportStampPath, cancellationToken).ConfigureAwait(false);
        progress.Report("import", $"imported Linux {kernelVersion} as {commit[..12]} in {clock.Elapsed.TotalSeconds:0} s", 100);
        return new KernelTree(new BaseTree(layout.SourceDir, commit), kernelVersion, packageVersion, layout);
    }

    private static bool TagPointsAt(string sourceDir, string commit)
    {
        if (!Repository.IsValid(sourceDir))
            return false;
        using var repo = new Repository(sourceDir);
        return repo.Tags[BaseTag]?.PeeledTarget?.Sha == commit;
    }

    // Extract next to src/ and rename, so src/ is either absent or a complete tree. Under the
    // lock, every other src.partial-* is the leftover of an import that died.
    private static async Task ExtractAsync(
        string tarball, string kernelLine, KernelLineLayout layout, IProgress<HarnessProgress>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(layout.LineDir);
        if (Directory.Exists(layout.SourceDir))
        {
            progress.Report("import", $"removing incomplete or outdated {layout.SourceDir}");
            Directory.Delete(layout.SourceDir, recursive: true);
        }
        foreach (var stale in Directory.EnumerateDirectories(layout.LineDir, "src.partial-*"))
            Directory.Delete(stale, recursive: true);

        var partial = Path.Combine(layout.LineDir, $"src.partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(partial);
        progress.Report("import", $"extracting {tarball}");
        await CommandRunner.RunCheckedAsync("tar", ["-xf", tarball, "-C", partial], cancellationToken: cancellationToken)
            .ConfigureAwait(false);

        var top = Path.Combine(partial, $"linux-source-{kernelLine}");
        if (!File.Exists(Path.Combine(top, "Makefile")))
            throw new InfrastructureException(
                $"{tarball} does not contain linux-source-{kernelLine}/Makefile",
                Directory.EnumerateFileSystemEntries(partial).Select(Path.GetFileName).OfType<string>());
        Directory.Move(top, layout.SourceDir);
        Directory.Delete(partial, recursive: true);
    }

    private static string Import(string sourceDir, string message, IProgress<HarnessProgress>? progress, CancellationToken cancellationToken)
    {
        progress.Report("import", "listing files");
        var files = TrackedPaths(sourceDir).ToList();

        Repository.Init(sourceDir);
        using var repo = new Repository(sourceDir);
        // Nothing here should ever repack or prune behind our back.
        repo.Config.Set("gc.auto", 0);

        // Index.Add is the bypath add: it ignores .gitignore, which matters because the Debian
        // .gitignore ends with "/*" and would otherwise hide the whole tree.
        for (var i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            repo.Index.Add(files[i]);
            if (i % 2000 == 0)
                progress.Report("import", $"staging {i}/{files.Count} files", 100.0 * i / files.Count);
        }
        repo.Index.Write();

        progress.Report("import", "committing");
        var signature = ImportSignature;
        var commit = repo.Commit(message, signature, signature, new CommitOptions { PrettifyMessage = false });
        repo.Tags.Add(BaseTag, commit);
        return commit.Sha;
    }

    /// <summary>Every file and symlink under the tree (relative, '/'-separated), not entering symlinked dirs.</summary>
    private static IEnumerable<string> TrackedPaths(string root)
    {
        var gitDir = Path.Combine(Path.GetFullPath(root), ".git");
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root));
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var entry in dir.EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is null && entry is DirectoryInfo sub)
                {
                    if (sub.FullName != gitDir)
                        pending.Push(sub);
                    continue;
                }
                yield return Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
            }
        }
    }

    /// <summary>Size and mtime: enough to notice that the Debian package was upgraded.</summary>
    internal sealed record TarballIdentity(string Path, long Size, DateTime LastWriteUtc)
    {
        public static TarballIdentity Of(string path)
        {
            var info = new FileInfo(path);
            return new TarballIdentity(info.FullName, info.Length, info.LastWriteTimeUtc);
        }
    }

    internal sealed record ImportStamp(string Commit, string KernelVersion, string PackageVersion, TarballIdentity Tarball)
    {
        public static async Task<ImportStamp?> ReadAsync(string path, CancellationToken cancellationToken)
        {
            if (!File.Exists(path))
                return null;
            try
            {
                await using var stream = File.OpenRead(path);
                return await JsonSerializer.DeserializeAsync<ImportStamp>(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        public Task WriteAsync(string path, CancellationToken cancellationToken) =>
            AtomicFile.WriteAllTextAsync(path, JsonSerializer.Serialize(this), cancellationToken);
    }
}
