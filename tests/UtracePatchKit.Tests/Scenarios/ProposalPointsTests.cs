using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Scenarios;
using Xunit;

namespace UtracePatchKit.Tests.Scenarios;

/// <summary>kernel-tests/proposal-points.yaml: every point of the proposal proven or explained.</summary>
public sealed class ProposalPointsTests
{
    private static readonly string PointsFile = Path.Combine(Repo.Root, "kernel-tests", ProposalPoints.FileName);
    private static readonly Lazy<IReadOnlyList<ProposalPoint>> Points = new(() => ProposalPoints.Load(PointsFile));

    [Fact]
    public void Every_named_scenario_exists()
    {
        var ids = Repo.Catalog.Select(s => s.Id).ToHashSet();
        var unknown = Points.Value.SelectMany(p => p.Scenarios.Where(id => !ids.Contains(id)).Select(id => $"{p.Id}: {id}"));
        Assert.Empty(unknown);
    }

    [Fact]
    public void Every_scenario_with_a_verdict_serves_a_point()
    {
        var traced = Points.Value.SelectMany(p => p.Scenarios).ToHashSet();
        var untraced = Repo.Catalog.Where(s => s.ProposalVerdicts.Count > 0 && !traced.Contains(s.Id)).Select(s => s.File);
        Assert.Empty(untraced);
    }

    [Fact]
    public void The_catalog_readme_shows_the_points_table()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.CatalogDir, "README.md")).ReplaceLineEndings("\n");

        Assert.Contains(ProposalPoints.MarkdownTable(Points.Value), readme);
    }

    [Fact]
    public void A_point_without_scenarios_or_reason_is_a_located_error()
    {
        var file = Path.Combine(Path.GetTempPath(), $"points-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, "points:\n  - id: x\n    quote: \"q\"\n  - id: x\n    quote: \"r\"\n    scenarios: [\"01\"]\n");
        try
        {
            var ex = Assert.ThrowsAny<InputException>(() => ProposalPoints.Load(file));
            Assert.Contains(":2:5: error: point 'x' names no scenario and gives no reason", ex.Message);
            Assert.Contains(":4:5: error: point id 'x' is used twice", ex.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
