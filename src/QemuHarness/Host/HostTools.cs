using System.Collections.Concurrent;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Processes;

namespace UtracePatchKit.QemuHarness.Host;

/// <summary>
/// Checks (and as root installs) what the harness needs: the toolchain and libraries to build a
/// kernel, QEMU, and the Debian kernel source tarball.
/// </summary>
public sealed class HostTools
{
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(5);

    public HostTools(string kernelLine = "6.1", string qemuBinary = "qemu-system-x86_64")
        : this(kernelLine, qemuBinary, DefaultRequirements(kernelLine, qemuBinary))
    {
    }

    internal HostTools(string kernelLine, string qemuBinary, IReadOnlyList<HostRequirement> requirements)
    {
        KernelLine = kernelLine;
        QemuBinary = qemuBinary;
        Requirements = requirements;
    }

    public string KernelLine { get; }

    public string QemuBinary { get; }

    public IReadOnlyList<HostRequirement> Requirements { get; }

    public static IReadOnlyList<HostRequirement> DefaultRequirements(string kernelLine, string qemuBinary = "qemu-system-x86_64") =>
        [
            Exe("gcc", "gcc"),
            Exe("make", "make"),
            Exe("git", "git"),
            Exe("perl", "perl"),
            Exe("flex", "flex"),
            Exe("bison", "bison"),
            Exe("bc", "bc"),
            Exe("tar", "tar"),
            Exe("xz", "xz-utils"),
            Exe(qemuBinary, "qemu-system-x86"),
            Exe("ccache", "ccache", optional: true),
            new("libelf headers", RequirementKind.File, "/usr/include/gelf.h", "libelf-dev"),
            new("openssl headers", RequirementKind.File, "/usr/include/openssl/opensslv.h", "libssl-dev"),
            // gcc -static for the guest programs needs the static libc.
            new("static libc", RequirementKind.File, "/usr/lib/x86_64-linux-gnu/libc.a", "libc6-dev"),
            new("kernel source tarball", RequirementKind.File, TarballPathFor(kernelLine), SourcePackageFor(kernelLine)),
        ];

    /// <summary>What the report's browser check needs: Debian's chromium, installed as root when missing.</summary>
    public static HostTools Browser() => new("6.1", "qemu-system-x86_64", [Exe("chromium", "chromium")]);

    public static string SourcePackageFor(string kernelLine) => $"linux-source-{kernelLine}";

    public static string TarballPathFor(string kernelLine) => $"/usr/src/linux-source-{kernelLine}.tar.xz";

    public static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>Checks every requirement (in parallel; each version query is bounded).</summary>
    public async Task<IReadOnlyList<ToolStatus>> CheckAsync(CancellationToken cancellationToken = default)
    {
        var results = await Task.WhenAll(Requirements.Select(r => CheckOneAsync(r, cancellationToken))).ConfigureAwait(false);
        return results;
    }

    /// <summary>Full host report for <c>utpk doctor</c>, including the KVM probe.</summary>
    public async Task<DoctorReport> DoctorAsync(CancellationToken cancellationToken = default)
    {
        var tools = CheckAsync(cancellationToken);
        var kvm = ProbeKvmAsync(cancellationToken);
        return new DoctorReport(await tools.ConfigureAwait(false), await kvm.ConfigureAwait(false), IsRoot);
    }

    /// <summary>
    /// Makes sure every required tool is present. Missing ones are installed with apt-get when
    /// <paramref name="installIfRoot"/> is set and we are root; otherwise this throws an
    /// <see cref="InfrastructureException"/> that names the exact install command.
    /// </summary>
    public async Task<IReadOnlyList<ToolStatus>> EnsureAsync(
        bool installIfRoot,
        IProgress<HarnessProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        progress.Report("host", "checking host tools");
        var tools = await CheckAsync(cancellationToken).ConfigureAwait(false);
        if (tools.All(t => t.Found))
            return tools;

        var missingRequired = tools.Where(t => !t.Found && !t.Optional).ToArray();
        if (installIfRoot && IsRoot)
        {
            await InstallAsync(MissingPackages(tools), progress, cancellationToken).ConfigureAwait(false);
            tools = await CheckAsync(cancellationToken).ConfigureAwait(false);
            missingRequired = tools.Where(t => !t.Found && !t.Optional).ToArray();
            if (missingRequired.Length > 0)
                throw new InfrastructureException(
                    "host tools still missing after apt-get install",
                    missingRequired.Select(Describe), kind: FailureKind.MissingTool);
            return tools;
        }

        foreach (var optional in tools.Where(t => !t.Found && t.Optional))
            progress.Report("host", $"optional {optional.Name} not found (apt-get install {optional.DebianPackage})");
        if (missingRequired.Length == 0)
            return tools;

        var details = missingRequired.Select(Describe).ToList();
        details.Add("install them with: " + InstallCommandFor(tools));
        var why = IsRoot ? "automatic installation was not requested" : "not root, so they cannot be installed automatically";
        throw new InfrastructureException($"missing host tools ({why})", details, kind: FailureKind.MissingTool);
    }

