using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Scenarios;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>
/// Every scenario of kernel-tests/scenarios on a variant's booted kernel, checked against what
/// the catalog says that variant must do: where variants differ, a variant that behaves like
/// another fails.
/// </summary>
public abstract class ScenarioCatalogTests<TKernel>(TKernel kernel)
    where TKernel : BootedKernel
{
    private static readonly Lazy<IReadOnlyList<Scenario>> Catalog =
        new(() => ScenarioLoader.LoadCatalog(ProjectLayout.Find(AppContext.BaseDirectory).ScenariosDir));

    public static TheoryData<string> ScenarioIds => new(Catalog.Value.Select(s => s.Id));

    protected TKernel Kernel { get; } = kernel;

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public async Task Scenario_behaves_as_the_catalog_says(string id)
    {
        var result = await Kernel.Session.RunAsync(Catalog.Value.Single(s => s.Id == id));

        Assert.True(result.Passed, Explain(result));
    }

    [Fact]
    public void Boot_console_is_clean()
    {
        var findings = Kernel.Session.ConsoleFindings();

        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings.SelectMany(f => f.Lines)));
    }

    internal static string Explain(ScenarioResult result) =>
        string.Join(Environment.NewLine, result.Failures
            .Concat(["callback log:"])
            .Concat(result.Observation?.Log.Select(r => "  " + r.Line) ?? []));
}

[Collection(ReportResumeKernel.Collection)]
public sealed class ReportResumeScenarios(ReportResumeKernel kernel) : ScenarioCatalogTests<ReportResumeKernel>(kernel);

[Collection(Utrace2009Kernel.Collection)]
public sealed class Utrace2009Scenarios(Utrace2009Kernel kernel) : ScenarioCatalogTests<Utrace2009Kernel>(kernel);

[Collection(Utrace2007Kernel.Collection)]
public sealed class Utrace2007Scenarios(Utrace2007Kernel kernel) : ScenarioCatalogTests<Utrace2007Kernel>(kernel);

[Collection(ReportResumeLinux612Kernel.Collection)]
public sealed class ReportResumeLinux612Scenarios(ReportResumeLinux612Kernel kernel) : ScenarioCatalogTests<ReportResumeLinux612Kernel>(kernel);

[Collection(Utrace2009Linux612Kernel.Collection)]
public sealed class Utrace2009Linux612Scenarios(Utrace2009Linux612Kernel kernel) : ScenarioCatalogTests<Utrace2009Linux612Kernel>(kernel);

[Collection(Utrace2007Linux612Kernel.Collection)]
public sealed class Utrace2007Linux612Scenarios(Utrace2007Linux612Kernel kernel) : ScenarioCatalogTests<Utrace2007Linux612Kernel>(kernel);

/// <summary>
/// The catalog on a debug-profile kernel: the same verdicts, and a clean console, checked after
/// every scenario (a splat fails the scenario that printed it) and once more after the catalog,
/// when the hang detectors have had the time to report what the last scenarios left behind.
/// </summary>
public abstract class DebugProfileScenarioTests<TKernel>(TKernel kernel) : ScenarioCatalogTests<TKernel>(kernel)
    where TKernel : BootedKernel
{
    [Fact]
    public void Every_fragment_of_the_profile_is_in_effect_on_the_booted_kernel()
    {
        var console = string.Join('\n', Kernel.Session.ReadConsoleLines());
        var missing = Kernel.Profile!.Parts
            .SelectMany(part => part.BootConsoleShows.Where(text => !console.Contains(text, StringComparison.Ordinal)).Select(text => $"{part.File}: \"{text}\""))
            .ToList();

        Assert.True(missing.Count == 0, $"{Kernel.Name}: the boot console lacks" + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Fact]
    [RunsLast]
    public async Task Console_stays_clean_until_the_hang_detectors_had_their_time()
    {
        await Task.Delay(HangDetectors.Read(Kernel.Project).AnyReportedWithin);
        var findings = Kernel.Session.ConsoleFindings();

        Assert.True(findings.Count == 0, $"{Kernel.Name}:" + Environment.NewLine + string.Join(Environment.NewLine, findings.Select(ScenarioSession.Describe)));
    }
}

[Collection(ReportResumeLockdepKernel.Collection)]
[TestCaseOrderer(RunsLastOrderer.TypeName, RunsLastOrderer.AssemblyName)]
public sealed class ReportResumeLockdepScenarios(ReportResumeLockdepKernel kernel) : DebugProfileScenarioTests<ReportResumeLockdepKernel>(kernel);

[Collection(ReportResumeKasanKernel.Collection)]
[TestCaseOrderer(RunsLastOrderer.TypeName, RunsLastOrderer.AssemblyName)]
public sealed class ReportResumeKasanScenarios(ReportResumeKasanKernel kernel) : DebugProfileScenarioTests<ReportResumeKasanKernel>(kernel);
