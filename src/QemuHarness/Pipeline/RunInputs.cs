using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Input;
using UtracePatchKit.Generator.Spec;
using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>
/// Everything a validate (or compare) run reads, checked before it writes anything: the specs,
/// the scenario catalog and the scenario ids asked for, the extra Kconfig fragments and where run
/// folders go. All problems are reported together.
/// </summary>
/// <param name="Fragments">Full paths of the extra Kconfig fragments.</param>
/// <param name="Targets">Each spec on each kernel line the command runs (see <see cref="KernelLineSelection"/>).</param>
public sealed record RunInputs(
    IReadOnlyList<VariantSpec> Specs, IReadOnlyList<Scenario> Scenarios, IReadOnlyList<string> Fragments, string RunsRoot, IReadOnlyList<SpecOnLine> Targets)
{
    /// <param name="scenarioIds">Only these scenarios (every id must exist); empty for all.</param>
    /// <param name="kernelLines">--kernel: comma-separated lines; null for every line each spec targets.</param>
    /// <exception cref="InputException">Any input is missing or invalid.</exception>
    public static RunInputs Load(
        ProjectLayout project,
        IReadOnlyList<string> specPaths,
        string scenariosDirectory,
        IReadOnlyList<string> scenarioIds,
        IReadOnlyList<string> fragments,
        string runsRoot,
        string? kernelLines = null)
    {
        var errors = new ErrorList();
        var paths = new DisplayPaths(project.Root);
        var specs = Collect(errors, () => SpecInputs.LoadAll(project, specPaths)) ?? [];
        var targets = Collect(errors, () => KernelLineSelection.Resolve(specs, kernelLines)) ?? [];
        var catalog = Collect(errors, () => ScenarioLoader.LoadCatalog(scenariosDirectory));
        var scenarios = catalog ?? [];
        if (catalog is { Count: 0 })
        {
            errors.Add(new LocatedError(paths.Of(scenariosDirectory), 0, 0, "the scenario directory holds no *.yaml scenario", "pass the catalog's directory"));
        }
        else if (catalog is not null && scenarioIds.Count > 0)
        {
            foreach (var id in scenarioIds.Where(id => catalog.All(s => s.Id != id)).Distinct())
            {
                errors.Add(new LocatedError(paths.Of(scenariosDirectory), 0, 0, $"-s {id}: no scenario has the id '{id}'",
                    $"use one of the ids: {string.Join(", ", catalog.Select(s => s.Id))}"));
            }

            scenarios = catalog.Where(s => scenarioIds.Contains(s.Id)).ToArray();
        }

        var fragmentPaths = fragments.Select(Path.GetFullPath).ToArray();
        foreach (var fragment in fragmentPaths)
        {
            Collect(errors, () => InputFile.ReadText(fragment, paths.Of(fragment), "Kconfig fragment"));
        }

        var runs = Path.GetFullPath(runsRoot);
        if (FileProbe.Of(runs).Kind is not (FileKind.Directory or FileKind.Missing))
        {
            errors.Add(new LocatedError(paths.Of(runs), 0, 0, $"--runs: is {FileProbe.Describe(FileProbe.Of(runs).Kind)}, not a directory",
                "pass a directory (it is created when missing)"));
        }

        errors.ThrowIfAny();
        return new RunInputs(specs, scenarios, fragmentPaths, runs, targets);
    }

    private static T? Collect<T>(ErrorList errors, Func<T> load)
        where T : class
    {
        try
        {
            return load();
        }
        catch (InputException ex)
        {
            errors.AddRange(ex.Errors);
            return null;
        }
    }
}
