using System.Xml.Linq;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Matrix;
using UtracePatchKit.QemuHarness.Pipeline;
using UtracePatchKit.QemuHarness.Scenarios;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>
/// A local matrix of two real cells (report-resume, plain, on both lines; one scenario each, on
/// the builds the catalog tests left) and the merge of their folders, copied the way CI
/// artifacts unpack: the merge a workflow's last job runs, on what local cells wrote.
/// </summary>
public sealed class MatrixTests
{
    [Fact]
    public async Task Local_cells_run_in_sequence_and_their_folders_merge_into_one_result()
    {
        var project = ProjectLayout.Find(AppContext.BaseDirectory);
        var output = Path.Combine(project.RunsDir, "tests", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-matrix");
        var spec = SpecInputs.Load(project, project.DefaultSpec);
        var plan = MatrixPlan.For(project, [spec], "6.1,6.12", "plain");
        var scenarios = ScenarioLoader.LoadCatalog(project.ScenariosDir).Where(s => s.Id == "01").ToArray();

        var records = await new MatrixRunner(project).RunAsync(plan.Cells, scenarios, Path.Combine(output, "cells"));

        Assert.All(records, r => Assert.True(r.Outcome == CellOutcome.Passed, $"{r.Cell.Id}: {r.Outcome} {r.Message}"));
        var artifacts = Path.Combine(output, "artifacts");
        foreach (var cell in plan.Cells)
            Copy(Path.Combine(output, "cells", cell.Id), Path.Combine(artifacts, $"cell-{cell.Id}", "cells", cell.Id));

        var merged = MatrixMerge.Read(plan, artifacts, new DisplayPaths(project.Root));
        var result = await MatrixMerge.WriteAsync(merged, Path.Combine(output, "merged"));

        Assert.True(result.Passed);
        Assert.Equal(["report-resume-6.1-plain", "report-resume-6.12-plain"], result.Results.Select(r => r.Id));
        Assert.All(result.Results, r => Assert.Equal(1, r.PassedTests));
        Assert.StartsWith("6.12.", result.Results[1].KernelVersion);
        var junit = XDocument.Load(Path.Combine(output, "merged", MatrixMerge.JUnitFileName));
        Assert.Equal(2, junit.Root!.Elements("testsuite").Count());
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
}