    public Task<KvmStatus> ProbeKvmAsync(CancellationToken cancellationToken = default) =>
        KvmProbe.ProbeAsync(QemuBinary, cancellationToken: cancellationToken);

    internal static string? InstallCommandFor(IEnumerable<ToolStatus> tools)
    {
        var packages = MissingPackages(tools);
        return packages.Count == 0 ? null : "apt-get install -y " + string.Join(' ', packages);
    }

    private static IReadOnlyList<string> MissingPackages(IEnumerable<ToolStatus> tools) =>
        tools.Where(t => !t.Found).Select(t => t.DebianPackage).Distinct().ToArray();

    private static string Describe(ToolStatus tool) => $"{tool.Name}: not found (Debian package {tool.DebianPackage})";

    private static async Task InstallAsync(IReadOnlyList<string> packages, IProgress<HarnessProgress>? progress, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        await RunAptAsync(["update"], environment, progress, cancellationToken).ConfigureAwait(false);
        await RunAptAsync(["install", "-y", "--no-install-recommends", .. packages], environment, progress, cancellationToken)
            .ConfigureAwait(false);
    }

    private static async Task RunAptAsync(
        string[] arguments,
        IReadOnlyDictionary<string, string?> environment,
        IProgress<HarnessProgress>? progress,
        CancellationToken cancellationToken)
    {
        var commandLine = "apt-get " + string.Join(' ', arguments);
        progress.Report("host", commandLine);
        var tail = new ConcurrentQueue<string>();
        var exitCode = await CommandRunner.RunStreamingAsync(
            "apt-get",
            arguments,
            line =>
            {
                tail.Enqueue(line);
                while (tail.Count > 30)
                    tail.TryDequeue(out _);
                if (!string.IsNullOrWhiteSpace(line))
                    progress.Report("host", line.Trim());
            },
            environment: environment,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
            throw new InfrastructureException($"'{commandLine}' failed with exit code {exitCode}", tail);
    }

    private async Task<ToolStatus> CheckOneAsync(HostRequirement requirement, CancellationToken cancellationToken)
    {
        var path = requirement.Kind == RequirementKind.Executable
            ? FindOnPath(requirement.Target)
            : File.Exists(requirement.Target) ? requirement.Target : null;
        string? version = null;
        if (path is not null)
        {
            // Files (headers, libc.a, the tarball) have no --version: report their package's.
            version = requirement.Kind == RequirementKind.Executable
                ? await QueryVersionAsync(path, requirement.VersionArguments ?? ["--version"], cancellationToken).ConfigureAwait(false)
                : await DebianPackage.InstalledVersionAsync(requirement.DebianPackage, cancellationToken).ConfigureAwait(false);
        }
        return new ToolStatus(requirement.Name, path is not null, path, version, requirement.DebianPackage, requirement.Optional);
    }

    private static HostRequirement Exe(string program, string package, bool optional = false) =>
        new(program, RequirementKind.Executable, program, package, optional);

    internal static string? FindOnPath(string program)
    {
        if (program.Contains('/'))
            return IsExecutable(program) ? Path.GetFullPath(program) : null;
        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        return searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && !OperatingSystem.IsWindows() &&
        (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static async Task<string?> QueryVersionAsync(string path, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(VersionTimeout);
        try
        {
            var result = await CommandRunner.RunAsync(path, arguments, cancellationToken: deadline.Token).ConfigureAwait(false);
            return (result.StandardOutput + "\n" + result.StandardError)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(l => !l.Contains("warning:", StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception ex) when (ex is OperationCanceledException or InfrastructureException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
