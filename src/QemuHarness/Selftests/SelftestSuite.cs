using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.QemuHarness.Build;

namespace UtracePatchKit.QemuHarness.Selftests;

/// <summary>One test program of a kernel selftest folder, installed in the guest at <paramref name="GuestPath"/>.</summary>
public sealed record SelftestProgram(string Name, string GuestPath);

/// <summary>
/// A kernel selftest folder as static guest programs: the tests to run and everything that goes into
/// the initramfs for them (the tests, the commands they exec, and run-selftest).
/// </summary>
public sealed record SelftestSuite(string Folder, IReadOnlyList<SelftestProgram> Tests, IReadOnlyList<GuestProgram> GuestPrograms)
{
    /// <summary>kernel-tests/selftests/run-selftest.c in the guest.</summary>
    public const string RunnerPath = "/selftests/run-selftest";

    /// <summary>
    /// tools/testing/selftests/ptrace of <paramref name="sourceDir"/>: every C file there is one test
    /// (get_syscall_info, peeksiginfo and vmaccess in 6.1), built with that folder Makefile's CFLAGS
    /// and the tree's uapi headers, as lib.mk's KHDR_INCLUDES does. vmaccess execs "true" and "sleep"
    /// by name, which the initramfs otherwise lacks.
    /// </summary>
    /// <param name="uapiIncludeDir">The tree's installed uapi headers (<see cref="UapiHeaders"/>).</param>
    /// <param name="toolsDir">kernel-tests/selftests: run-selftest.c and coreutils.c.</param>
    public static SelftestSuite Ptrace(string sourceDir, string uapiIncludeDir, string toolsDir)
    {
        const string folder = "ptrace";
        var directory = Path.Combine(sourceDir, "tools", "testing", "selftests", folder);
        var sources = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.c").Order(StringComparer.Ordinal).ToArray()
            : [];
        if (sources.Length == 0)
            throw new InfrastructureException($"no selftest sources in {directory}");

        string[] flags =
        [
            // The folder Makefile's CFLAGS (its -iquote is relative to the folder).
            "-std=c99", "-pthread", "-iquote", Path.Combine(sourceDir, "include", "uapi"), "-Wall",
            "-isystem", uapiIncludeDir,
            // The kernel's tests are not ours to keep free of -Wextra warnings.
            "-Wno-error",
        ];
        var tests = sources
            .Select(source => Path.GetFileNameWithoutExtension(source))
            .Select(name => new SelftestProgram(name, $"/selftests/{folder}/{name}"))
            .ToArray();
        var coreutils = Path.Combine(toolsDir, "coreutils.c");
        GuestProgram[] programs =
        [
            new GuestProgram(RunnerPath, [Path.Combine(toolsDir, "run-selftest.c")]),
            .. tests.Zip(sources, (test, source) => new GuestProgram(test.GuestPath, [source], flags)),
            new GuestProgram("/bin/true", [coreutils]),
            new GuestProgram("/bin/sleep", [coreutils]),
        ];
        return new SelftestSuite(folder, tests, programs);
    }
}
