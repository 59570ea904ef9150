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

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public async Task Scenario_behaves_as_the_catalog_says(string id)
    {
        var result = await kernel.Session.RunAsync(Catalog.Value.Single(s => s.Id == id));

        Assert.True(result.Passed, Explain(result));
    }

    [Fact]
    public void Boot_console_is_clean()
    {
        var findings = kernel.Session.ConsoleFindings();

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
