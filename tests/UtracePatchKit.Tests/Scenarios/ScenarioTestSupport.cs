using Xunit;
using UtracePatchKit.Generator.Spec;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.Tests.Scenarios;

/// <summary>The repository's real catalog and specs, located from the test binaries.</summary>
internal static class Repo
{
    public static readonly string[] Events =
        ["quiesce", "resume", "clone", "exec", "syscall_entry", "syscall_exit", "exit", "death", "reap"];

    private static readonly Lazy<IReadOnlyList<VariantSpec>> LazySpecs = new(LoadSpecs);
    private static readonly Lazy<IReadOnlyList<Scenario>> LazyCatalog = new(() => ScenarioLoader.LoadCatalog(CatalogDir));

    public static string Root { get; } = FindRoot();

    public static string CatalogDir => Path.Combine(Root, "kernel-tests", "scenarios");

    /// <summary>Every spec shipped in specs/.</summary>
    public static IReadOnlyList<VariantSpec> Specs => LazySpecs.Value;

    public static IReadOnlyList<Scenario> Catalog => LazyCatalog.Value;

    public static VariantSpec Spec(string variant) => Specs.Single(s => s.Variant == variant);

    public static Scenario Scenario(string id) => Catalog.Single(s => s.Id == id);

    private static IReadOnlyList<VariantSpec> LoadSpecs()
    {
        var loader = new SpecLoader(["6.1", "6.12"], Root);
        var specs = Directory.EnumerateFiles(Path.Combine(Root, "specs"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(loader.Load)
            .ToList();
        Assert.NotEmpty(specs);
        return specs;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UtracePatchKit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (UtracePatchKit.sln) not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Builds scenarios in code, so checker and runner tests do not depend on the loader.</summary>
internal static class Build
{
    public static Scenario Scenario(
        IReadOnlyDictionary<string, Expectation> expect,
        int? syscall = null,
        IReadOnlyList<string>? target = null,
        IReadOnlyList<EngineSetup>? engines = null,
        IReadOnlyList<ScriptLine>? script = null,
        IReadOnlyList<ScenarioStep>? beforeGo = null,
        IReadOnlyList<ScenarioStep>? steps = null,
        string id = "99",
        string title = "A test scenario") =>
        new(id, title, "why", null, "kernel-tests/scenarios/99-test.yaml", target ?? ["getpid"], syscall,
            engines ?? [], script ?? [], beforeGo ?? [], steps ?? [], expect);

    public static Expectation Expect(
        TargetOutcome? outcome = null,
        IReadOnlyDictionary<string, string>? report = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? order = null,
        IReadOnlyList<RecordCheck>? records = null) =>
        new(outcome, report ?? new Dictionary<string, string>(), order ?? new Dictionary<string, IReadOnlyList<string>>(), records ?? []);

    public static RecordCheck Record(
        IReadOnlyDictionary<string, string> match,
        IReadOnlyDictionary<string, string>? expect = null,
        int? count = null,
        bool absent = false) =>
        new(match, expect ?? new Dictionary<string, string>(), count, absent);

    public static Dictionary<string, string> Map(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public static ScenarioObservation Seen(
        int pid = 4242,
        TargetOutcome? outcome = null,
        IReadOnlyDictionary<string, string>? report = null,
        params string[] log) =>
        new(pid, outcome ?? new TargetOutcome(0, null), report ?? new Dictionary<string, string>(), log.Select(LogRecord.Parse).ToArray());
}
