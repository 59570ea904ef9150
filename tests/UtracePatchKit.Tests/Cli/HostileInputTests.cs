using System.Text;
using System.Text.RegularExpressions;
using UtracePatchKit.Tests.Generator;
using UtracePatchKit.Tests.Support;
using Xunit;

namespace UtracePatchKit.Tests.Cli;

/// <summary>
/// Hostile inputs through the real utpk process: spec files, scenario files and command lines.
/// Each must end with exit code 2 and a message that names the file (file:line:column where the
/// problem has a position), and nothing may be written: the sandbox's patches/, runs/ and cache
/// stay exactly as they were. Every case gets a fresh sandbox, so one case's writes cannot
/// disturb another's verdict.
/// </summary>
public sealed class HostileInputTests
{
    /// <param name="Expected">A regex that one whole line of stderr must match.</param>
    public sealed record HostileCase(string[] Args, string Expected, Action<CliSandbox>? Setup = null);

    public static IEnumerable<object[]> Names => Cases.Keys.Select(name => new object[] { name });

    [Fact]
    public void The_table_has_at_least_40_cases() => Assert.True(Cases.Count >= 40, $"{Cases.Count} cases");

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Refused_with_exit_2_a_located_message_and_nothing_written(string name)
    {
        using var sandbox = new CliSandbox();
        var hostile = Cases[name];
        hostile.Setup?.Invoke(sandbox);
        var before = sandbox.Snapshot();

        var run = await sandbox.RunAsync(hostile.Args, TimeSpan.FromSeconds(60));

        Assert.False(run.TimedOut, "utpk did not finish within 60 s");
        Assert.True(run.Code == 2, $"exit code {run.Code}\nstdout: {run.Stdout}\nstderr: {run.Stderr}");
        var lines = run.Stderr.Split('\n').Select(l => l.TrimEnd('\r'));
        Assert.True(lines.Any(l => Regex.IsMatch(l, "^" + hostile.Expected + "$")),
            $"no stderr line matches {hostile.Expected}\nstderr:\n{run.Stderr}");
        Assert.Equal("", run.Stdout);
        Assert.Equal(before, sandbox.Snapshot());
        Assert.False(Directory.Exists(sandbox.Cache), "the cache was created");
        Assert.Empty(Directory.GetFileSystemEntries(sandbox.Temp));
    }

    private static string Spec(string variant) => SpecSamples.Valid.Replace("variant: report-resume", $"variant: {variant}");

    private static string SpecWith(string variant, string from, string to)
    {
        var spec = Spec(variant);
        Assert.Contains(from, spec);
        return spec.Replace(from, to);
    }

    private static string Description(string variant, string line) =>
        SpecWith(variant, "  The seed's proposal.\n", $"  The seed's proposal.\n  {line}\n");

    private static byte[] Bytes(string text, string marker, params byte[] replacement)
    {
        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        var at = Encoding.UTF8.GetString(bytes.ToArray()).IndexOf(marker, StringComparison.Ordinal);
        bytes.RemoveRange(at, marker.Length);
        bytes.InsertRange(at, replacement);
        return bytes.ToArray();
    }

    // Spec file cases run "generate inputs/<name>.yaml"; the variant matches the file name so the
    // case's own problem is the only one.
    private static KeyValuePair<string, HostileCase> SpecCase(string name, string expected, Action<CliSandbox, string> write) =>
        new(name, new HostileCase(["generate", $"inputs/{name}.yaml"], expected, s => write(s, $"{name}.yaml")));

    private static KeyValuePair<string, HostileCase> SpecText(string name, string expected, string text) =>
        SpecCase(name, expected, (s, file) => s.Write(file, text));

    // Scenario cases run "validate --scenarios inputs/<name>/" on a shipped spec.
    private static KeyValuePair<string, HostileCase> ScenarioCase(string name, string expected, Action<CliSandbox, string> write) =>
        new(name, new HostileCase(["validate", "--scenarios", $"inputs/{name}", "specs/report-resume.yaml"], expected,
            s =>
            {
                Directory.CreateDirectory(s.Input(name));
                write(s, $"{name}/90-hostile.yaml");
            }));

    private static KeyValuePair<string, HostileCase> ScenarioText(string name, string expected, string text) =>
        ScenarioCase(name, expected, (s, file) => s.Write(file, text));

    private static KeyValuePair<string, HostileCase> Arguments(string name, string expected, params string[] args) =>
        new(name, new HostileCase(args, expected));

    private const string Scenario = """
        id: "90"
        title: hostile
        why: testing
        target: [getpid]
        engines:
          - { name: A, band: observer, events: [syscall_entry] }
        steps:
          - { command: "reset" }
        expect:
          all:
            outcome: { exited: 0 }

        """;

