using System.Text;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Yaml;

namespace UtracePatchKit.QemuHarness.Scenarios;

/// <summary>
/// One claim, problem or wish of the report_resume proposal and what proves it: the scenarios
/// whose expectations show it on the booted kernels, and, where it is not (or only partly)
/// modelled, why.
/// </summary>
public sealed record ProposalPoint(string Id, string Quote, IReadOnlyList<string> Scenarios, string? NotModelled);

/// <summary>Reads <c>kernel-tests/proposal-points.yaml</c> and renders it as the catalog README's table.</summary>
public static class ProposalPoints
{
    public const string FileName = "proposal-points.yaml";

    private static readonly string[] TopKeys = ["points"];
    private static readonly string[] PointKeys = ["id", "quote", "scenarios", "not_modelled"];

    public static IReadOnlyList<ProposalPoint> Load(string file)
    {
        var errors = new ErrorList();
        var display = new DisplayPaths(DisplayPaths.FindRepoRoot(file)).Of(file);
        var root = YamlTreeReader.Read(File.ReadAllText(file), display, errors);
        var reader = new NodeReader(errors);
        var points = new List<ProposalPoint>();
        var items = reader.Mapping(root, "points file", "at the top level", TopKeys) is { } top
            ? reader.Sequence(top.Required("points"), "points")?.Items ?? []
            : [];
        foreach (var item in items)
        {
            if (Point(reader, item) is { } point)
            {
                if (points.Any(p => p.Id == point.Id))
                {
                    reader.Error(item, $"point id '{point.Id}' is used twice", "give every point its own id");
                }

                points.Add(point);
            }
        }

        errors.ThrowIfAny();
        return points;
    }

    private static ProposalPoint? Point(NodeReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "point", "in a point", PointKeys);
        if (map is null)
        {
            return null;
        }

        var id = reader.Text(map.Required("id"), "id");
        var quote = reader.Text(map.Required("quote"), "quote");
        var scenarios = map.Optional("scenarios") is { } list
            ? reader.Sequence(list, "scenarios")?.Items.Select(i => reader.Text(i, "scenarios")).OfType<string>().ToArray() ?? []
            : [];
        var notModelled = map.Optional("not_modelled") is { } why ? reader.Text(why, "not_modelled") : null;
        if (scenarios.Length == 0 && notModelled is null)
        {
            reader.Error(node, $"point '{id}' names no scenario and gives no reason",
                "list the scenarios that prove it, or say in not_modelled why none does");
        }

        return id is null || quote is null ? null : new ProposalPoint(id, quote, scenarios, notModelled);
    }

    /// <summary>The Markdown table of the catalog README (one row per point).</summary>
    public static string MarkdownTable(IReadOnlyList<ProposalPoint> points)
    {
        var text = new StringBuilder();
        text.Append("| point | the proposal says | proven by | not modelled |\n|---|---|---|---|\n");
        foreach (var p in points)
        {
            text.Append($"| {p.Id} | \"{Cell(p.Quote)}\" | {string.Join(", ", p.Scenarios)} | {Cell(p.NotModelled ?? "")} |\n");
        }

        return text.ToString();
    }

    private static string Cell(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal).Trim();
}
