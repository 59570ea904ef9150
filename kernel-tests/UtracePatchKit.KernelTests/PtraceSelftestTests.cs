using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Selftests;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>
/// The kernel's own ptrace selftests (tools/testing/selftests/ptrace of the same tree) give on a
/// variant's booted kernel, case by case, the results they give on the unpatched kernel: utrace
/// must not change what ptrace does. Results are written to the run folder (ptrace-selftests.txt).
/// </summary>
public abstract class PtraceSelftestTests<TKernel>(TKernel kernel)
    where TKernel : BootedKernel
{
    [Fact]
    public async Task Ptrace_selftests_give_the_unpatched_kernels_results_case_by_case()
    {
        var reference = await UnpatchedBaseline.ResultsAsync(kernel.Selftests);
        // Without passing cases on the reference, "same results" would prove nothing.
        Assert.True(reference.Sum(r => r.Count(SelftestOutcome.Pass)) > 0,
            "no ptrace selftest case passed on the unpatched kernel:" + Environment.NewLine + string.Join(Environment.NewLine, SelftestReport.Lines(reference)));
        Assert.True(!reference.Any(r => r.OutputTruncated),
            "the agent's 8 KiB EXEC limit cut the unpatched output of " + string.Join(", ", reference.Where(r => r.OutputTruncated).Select(r => r.Program)));

        kernel.Session.NewConsoleFindings(); // what earlier tests left is theirs
        var observed = await new SelftestRunner(kernel.Session.Agent).RunAsync(kernel.Selftests.Suite);
        var splats = kernel.Session.NewConsoleFindings();
        await File.WriteAllLinesAsync(Path.Combine(kernel.RunDirectory, "ptrace-selftests.txt"), SelftestReport.Lines(observed));

        var variant = kernel.Kernel.Spec.Variant;
        var problems = SelftestComparison.Differences(reference, observed)
            .Concat(observed.Where(r => r.OutputTruncated).Select(r => $"{r.Program}: output cut at the agent's 8 KiB EXEC limit"))
            .Concat(splats.Select(ScenarioSession.Describe))
            .ToList();
        Assert.True(problems.Count == 0, Explain(variant, problems, reference, observed));
    }

    private static string Explain(string variant, IReadOnlyList<string> problems, IReadOnlyList<SelftestRun> reference, IReadOnlyList<SelftestRun> observed)
    {
        var programs = problems.Select(p => p.Split(':')[0]).ToHashSet(StringComparer.Ordinal);
        var outputs = new[] { ("unpatched", reference), (variant, observed) }
            .SelectMany(kernel => kernel.Item2
                .Where(r => programs.Contains(r.Program))
                .Select(r => $"--- {r.Program} on the {kernel.Item1} kernel ({r.Ending}):" + Environment.NewLine +
                             string.Join(Environment.NewLine, r.Output.Select(l => "    " + l))));
        return $"{variant}: {problems.Count} difference(s) from the unpatched kernel:" + Environment.NewLine +
               string.Join(Environment.NewLine, problems.Select(p => "  " + p)) + Environment.NewLine +
               string.Join(Environment.NewLine, outputs);
    }
}

[Collection(ReportResumeKernel.Collection)]
public sealed class ReportResumePtraceSelftests(ReportResumeKernel kernel) : PtraceSelftestTests<ReportResumeKernel>(kernel);

[Collection(Utrace2009Kernel.Collection)]
public sealed class Utrace2009PtraceSelftests(Utrace2009Kernel kernel) : PtraceSelftestTests<Utrace2009Kernel>(kernel);

[Collection(Utrace2007Kernel.Collection)]
public sealed class Utrace2007PtraceSelftests(Utrace2007Kernel kernel) : PtraceSelftestTests<Utrace2007Kernel>(kernel);
