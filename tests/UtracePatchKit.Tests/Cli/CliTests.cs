using System.Text.Json;
using CliWrap;
using CliWrap.Buffered;
using Xunit;

namespace UtracePatchKit.Tests.Cli;

/// <summary>The utpk command as a user runs it: exit codes, located errors, --help, --json.</summary>
public sealed class CliTests : IDisposable
{
    private static readonly string RepoRoot = FindRepoRoot();
    private readonly string _temp = Directory.CreateTempSubdirectory("utpk-cli-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task Help_lists_every_command_and_exits_0()
    {
        var (code, stdout, _) = await RunAsync("--help");

        Assert.Equal(0, code);
        foreach (var command in new[] { "validate", "compare", "generate", "doctor" })
        {
            Assert.Contains(command, stdout);
        }
    }

    [Fact]
    public async Task A_bad_spec_is_reported_with_file_line_and_column_and_exit_code_2()
    {
        var spec = Path.Combine(_temp, "broken.yaml");
        var text = File.ReadAllText(Path.Combine(RepoRoot, "specs", "report-resume.yaml"))
            .Replace("variant: report-resume", "variant: broken")
            .Replace("signal_merge: last_word", "signal_merge: last_word\nsignal_mrege: oops");
        await File.WriteAllTextAsync(spec, text);
        var line = text.Split('\n').ToList().FindIndex(l => l.StartsWith("signal_mrege", StringComparison.Ordinal)) + 1;

        var (code, _, stderr) = await RunAsync("generate", spec);

        Assert.Equal(2, code);
        Assert.Contains($"broken.yaml:{line}:1: error: unknown key 'signal_mrege'", stderr);
        Assert.Contains("rename it to 'signal_merge'", stderr);
    }

    [Fact]
    public async Task Generate_check_on_a_missing_spec_is_an_input_error()
    {
        var (code, _, stderr) = await RunAsync("generate", "--check", Path.Combine(_temp, "nope.yaml"));

        Assert.Equal(2, code);
        Assert.Contains("spec file not found", stderr);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error_with_exit_code_2()
    {
        var (code, _, _) = await RunAsync("validate", "--no-such-option");

        Assert.Equal(2, code);
    }

    [Fact]
    public async Task Doctor_json_is_machine_readable()
    {
        var (code, stdout, _) = await RunAsync("doctor", "--json");

        Assert.Contains(code, new[] { 0, 2 });
        using var json = JsonDocument.Parse(stdout);
        var tools = json.RootElement.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToArray();
        Assert.Contains("qemu-system-x86_64", tools);
        Assert.True(json.RootElement.GetProperty("kvm").TryGetProperty("accelerator", out _));
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        var result = await CliWrap.Cli.Wrap("dotnet")
            .WithArguments([Path.Combine(AppContext.BaseDirectory, "utpk.dll"), .. arguments])
            .WithWorkingDirectory(RepoRoot)
            .WithEnvironmentVariables(env => env.Set("COLUMNS", "250"))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync();
        return (result.ExitCode, result.StandardOutput, result.StandardError);
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
