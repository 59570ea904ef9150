using System.Text;

namespace UtracePatchKit.QemuHarness.Report;

/// <summary>
/// A scenario's callbacks on one variant as an SVG sequence: one lane per engine, one row per
/// callback in log order; each box says the event, what the engine saw and what it returned.
/// </summary>
internal static class SequenceSvg
{
    private const int LaneWidth = 210;
    private const int Left = 34;
    private const int Header = 30;
    private const int Row = 22;
    private const int LabelChars = 31;

    /// <param name="id">Marks the drawing (data-scenario, data-variant) for whoever checks the page.</param>
    public static string Draw(CallbackSequence sequence, string scenarioId, string variant)
    {
        var lanes = Math.Max(1, sequence.Engines.Count);
        var width = Left + lanes * LaneWidth + 10;
        var rows = Math.Max(1, sequence.Steps.Count) + (sequence.LeftOut > 0 ? 1 : 0);
        var height = Header + rows * Row + 10;
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sequence\" data-scenario=\"{Svg.Text(scenarioId)}\" data-variant=\"{Svg.Text(variant)}\" ")
            .Append($"width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" ")
            .Append($"aria-label=\"callbacks of scenario {Svg.Text(scenarioId)} on {Svg.Text(variant)}\" font-family=\"monospace\" font-size=\"11\">");
        for (var lane = 0; lane < sequence.Engines.Count; lane++)
        {
            var x = Left + lane * LaneWidth;
            var color = Svg.Palette[lane % Svg.Palette.Length];
            svg.Append($"<rect x=\"{x + 4}\" y=\"4\" width=\"{LaneWidth - 8}\" height=\"20\" rx=\"4\" fill=\"{color}\"/>")
                .Append($"<text x=\"{x + LaneWidth / 2}\" y=\"18\" text-anchor=\"middle\" fill=\"#fff\" font-weight=\"bold\">{Svg.Text(Svg.Fit(sequence.Engines[lane], 26))}</text>")
                .Append($"<line x1=\"{x + LaneWidth / 2}\" y1=\"{Header - 4}\" x2=\"{x + LaneWidth / 2}\" y2=\"{height - 4}\" stroke=\"{color}\" stroke-dasharray=\"3 3\"/>");
        }

        if (sequence.Steps.Count == 0)
        {
            svg.Append($"<text x=\"{Left}\" y=\"{Header + 14}\" fill=\"#666\">no callback logged</text>");
        }

        for (var i = 0; i < sequence.Steps.Count; i++)
        {
            var step = sequence.Steps[i];
            var lane = Array.IndexOf(sequence.Engines.ToArray(), step.Engine);
            var x = Left + lane * LaneWidth;
            var y = Header + i * Row;
            var color = Svg.Palette[lane % Svg.Palette.Length];
            var label = $"{step.Event}{(step.Saw.Length > 0 ? " " + step.Saw : "")} → {step.Returned}";
            svg.Append($"<text x=\"4\" y=\"{y + 15}\" fill=\"#888\">{i + 1}</text>")
                .Append($"<g><title>{Svg.Text($"{step.Engine}: {label}")}</title>")
                .Append($"<rect x=\"{x + 6}\" y=\"{y + 2}\" width=\"{LaneWidth - 12}\" height=\"{Row - 4}\" rx=\"3\" fill=\"#fff\" stroke=\"{color}\"/>")
                .Append($"<text x=\"{x + 10}\" y=\"{y + 15}\" fill=\"#222\">{Svg.Text(Svg.Fit(label, LabelChars))}</text></g>");
        }

        if (sequence.LeftOut > 0)
        {
            var y = Header + sequence.Steps.Count * Row;
            svg.Append($"<text x=\"{Left}\" y=\"{y + 15}\" fill=\"#666\">… {sequence.LeftOut} more callbacks (see the run's log)</text>");
        }

        return svg.Append("</svg>").ToString();
    }
}
