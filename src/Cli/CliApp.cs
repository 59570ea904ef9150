using Spectre.Console.Cli;
using UtracePatchKit.Cli.Commands;
using UtracePatchKit.Cli.Output;

namespace UtracePatchKit.Cli;

/// <summary>
/// The utpk command line: Spectre parses and dispatches; every failure, including the parser's
/// own usage errors and exceptions nobody expected, leaves through <see cref="Reporter.Fail"/>
/// (stderr, plus a JSON error object on stdout with --json).
/// </summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var interrupt = new Interrupt();
        var json = args.Contains("--json", StringComparer.Ordinal);
        try
        {
            var code = await Build().RunAsync(args, interrupt.Token);
            // Spectre reports some usage problems with a negative code; ours is 2.
            return code < 0 ? ExitCodes.Infrastructure : code;
        }
        catch (CommandAppException ex)
        {
            return Reporter.Fail(CliError.Usage(ex.Message), json);
        }
        catch (OperationCanceledException ex) when (interrupt.Token.IsCancellationRequested)
        {
            return Reporter.Fail(CliError.From(ex), json);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Reporter.Fail(CliError.From(ex), json);
        }
    }

    private static CommandApp Build()
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("utpk");
            config.UseStrictParsing();
            config.PropagateExceptions();
            config.AddCommand<ValidateCommand>("validate")
                .WithDescription("Generate, build, boot and run the scenarios for variant specs (the main job).")
                .WithExample("validate")
                .WithExample("validate", "specs/utrace-2009.yaml", "-s", "05");
            config.AddCommand<GenerateCommand>("generate")
                .WithDescription("Generate the patch series of a variant spec into patches/<variant>/.")
                .WithExample("generate", "specs/report-resume.yaml")
                .WithExample("generate", "--all", "--check")
                .WithExample("generate", "../elsewhere/my-variant.yaml", "--out", "/tmp/series");
            config.AddCommand<CompareCommand>("compare")
                .WithDescription("Validate several variants (default: all) and show them side by side.")
                .WithExample("compare")
                .WithExample("compare", "--overhead", "--json");
            config.AddCommand<BenchCommand>("bench")
                .WithDescription("Time syscalls and signals untraced, under seccomp, ptrace and 1/4/16 utrace engines, on each variant and the unpatched kernel.")
                .WithExample("bench")
                .WithExample("bench", "specs/report-resume.yaml", "--calls", "20000", "--repeat", "5");
            config.AddCommand<MatrixCommand>("matrix")
                .WithDescription("Variants x kernel lines x Kconfig profiles, run here and merged, or emitted as a CI workflow.")
                .WithExample("matrix", "--profile", "plain")
                .WithExample("matrix", "--merge", "cells", "--out", "matrix")
                .WithExample("matrix", "--emit", "github-actions");
            config.AddCommand<DoctorCommand>("doctor")
                .WithDescription("Check the host tools and whether KVM is usable.");
        });
        return app;
    }
}
