using System.Security.Cryptography;
using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace UtracePatchKit.Tests.Cli;

/// <summary>What one utpk process did.</summary>
public sealed record CliRun(int Code, string Stdout, string Stderr, bool TimedOut);

/// <summary>
/// A scratch copy of the repository's layout (templates, specs, patches, scenario catalog,
/// Kconfig fragments) that utpk runs in, with its own empty cache root and temp folder: nothing a
/// test provokes can touch the real checkout, and "nothing was written" can be checked exactly.
/// Test inputs go under inputs/, which the snapshot leaves out.
/// </summary>
public sealed class CliSandbox : IDisposable
{
    public static readonly string RepoRoot = FindRepoRoot();

    public CliSandbox()
    {
        Root = Directory.CreateTempSubdirectory("utpk-sandbox-").FullName;
        File.WriteAllText(Path.Combine(Root, "UtracePatchKit.sln"), "");
        foreach (var folder in new[] { "templates", "specs", "patches", "kernel-tests/scenarios", "kernel-tests/configs" })
        {
            Copy(Path.Combine(RepoRoot, folder), Path.Combine(Root, folder));
        }

        Directory.CreateDirectory(Inputs);
        Directory.CreateDirectory(Temp);
    }

    public string Root { get; }

    public string Inputs => Path.Combine(Root, "inputs");

    /// <summary>UTPK_CACHE of every run; it must not even be created by a command that fails on its input.</summary>
    public string Cache => Path.Combine(Root, "cache");

    /// <summary>TMPDIR of every run.</summary>
    public string Temp => Path.Combine(Root, "tmp");

    public string Input(string relative) => Path.Combine(Inputs, relative);

    public string Write(string relative, string content) => Write(relative, Encoding.UTF8.GetBytes(content));

    public string Write(string relative, byte[] content)
    {
        var path = Input(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Every path and file hash outside inputs/ (tmp/: names only), or only under <paramref name="folder"/>.</summary>
    public string Snapshot(string? folder = null)
    {
        var text = new StringBuilder();
        var top = folder is null ? Root : Path.Combine(Root, folder);
        foreach (var entry in Directory.EnumerateFileSystemEntries(top, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(Root, entry);
            if (relative.StartsWith("inputs", StringComparison.Ordinal))
            {
                continue;
            }

            text.Append(relative);
            if (File.Exists(entry) && !relative.StartsWith("tmp", StringComparison.Ordinal))
            {
                try
                {
                    text.Append(' ').Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(entry))));
                }
                catch (IOException)
                {
                    text.Append(" (changing)"); // something is still writing here
                }
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public async Task<CliRun> RunAsync(string[] arguments, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var command = CliWrap.Cli.Wrap("dotnet")
            .WithArguments([CliDll, .. arguments])
            .WithWorkingDirectory(Root)
            .WithEnvironmentVariables(env =>
            {
                env.Set("UTPK_CACHE", Cache).Set("TMPDIR", Temp).Set("COLUMNS", "80");
                foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
                {
                    env.Set(name, value);
                }
            })
            .WithValidation(CommandResultValidation.None);
        try
        {
            var result = await command.ExecuteBufferedAsync(deadline.Token);
            return new CliRun(result.ExitCode, result.StandardOutput, result.StandardError, false);
        }
        catch (OperationCanceledException)
        {
            return new CliRun(-1, "", "", true);
        }
    }

    /// <summary>The utpk build next to the tests; UTPK_TEST_CLI points elsewhere (e.g. an older build, to see a test fail).</summary>
    public static string CliDll =>
        Environment.GetEnvironmentVariable("UTPK_TEST_CLI") is { Length: > 0 } other ? other : Path.Combine(AppContext.BaseDirectory, "utpk.dll");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UtracePatchKit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
