using UtracePatchKit.QemuHarness;
using UtracePatchKit.QemuHarness.Pipeline;
using Xunit;

namespace UtracePatchKit.KernelTests;

/// <summary>
/// One variant's kernel, generated, built and booted once for a whole test class. Its run folder
/// (console log, applied patches) is kept under runs/tests/ for post-mortems. Its initramfs also
/// holds the kernel's ptrace selftests, built with the unpatched kernel they are compared against
/// (only in plain kernels of the specs' first line; debug-profile kernels and the other lines run
/// the scenario catalog only).
/// </summary>
public abstract class BootedKernel : IAsyncLifetime
{
    private ScenarioSession? _session;
    private SelftestBaseline? _selftests;

    protected abstract string SpecFile { get; }

    /// <summary>A debug profile (<see cref="DebugProfile"/>) on top of the project's fragments, or none.</summary>
    public virtual DebugProfile? Profile => null;

    /// <summary>One of the spec's kernel lines, or null for the first it names.</summary>
    public virtual string? KernelLine => null;

    public ProjectLayout Project { get; } = ProjectLayout.Find(AppContext.BaseDirectory);

    public PreparedKernel Kernel { get; private set; } = null!;

    public ScenarioSession Session => _session ?? throw new InvalidOperationException("kernel not booted");

    public string RunDirectory { get; private set; } = "";

    public SelftestBaseline Selftests => _selftests ?? throw new InvalidOperationException($"the {Name} kernel carries no selftests");

    /// <summary>The variant, and the debug profile if any: "report-resume", "report-resume (lockdep profile)".</summary>
    public string Name => Path.GetFileNameWithoutExtension(SpecFile) + (KernelLine is { } line ? $" on Linux {line}" : "")
        + (Profile is { } p ? $" ({p.Name} profile)" : "");

    public async Task InitializeAsync()
    {
        var variant = Path.GetFileNameWithoutExtension(SpecFile);
        var spec = Path.Combine(Project.SpecsDir, SpecFile);
        var label = variant + (KernelLine is { } line ? $"-{line}" : "") + (Profile is { } profile ? $"-{profile.Name}" : "");
        RunDirectory = Path.Combine(Project.RunsDir, "tests", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{label}");
        var progress = new Progress<HarnessProgress>(p => Console.Error.WriteLine($"[{label}] [{p.Stage}] {p.Message}"));
        if (Profile is null && KernelLine is null)
            _selftests = await UnpatchedBaseline.PrepareAsync(Project, spec);
        Kernel = await new KernelPreparer(Project, progress, Profile?.Fragments(Project), _selftests?.Suite.GuestPrograms)
            .PrepareAsync(spec, RunDirectory, KernelLine);
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

/// <summary>report-resume under lock, RCU and sleep debugging (and quick hang detectors).</summary>
public sealed class ReportResumeLockdepKernel : BootedKernel
{
    public const string Collection = "report-resume kernel, lockdep profile";

    public override DebugProfile Profile => DebugProfile.Lockdep;

    protected override string SpecFile => "report-resume.yaml";
}

/// <summary>report-resume under KASAN and KFENCE (and quick hang detectors, and LKDTM for the splat tests).</summary>
public sealed class ReportResumeKasanKernel : BootedKernel
{
    public const string Collection = "report-resume kernel, KASAN profile";

    public override DebugProfile Profile => DebugProfile.Kasan;

    protected override string SpecFile => "report-resume.yaml";
}

/// <summary>The three variants on Linux 6.12 (plain profile).</summary>
public sealed class ReportResumeLinux612Kernel : BootedKernel
{
    public const string Collection = "report-resume kernel, Linux 6.12";

    public override string KernelLine => "6.12";

    protected override string SpecFile => "report-resume.yaml";
}

public sealed class Utrace2009Linux612Kernel : BootedKernel
{
    public const string Collection = "utrace-2009 kernel, Linux 6.12";

    public override string KernelLine => "6.12";

    protected override string SpecFile => "utrace-2009.yaml";
}

public sealed class Utrace2007Linux612Kernel : BootedKernel
{
    public const string Collection = "utrace-2007 kernel, Linux 6.12";

    public override string KernelLine => "6.12";

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

[CollectionDefinition(ReportResumeLockdepKernel.Collection)]
public sealed class ReportResumeLockdepCollection : ICollectionFixture<ReportResumeLockdepKernel>;

[CollectionDefinition(ReportResumeKasanKernel.Collection)]
public sealed class ReportResumeKasanCollection : ICollectionFixture<ReportResumeKasanKernel>;

[CollectionDefinition(ReportResumeLinux612Kernel.Collection)]
public sealed class ReportResumeLinux612Collection : ICollectionFixture<ReportResumeLinux612Kernel>;

[CollectionDefinition(Utrace2009Linux612Kernel.Collection)]
public sealed class Utrace2009Linux612Collection : ICollectionFixture<Utrace2009Linux612Kernel>;

[CollectionDefinition(Utrace2007Linux612Kernel.Collection)]
public sealed class Utrace2007Linux612Collection : ICollectionFixture<Utrace2007Linux612Kernel>;
