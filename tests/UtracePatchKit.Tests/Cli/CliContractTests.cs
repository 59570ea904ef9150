using System.Runtime.InteropServices;
using System.Text.Json;
using UtracePatchKit.QemuHarness.Host;
using UtracePatchKit.QemuHarness.Source;
using UtracePatchKit.Tests.Generator;
using Xunit;

namespace UtracePatchKit.Tests.Cli;

/// <summary>
/// How utpk fails: a JSON error object on stdout with --json, the human message on stderr,
/// internal errors on stderr, and Ctrl-C ending the run cleanly with exit code 130.
/// </summary>
public sealed class CliContractTests : IDisposable
{
    private readonly CliSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task With_json_an_input_error_is_a_json_object_on_stdout_and_a_line_on_stderr()
    {
        _sandbox.Write("bad.yaml", SpecSamples.Valid.Replace("variant: report-resume", "variant: bad") + "oops: 1\n");

        var run = await _sandbox.RunAsync(["generate", "--json", "inputs/bad.yaml"]);

        Assert.Equal(2, run.Code);
        using var json = JsonDocument.Parse(run.Stdout);
        var error = json.RootElement;
        Assert.Equal("input", error.GetProperty("kind").GetString());
        Assert.Equal("unknown key 'oops' at the top level", error.GetProperty("message").GetString());
        Assert.Equal("inputs/bad.yaml", error.GetProperty("file").GetString());
        Assert.Equal(30, error.GetProperty("line").GetInt32());
        Assert.Equal(1, error.GetProperty("column").GetInt32());
        Assert.Equal(2, error.GetProperty("exitCode").GetInt32());
        Assert.Equal(1, error.GetProperty("errors").GetArrayLength());
        Assert.Contains("inputs/bad.yaml:30:1: error: unknown key 'oops' at the top level", run.Stderr);
    }

    [Fact]
    public async Task A_series_with_nobody_to_sign_it_off_is_refused_before_anything_is_imported()
    {
        _sandbox.Write("lonely.yaml", SpecSamples.Valid.Replace("variant: report-resume", "variant: lonely"));
        var emptyConfig = _sandbox.Write("gitconfig", "");
        var before = _sandbox.Snapshot();

        var run = await _sandbox.RunAsync(["generate", "--out", "inputs/out", "inputs/lonely.yaml"], environment: new Dictionary<string, string?>
        {
            ["GIT_CONFIG_GLOBAL"] = emptyConfig,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CEILING_DIRECTORIES"] = Path.GetDirectoryName(_sandbox.Root),
            ["GIT_AUTHOR_NAME"] = null,
            ["GIT_AUTHOR_EMAIL"] = null,
            ["EMAIL"] = null,
        });

        Assert.Equal(2, run.Code);
        Assert.Contains("inputs/lonely.yaml:1:1: error: the series has no author", run.Stderr);
        Assert.Contains("pass --author", run.Stderr);
        Assert.Equal(before, _sandbox.Snapshot());
        Assert.False(Directory.Exists(_sandbox.Cache), "the cache was created");
        Assert.False(Directory.Exists(_sandbox.Input("out")), "output was written");
    }

    [Fact]
    public async Task With_json_a_usage_error_is_a_json_object_too()
    {
        var run = await _sandbox.RunAsync(["generate", "--json", "--all", "x.yaml"]);

        Assert.Equal(2, run.Code);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal("usage", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("file").ValueKind);
        Assert.StartsWith("utpk: error: --all and named specs", run.Stderr);
    }

    [Fact]
    public async Task An_unexpected_exception_goes_to_stderr_with_exit_code_2()
    {
        // A cache root that is a file: creating the kernel line's directory under it throws an
        // exception that no stage expects.
        var notADirectory = _sandbox.Write("cache-file", "x");

        var run = await _sandbox.RunAsync(["generate", "specs/report-resume.yaml"], environment: new Dictionary<string, string?> { ["UTPK_CACHE"] = notADirectory });

        Assert.Equal(2, run.Code);
        Assert.Equal("", run.Stdout);
        Assert.Contains("utpk: internal error: System.IO.DirectoryNotFoundException", run.Stderr);
    }

