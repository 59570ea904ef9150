namespace UtracePatchKit.QemuHarness.Host;

public enum RequirementKind
{
    /// <summary>A program looked up on PATH.</summary>
    Executable,

    /// <summary>A file at a fixed path (headers, static libc, the kernel tarball).</summary>
    File,
}

/// <summary>Something the harness needs on the host and the Debian package that provides it.</summary>
public sealed record HostRequirement(
    string Name,
    RequirementKind Kind,
    string Target,
    string DebianPackage,
    bool Optional = false,
    IReadOnlyList<string>? VersionArguments = null);

/// <summary>What <see cref="HostTools"/> found for one requirement.</summary>
public sealed record ToolStatus(
    string Name,
    bool Found,
    string? Path,
    string? Version,
    string DebianPackage,
    bool Optional);

/// <summary>The answer to <c>utpk doctor</c>.</summary>
public sealed record DoctorReport(IReadOnlyList<ToolStatus> Tools, KvmStatus Kvm, bool IsRoot)
{
    public IReadOnlyList<ToolStatus> MissingRequired => Tools.Where(t => !t.Found && !t.Optional).ToArray();

    public bool Ready => MissingRequired.Count == 0;

    /// <summary>The <c>apt-get install</c> line that fixes every missing item, or null.</summary>
    public string? InstallCommand => HostTools.InstallCommandFor(Tools);
}
