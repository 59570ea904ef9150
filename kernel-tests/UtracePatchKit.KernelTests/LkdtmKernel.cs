using UtracePatchKit.QemuHarness;
using UtracePatchKit.QemuHarness.Pipeline;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>
/// The KASAN-profile kernel (it has LKDTM), prepared but not booted: each splat test boots it
/// afresh, since a splat may leave the guest dead or wedged. The same build as
/// <see cref="ReportResumeKasanKernel"/>'s, so whichever comes second builds nothing.
/// </summary>
public sealed class LkdtmKernel : IAsyncLifetime
{
    public const string Collection = "LKDTM kernel (KASAN profile), one boot per splat";

    public ProjectLayout Project { get; } = ProjectLayout.Find(AppContext.BaseDirectory);

    public DebugProfile Profile => DebugProfile.Kasan;

    public PreparedKernel Kernel { get; private set; } = null!;

    public string RunDirectory { get; private set; } = "";

    public IProgress<HarnessProgress> Progress { get; } = new Progress<HarnessProgress>(p => Console.Error.WriteLine($"[splats] [{p.Stage}] {p.Message}"));

    public async Task InitializeAsync()
    {
        RunDirectory = Path.Combine(Project.RunsDir, "tests", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-splats");
        Kernel = await new KernelPreparer(Project, Progress, Profile.Fragments(Project)).PrepareAsync(Project.DefaultSpec, RunDirectory);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(LkdtmKernel.Collection)]
public sealed class LkdtmCollection : ICollectionFixture<LkdtmKernel>;
