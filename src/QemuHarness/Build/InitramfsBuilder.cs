using System.Security.Cryptography;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Processes;
using UtracePatchKit.QemuHarness.Host;

namespace UtracePatchKit.QemuHarness.Build;

/// <summary>A static guest program compiled from C sources and placed at <paramref name="GuestPath"/>.</summary>
public sealed record GuestProgram(string GuestPath, IReadOnlyList<string> Sources, IReadOnlyList<string>? ExtraCompilerArguments = null);

/// <summary>An extra file copied into the initramfs as is.</summary>
/// <param name="Permissions">Unix permission bits, e.g. 0b111_101_101 for 0755.</param>
internal sealed record GuestFile(string GuestPath, ReadOnlyMemory<byte> Content, int Permissions = 0b110_100_100);

/// <summary>What goes into the initramfs: <c>Init</c> becomes <c>/init</c>.</summary>
internal sealed record InitramfsSpec(GuestProgram Init, IReadOnlyList<GuestProgram>? Programs = null, IReadOnlyList<GuestFile>? Files = null);

/// <param name="Changed">False when the existing archive already had these bytes (left untouched).</param>
internal sealed record InitramfsResult(string Path, bool Changed, long Size, string Sha256);

/// <summary>
/// Compiles the guest programs with <c>gcc -static -O2 -Wall -Wextra -Werror</c> and packs them
/// into an uncompressed newc archive with /init, /dev/console (5,1), /proc, /sys and /tmp.
/// </summary>
internal sealed class InitramfsBuilder
{
    public static readonly IReadOnlyList<string> CompilerFlags = ["-static", "-O2", "-Wall", "-Wextra", "-Werror"];

    public async Task<InitramfsResult> BuildAsync(
        InitramfsSpec spec,
        string outputPath,
        IProgress<HarnessProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var archive = new NewcArchive()
            .AddDirectory("dev")
            .AddCharDevice("dev/console", 5, 1)
            .AddDirectory("proc")
            .AddDirectory("sys")
            .AddDirectory("tmp", 0b111_111_111 | 0x200 /* sticky */);

        var workDir = Directory.CreateTempSubdirectory("utpk-initramfs-").FullName;
        try
        {
            var init = spec.Init with { GuestPath = "/init" };
            foreach (var program in (IEnumerable<GuestProgram>)[init, .. spec.Programs ?? []])
            {
                progress.Report("initramfs", $"gcc {program.GuestPath}");
                var binary = await CompileAsync(program, workDir, cancellationToken).ConfigureAwait(false);
                archive.AddFile(program.GuestPath, binary, 0b111_101_101);
            }
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
        foreach (var file in spec.Files ?? [])
            archive.AddFile(file.GuestPath, file.Content, file.Permissions);

        var bytes = archive.ToArray();
        var changed = await AtomicFile.WriteIfChangedAsync(outputPath, bytes, cancellationToken).ConfigureAwait(false);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        progress.Report("initramfs", $"{outputPath} {(changed ? "written" : "unchanged")} ({bytes.Length / 1024} KiB)", 100);
        return new InitramfsResult(Path.GetFullPath(outputPath), changed, bytes.Length, sha);
    }

    private static async Task<byte[]> CompileAsync(GuestProgram program, string workDir, CancellationToken cancellationToken)
    {
        if (program.Sources.Count == 0)
            throw new InfrastructureException($"guest program {program.GuestPath} has no source files");
        var sources = program.Sources.Select(Path.GetFullPath).ToArray();
        foreach (var missing in sources.Where(s => !File.Exists(s)))
            throw new InfrastructureException($"guest source {missing} does not exist");

        var output = Path.Combine(workDir, Guid.NewGuid().ToString("N"));
        string[] arguments = [.. CompilerFlags, .. program.ExtraCompilerArguments ?? [], "-o", output, .. sources];
        var result = await CommandRunner.RunAsync("gcc", arguments, workDir, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
            throw new InfrastructureException(
                $"guest program {program.GuestPath} does not compile",
                result.ErrorLines.Take(40).Prepend("gcc " + string.Join(' ', arguments)));
        return await File.ReadAllBytesAsync(output, cancellationToken).ConfigureAwait(false);
    }
}