    [Fact]
    public async Task Ctrl_c_exits_130_and_leaves_no_temporary_folder_and_no_changed_patches()
    {
        // A tiny series and kernel tree stand in for the real ones, and a git that hangs in
        // format-patch gives the interrupt a moment to land in the middle of generation.
        Directory.Delete(Path.Combine(_sandbox.Root, "templates"), recursive: true);
        File.WriteAllText(Path.Combine(_sandbox.Root, "specs", "report-resume.yaml"), SpecSamples.Valid);
        Directory.CreateDirectory(Path.Combine(_sandbox.Root, "templates", "core"));
        File.WriteAllText(Path.Combine(_sandbox.Root, "templates", "series-6.1.yaml"), SeriesFixture.Series);
        File.WriteAllText(Path.Combine(_sandbox.Root, "templates", "core", "utrace.c.sbn"), "/* {{ spec.variant }} */\n");
        await ImportFakeTreeAsync();
        var marker = _sandbox.Input("format-patch-started");
        var realGit = HostTools.FindOnPath("git")!;
        var fakeGit = _sandbox.Write("bin/git",
            $"#!/bin/sh\nfor a in \"$@\"; do [ \"$a\" = format-patch ] && {{ touch '{marker}'; exec sleep 60; }}; done\nexec '{realGit}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fakeGit, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var before = _sandbox.Snapshot("patches");

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        // A test run started in the background (cmd &) inherits SIGINT ignored, and so would utpk:
        // env puts the default disposition back, then execs utpk under the same pid.
        var command = CliWrap.Cli.Wrap("env")
            .WithArguments(["--default-signal=INT", "dotnet", CliSandbox.CliDll, "generate", "specs/report-resume.yaml"])
            .WithWorkingDirectory(_sandbox.Root)
            .WithEnvironmentVariables(env => env
                .Set("UTPK_CACHE", _sandbox.Cache)
                .Set("TMPDIR", _sandbox.Temp)
                .Set("PATH", Path.GetDirectoryName(fakeGit) + ":" + Environment.GetEnvironmentVariable("PATH")))
            .WithValidation(CliWrap.CommandResultValidation.None);
        var running = CliWrap.Buffered.BufferedCommandExtensions.ExecuteBufferedAsync(command, deadline.Token);
        while (!File.Exists(marker))
        {
            Assert.False(running.Task.IsCompleted, "utpk ended before format-patch: " + (running.Task.IsCompleted ? (await running).StandardError : ""));
            await Task.Delay(100, deadline.Token);
        }

        Assert.Contains(Directory.GetDirectories(_sandbox.Temp), d => Path.GetFileName(d).StartsWith("utpk-format-patch-", StringComparison.Ordinal));
        Assert.Equal(0, Kill(running.ProcessId, 2)); // SIGINT
        var result = await running;

        Assert.True(result.ExitCode == 130, $"exit code {result.ExitCode}; stderr:\n{result.StandardError}");
        Assert.Contains("utpk: cancelled", result.StandardError);
        Assert.Empty(Directory.GetFileSystemEntries(_sandbox.Temp));
        Assert.Equal(before, _sandbox.Snapshot("patches"));
        // The series ref moves only when a generation completes.
        using var repo = new LibGit2Sharp.Repository(new UtracePatchKit.QemuHarness.CacheLayout(_sandbox.Cache).ForLine("6.1").SourceDir);
        Assert.Null(repo.Refs["refs/utpk/series/report-resume"]);
    }

    private async Task ImportFakeTreeAsync()
    {
        var layout = new UtracePatchKit.QemuHarness.CacheLayout(_sandbox.Cache).ForLine("6.1");
        var commit = KernelRepo.Create(layout.SourceDir, SeriesFixture.BaseFiles);
        var tarball = HostTools.TarballPathFor("6.1");
        var identity = File.Exists(tarball)
            ? KernelTreeImporter.TarballIdentity.Of(tarball)
            : new KernelTreeImporter.TarballIdentity(tarball, 0, DateTime.UnixEpoch);
        await new KernelTreeImporter.ImportStamp(commit, "6.1.0", "test", identity).WriteAsync(layout.ImportStampPath, CancellationToken.None);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
