using System.Diagnostics;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Selftests;
using UtracePatchKit.Tests.Generator;
using Xunit;

namespace UtracePatchKit.Tests.Selftests;

/// <summary>
/// kernel-tests/selftests/run-selftest.c on the host: its last line says how the program ended, which
/// the guest agent's EXEC cannot (a signal death reads as exited=0 there). Its kill-everything timeout
/// path runs only as a child of PID 1, so here it kills the program alone.
/// </summary>
public sealed class RunSelftestTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Theory]
    [InlineData("exit 3", "exited=3", 3)]
    [InlineData("kill -SEGV $$", "signaled=11", 139)]
    [InlineData("sleep 5", "timeout=1", 124)]
    public void The_last_line_tells_how_the_program_ended(string script, string ending, int exitCode)
    {
        var runner = Compile("run-selftest.c");

        var (lines, status) = Run(runner, "1", "/bin/sh", "-c", "echo ok 1 first; " + script);

        Assert.Equal(["ok 1 first", $"# run-selftest: {ending}"], lines);
        Assert.Equal(exitCode, status);
        Assert.Equal(ending, KtapParser.Parse("t", lines).Ending);
    }

    [Fact]
    public void Coreutils_is_true_by_default_and_sleep_by_that_name()
    {
        var binary = Compile("coreutils.c");
        var sleep = Path.Combine(_dir.Path, "sleep");
        File.Copy(binary, sleep);

        Assert.Equal(0, Run(binary, "ignored").Status);
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, Run(sleep, "0.3").Status);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.25, 5);
        Assert.Equal(1, Run(sleep).Status);
    }

    private string Compile(string source)
    {
        var output = Path.Combine(_dir.Path, Path.GetFileNameWithoutExtension(source) + "-bin");
        var path = Path.Combine(ProjectLayout.Find(AppContext.BaseDirectory).SelftestToolsDir, source);
        var (lines, status) = Run("gcc", ["-O2", "-Wall", "-Wextra", "-Werror", "-o", output, path]);
        Assert.True(status == 0, string.Join(Environment.NewLine, lines));
        return output;
    }

    private static (string[] Lines, int Status) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var text = stdout.Result + stderr.Result;
        return (text.Split('\n', StringSplitOptions.RemoveEmptyEntries), process.ExitCode);
    }

    public void Dispose() => _dir.Dispose();
}