    private static readonly string LongDirectory = string.Join('/', Enumerable.Repeat(new string('d', 200), 5));

    private static readonly Dictionary<string, HostileCase> Cases = new(
    [
        // The spec file itself.
        SpecCase("missing", @"inputs/missing\.yaml: error: spec file not found \(fix: check the path\)", (_, _) => { }),
        SpecCase("directory", @"inputs/directory\.yaml: error: is a directory, not a file .*", (s, file) => Directory.CreateDirectory(s.Input(file))),
        SpecCase("fifo", @"inputs/fifo\.yaml: error: is a FIFO \(named pipe\), not a regular file .*", (s, file) => Fifo.Create(s.Input(file))),
        SpecCase("dev-zero", @"inputs/dev-zero\.yaml: error: is a character device, not a regular file .*",
            (s, file) => File.CreateSymbolicLink(s.Input(file), "/dev/zero")),
        SpecText("too-large", @"inputs/too-large\.yaml:257:1: error: the spec is larger than 256 KiB .*",
            string.Concat(Enumerable.Repeat("#" + new string('x', 1022) + "\n", 300))),
        SpecCase("invalid-utf8", @"inputs/invalid-utf8\.yaml:3:7: error: the spec is not valid UTF-8 \(byte 0xE9 .*",
            (s, file) => s.Write(file, Bytes(Spec("invalid-utf8"), "seed", 0xE9))),
        SpecText("nul-byte", @"inputs/nul-byte\.yaml:3:7: error: the spec contains U\+0000 \(a control character\).*",
            Spec("nul-byte").Replace("The seed", "The \0seed")),
        SpecText("bidi-override", @"inputs/bidi-override\.yaml:3:7: error: the spec contains U\+202E \(a bidirectional text control\).*",
            Spec("bidi-override").Replace("The seed", "The \u202Eseed")),
        SpecText("lone-carriage-return", @"inputs/lone-carriage-return\.yaml:3:7: error: the spec contains U\+000D .*",
            Spec("lone-carriage-return").Replace("The seed", "The \rseed")),
        SpecText("flow-nesting", @"inputs/flow-nesting\.yaml:5:\d+: error: the document nests deeper than 64 levels .*",
            SpecWith("flow-nesting", "bands:\n", "bands: " + new string('[', 40_000) + new string(']', 40_000) + "\nx:\n")),
        SpecText("block-nesting", @"inputs/block-nesting\.yaml:\d+:\d+: error: the document nests deeper than 64 levels .*",
            "variant: block-nesting\n" + string.Concat(Enumerable.Range(0, 100).Select(i => new string(' ', i) + "a:\n"))),
        SpecText("tab-indent", @"inputs/tab-indent\.yaml:13:1: error: invalid YAML: .*tab.*",
            SpecWith("tab-indent", "  resume: priority\n", "\tresume: priority\n")),
        SpecText("empty", @"inputs/empty\.yaml:1:1: error: the file is empty .*", ""),
        SpecText("two-documents", @"inputs/two-documents\.yaml:30:1: error: more than one YAML document in the file .*",
            Spec("two-documents") + "---\nvariant: two-documents\n"),
        SpecText("unknown-key", @"inputs/unknown-key\.yaml:30:1: error: unknown key 'signal_mrege' at the top level .*",
            Spec("unknown-key") + "signal_mrege: last_word\n"),
        SpecText("duplicate-key", @"inputs/duplicate-key\.yaml:30:1: error: duplicate key 'signal_merge' \(first defined at 28:1\).*",
            Spec("duplicate-key") + "signal_merge: last_word\n"),
        SpecText("unknown-alias", @"inputs/unknown-alias\.yaml:10:15: error: unknown alias '\*nope' .*",
            SpecWith("unknown-alias", "default_band: observer", "default_band: *nope")),
        SpecText("top-level-list", @"inputs/top-level-list\.yaml:1:1: error: 'spec' must be a mapping of key: value lines .*", "- a\n- b\n"),
        SpecText("variant-mismatch", @"inputs/variant-mismatch\.yaml:1:10: error: variant 'another' does not match the file name 'variant-mismatch\.yaml' .*",
            Spec("another")),
        SpecText("band-name-newline", @"inputs/band-name-newline\.yaml:6:3: error: band name 'observer\\n' does not match \^\[a-z_\]\+\$ .*",
            SpecWith("band-name-newline", "  observer: 10", "  \"observer\\n\": 10")),
        SpecText("variant-newline", @"inputs/variant-newline\.yaml:1:10: error: 'variant' value 'variant-newline\\n' does not match .*",
            SpecWith("variant-newline", "variant: variant-newline", "variant: \"variant-newline\\n\"")),
        SpecText("kernel-newline", @"inputs/kernel-newline\.yaml:4:9: error: kernel line '6\.1\\n' is not a version like 6\.1 .*",
            SpecWith("kernel-newline", "kernel: \"6.1\"", "kernel: \"6.1\\n\"")),
        SpecText("mbox-from-line", @"inputs/mbox-from-line\.yaml:4:3: error: a description line starting with 'From' would split the cover letter .*",
            Description("mbox-from-line", "From 77c973521d92cdb053b974152cdd28ed44891ecf Mon Sep 17 00:00:00 2001")),
        SpecText("mbox-separator", @"inputs/mbox-separator\.yaml:4:3: error: a description line starting with '---' would split the cover letter .*",
            Description("mbox-separator", "---")),
        SpecText("mbox-diff", @"inputs/mbox-diff\.yaml:4:3: error: a description line starting with 'diff -' would split the cover letter .*",
            Description("mbox-diff", "diff --git a/kernel/utrace.c b/kernel/utrace.c")),
        SpecText("escaped-control", @"inputs/escaped-control\.yaml:2:14: error: the description contains U\+001B \(a control character\).*",
            SpecWith("escaped-control", "description: |\n  The seed's proposal.\n", "description: \"\\e[31mred\"\n")),
        SpecText("long-description", @"inputs/long-description\.yaml:2:14: error: the description is \d+ characters long; at most 16384 fit a cover letter .*",
            SpecWith("long-description", "  The seed's proposal.\n", string.Concat(Enumerable.Repeat("  " + new string('x', 70) + "\n", 300)))),
        SpecText("ten-megabyte-description", @"inputs/ten-megabyte-description\.yaml:\d+:\d+: error: the spec is larger than 256 KiB .*",
            SpecWith("ten-megabyte-description", "  The seed's proposal.\n", string.Concat(Enumerable.Repeat("  " + new string('x', 98) + "\n", 100_000)))),
        SpecText("alias-bomb", @"inputs/alias-bomb\.yaml:\d+:\d+: error: 'bands' must be a mapping of band name: priority .*",
            SpecWith("alias-bomb", "bands:\n", "x0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" +
                string.Concat(Enumerable.Range(1, 9).Select(i => $"x{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n")) +
                "bands: *a9\nignored:\n")),
        new("out-of-tree-shipped-name", new HostileCase(["generate", "inputs/elsewhere/report-resume.yaml"],
            @"inputs/elsewhere/report-resume\.yaml:1:10: error: this spec is not under specs/, and its series would replace the shipped series in patches/report-resume/ \(fix: pass --out DIR .*",
            s => s.Write("elsewhere/report-resume.yaml", SpecSamples.Valid))),
        new("out-of-tree-new-name", new HostileCase(["generate", "inputs/brand-new.yaml"],
            @"inputs/brand-new\.yaml:1:10: error: this spec is not under specs/, and patches/ holds only the series of specs/ .*",
            s => s.Write("brand-new.yaml", Spec("brand-new")))),
        new("good-spec-then-bad-spec", new HostileCase(["generate", "specs/utrace-2009.yaml", "inputs/second-bad.yaml"],
            @"inputs/second-bad\.yaml:30:1: error: unknown key 'oops' .*",
            s => s.Write("second-bad.yaml", Spec("second-bad") + "oops: 1\n"))),
        Arguments("same-variant-twice", @"specs/report-resume\.yaml:1:10: error: variant 'report-resume' is also given by specs/report-resume\.yaml .*",
            "generate", "specs/report-resume.yaml", "specs/report-resume.yaml"),
        new("long-path-one-line", new HostileCase(["generate", $"inputs/{LongDirectory}/long-path-one-line.yaml"],
            $@"inputs/{LongDirectory}/long-path-one-line\.yaml:30:1: error: unknown key 'x' at the top level \(fix: .*\)",
            s => s.Write($"{LongDirectory}/long-path-one-line.yaml", Spec("long-path-one-line") + "x: 1\n"))),

        // Scenario files.
        ScenarioText("scenario-invalid-yaml", @"inputs/scenario-invalid-yaml/90-hostile\.yaml:1:5: error: invalid YAML after this position .*", "id: [\ntitle: x\n"),
        ScenarioText("scenario-unknown-key", @"inputs/scenario-unknown-key/90-hostile\.yaml:12:1: error: unknown key 'expectt' at the top level .*",
            Scenario + "expectt: {}\n"),
        ScenarioCase("scenario-fifo", @"inputs/scenario-fifo/90-hostile\.yaml: error: is a FIFO \(named pipe\), not a regular file .*",
            (s, file) => Fifo.Create(s.Input(file))),
        ScenarioCase("scenario-invalid-utf8", @"inputs/scenario-invalid-utf8/90-hostile\.yaml:2:8: error: the scenario is not valid UTF-8 .*",
            (s, file) => s.Write(file, Bytes(Scenario, "hostile", 0xC3, 0x28))),
        ScenarioText("scenario-nesting", @"inputs/scenario-nesting/90-hostile\.yaml:12:\d+: error: the document nests deeper than 64 levels .*",
            Scenario + "notes: " + new string('[', 40_000) + new string(']', 40_000) + "\n"),
        ScenarioText("scenario-too-large", @"inputs/scenario-too-large/90-hostile\.yaml:\d+:\d+: error: the scenario is larger than 256 KiB .*",
            Scenario + string.Concat(Enumerable.Repeat("# " + new string('x', 1000) + "\n", 300))),
        ScenarioCase("scenario-duplicate-id", @"inputs/scenario-duplicate-id/91-again\.yaml:1:1: error: scenario id '90' is used twice .*",
            (s, file) =>
            {
                s.Write(file, Scenario);
                s.Write("scenario-duplicate-id/91-again.yaml", Scenario);
            }),
        ScenarioText("scenario-exec-relative", @"inputs/scenario-exec-relative/90-hostile\.yaml:8:11: error: 'exec' needs 'run' with an absolute program path first .*",
            Scenario.Replace("  - { command: \"reset\" }", "  - exec: { run: [utpk-hostile] }")),
        ScenarioText("scenario-newline-in-command", @"inputs/scenario-newline-in-command/90-hostile\.yaml:8:16: error: 'command' contains a control character.*",
            Scenario.Replace("{ command: \"reset\" }", "{ command: \"reset\\nPOWEROFF\" }")),
        ScenarioText("scenario-space-in-word", @"inputs/scenario-space-in-word/90-hostile\.yaml:4:10: error: 'target' value 'getpid 1' must be one word .*",
            Scenario.Replace("target: [getpid]", "target: [\"getpid 1\"]")),
        ScenarioCase("scenario-empty-directory", @"inputs/scenario-empty-directory: error: the scenario directory holds no \*\.yaml scenario .*",
            (s, file) => File.Delete(s.Input(file))),
        new("scenario-missing-directory", new HostileCase(["validate", "--scenarios", "inputs/nowhere", "specs/report-resume.yaml"],
            @"inputs/nowhere: error: scenario directory not found .*")),

        // Command lines.
        Arguments("generate-all-and-a-spec", @"utpk: error: --all and named specs \(x\.yaml\) exclude each other: give one or the other", "generate", "--all", "x.yaml"),
        Arguments("compare-all-and-a-spec", @"utpk: error: --all and named specs .*", "compare", "--all", "specs/report-resume.yaml"),
        Arguments("unknown-scenario-id", @"kernel-tests/scenarios: error: -s 99: no scenario has the id '99' \(fix: use one of the ids: 01, .*\)",
            "validate", "-s", "01", "-s", "99"),
        Arguments("unknown-option", @"utpk: error: Unknown option 'frobnicate'\.", "validate", "--frobnicate"),
        Arguments("unknown-command", @"utpk: error: Unknown command 'frobnicate'\.", "frobnicate"),
        Arguments("spec-is-a-directory", @"specs: error: is a directory, not a file .*", "generate", "specs"),
        Arguments("config-fragment-missing", @"inputs/none\.config: error: Kconfig fragment file not found .*",
            "validate", "--config", "inputs/none.config"),
        new("config-fragment-directory", new HostileCase(["validate", "--config", "inputs/fragments"],
            @"inputs/fragments: error: is a directory, not a file .*", s => Directory.CreateDirectory(s.Input("fragments")))),
        new("runs-is-a-file", new HostileCase(["validate", "--runs", "inputs/runs-file"],
            @"inputs/runs-file: error: --runs: is a regular file, not a directory .*", s => s.Write("runs-file", "x"))),
        new("out-is-a-file", new HostileCase(["generate", "--out", "inputs/out-file", "specs/report-resume.yaml"],
            @"utpk: error: --out inputs/out-file: is a file, not a directory", s => s.Write("out-file", "x"))),
        Arguments("author-flag-without-address", @"utpk: error: --author 'Somebody' is not ""Name <email>"": write it like --author ""Full Name <user@example\.org>""",
            "generate", "--author", "Somebody", "specs/report-resume.yaml"),
        SpecText("author-without-address", @"inputs/author-without-address\.yaml:2:9: error: author 'Somebody' is not 'Name <email>' .*",
            SpecWith("author-without-address", "variant: author-without-address\n", "variant: author-without-address\nauthor: Somebody\n")),
    ]);
}
