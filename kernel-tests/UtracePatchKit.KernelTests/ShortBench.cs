using UtracePatchKit.Generator.Spec;
using UtracePatchKit.QemuHarness;
using UtracePatchKit.QemuHarness.Bench;
using UtracePatchKit.QemuHarness.Pipeline;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>
/// A short <c>utpk bench</c> on report-resume and the unpatched kernel (both built with the bench
/// profile), run once for the bench tests and the report test, which charts it.
/// </summary>
public sealed class ShortBench : IAsyncLifetime
{
    public const string Collection = "short bench";
    public const int Runs = BenchPlan.MinimumRuns;
    public const long Calls = 2000;

    public ProjectLayout Project { get; } = ProjectLayout.Find(AppContext.BaseDirectory);

    public BenchReport Report { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var spec = SpecInputs.LoadAll(Project, [Path.Combine(Project.SpecsDir, "report-resume.yaml")]);
        var directory = Path.Combine(Project.RunsDir, "tests", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-bench");
        Directory.CreateDirectory(directory);
        var progress = new Progress<HarnessProgress>(p => Console.Error.WriteLine($"[bench] [{p.Stage}] {p.Message}"));
        Report = await new BenchPipeline(Project, progress).RunAsync(spec, directory, Runs, Calls);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(ShortBench.Collection)]
public sealed class ShortBenchCollection : ICollectionFixture<ShortBench>;
