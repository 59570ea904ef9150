using UtracePatchKit.QemuHarness;
using UtracePatchKit.QemuHarness.Pipeline;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>
/// One variant's kernel, generated, built and booted once for a whole test class. Its run folder
/// (console log, applied patches) is kept under runs/tests/ for post-mortems. Its initramfs also
/// holds the kernel's ptrace selftests, built with the unpatched kernel they are compared against.
/// </summary>
public abstract class BootedKernel : IAsyncLifetime
{
    private ScenarioSession? _session;

    protected abstract string SpecFile { get; }

    public ProjectLayout Project { get; } = ProjectLayout.Find(AppContext.BaseDirectory);

    public PreparedKernel Kernel { get; private set; } = null!;

    public ScenarioSession Session => _session ?? throw new InvalidOperationException("kernel not booted");

    public string RunDirectory { get; private set; } = "";

    public SelftestBaseline Selftests { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var variant = Path.GetFileNameWithoutExtension(SpecFile);
        var spec = Path.Combine(Project.SpecsDir, SpecFile);
        RunDirectory = Path.Combine(Project.RunsDir, "tests", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{variant}");
        var progress = new Progress<HarnessProgress>(p => Console.Error.WriteLine($"[{variant}] [{p.Stage}] {p.Message}"));
        Selftests = await UnpatchedBaseline.PrepareAsync(Project, spec);
        Kernel = await new KernelPreparer(Project, progress, guestPrograms: Selftests.Suite.GuestPrograms).PrepareAsync(spec, RunDirectory);
        _session = await ScenarioSession.BootAsync(Kernel, RunDirectory, progress);
    }

    public async Task DisposeAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }
}

public sealed class ReportResumeKernel : BootedKernel
{
    public const string Collection = "report-resume kernel";

    protected override string SpecFile => "report-resume.yaml";
}

public sealed class Utrace2009Kernel : BootedKernel
{
    public const string Collection = "utrace-2009 kernel";

    protected override string SpecFile => "utrace-2009.yaml";
}

public sealed class Utrace2007Kernel : BootedKernel
{
    public const string Collection = "utrace-2007 kernel";

    protected override string SpecFile => "utrace-2007.yaml";
}

// One kernel per collection: the test classes of a variant share its booted VM, and
// collections (variants) run one after the other.
[CollectionDefinition(ReportResumeKernel.Collection)]
public sealed class ReportResumeCollection : ICollectionFixture<ReportResumeKernel>;

[CollectionDefinition(Utrace2009Kernel.Collection)]
public sealed class Utrace2009Collection : ICollectionFixture<Utrace2009Kernel>;

[CollectionDefinition(Utrace2007Kernel.Collection)]
public sealed class Utrace2007Collection : ICollectionFixture<Utrace2007Kernel>;
