using System.Text;
using UtracePatchKit.QemuHarness.Bench;

namespace UtracePatchKit.QemuHarness.Report;

/// <summary>
/// The bench as bars: per case, one bar per kernel for the ratio to the untraced call of the same
/// boot (median), with a whisker from min to max. The scale is logarithmic: a ptrace stop costs
/// hundreds of bare calls, a quiet engine a few.
/// </summary>
internal static class BenchChartSvg
{
    private const int LabelWidth = 250;
    private const int PlotWidth = 560;
    private const int Bar = 12;
    private const int Gap = 8;
    private const int Top = 40;

    public static string Draw(BenchJson.BenchDocument bench)
    {
        var kernels = bench.Kernels;
        var ids = kernels.SelectMany(k => k.Figures).Where(f => f.Ratio is not null).Select(f => (f.Id, f.Label)).Distinct().ToArray();
        var max = Math.Max(2, kernels.SelectMany(k => k.Figures).Select(f => f.Ratio?.Max ?? 1).Max());
        var decades = Math.Ceiling(Math.Log10(max));
        double X(double ratio) => LabelWidth + PlotWidth * Math.Log10(Math.Max(1, ratio)) / decades;
        var groupHeight = kernels.Count * Bar + Gap;
        var height = Top + ids.Length * groupHeight + 30;
        var width = LabelWidth + PlotWidth + 120;
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bench\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" ")
            .Append("role=\"img\" aria-label=\"cost per call as a ratio to the untraced call\" font-family=\"sans-serif\" font-size=\"11\">");
        for (var k = 0; k < kernels.Count; k++)
        {
            svg.Append($"<rect x=\"{LabelWidth + k * 140}\" y=\"6\" width=\"10\" height=\"10\" fill=\"{Svg.Palette[k % Svg.Palette.Length]}\"/>")
                .Append($"<text x=\"{LabelWidth + k * 140 + 14}\" y=\"15\">{Svg.Text(kernels[k].Name)}</text>");
        }

        for (var d = 0; d <= decades; d++)
        {
            var x = X(Math.Pow(10, d));
            svg.Append($"<line x1=\"{Svg.N(x)}\" y1=\"{Top - 10}\" x2=\"{Svg.N(x)}\" y2=\"{height - 24}\" stroke=\"#ddd\"/>")
                .Append($"<text x=\"{Svg.N(x)}\" y=\"{height - 10}\" text-anchor=\"middle\" fill=\"#666\">×{Svg.N(Math.Pow(10, d))}</text>");
        }

        for (var i = 0; i < ids.Length; i++)
        {
            var y0 = Top + i * groupHeight;
            svg.Append($"<text x=\"{LabelWidth - 6}\" y=\"{y0 + groupHeight / 2}\" text-anchor=\"end\">{Svg.Text(Svg.Fit(ids[i].Label, 44))}</text>");
            for (var k = 0; k < kernels.Count; k++)
            {
                var figure = kernels[k].Figures.FirstOrDefault(f => f.Id == ids[i].Id);
                if (figure?.Ratio is not { } ratio)
                {
                    continue;
                }

                var y = y0 + k * Bar;
                var color = Svg.Palette[k % Svg.Palette.Length];
                svg.Append($"<g><title>{Svg.Text(FormattableString.Invariant($"{kernels[k].Name}: {figure.Label}: x{ratio.Median:0.00} (min x{ratio.Min:0.00}, max x{ratio.Max:0.00}), {figure.Ns.Median:0} ns per call"))}</title>")
                    .Append($"<rect x=\"{LabelWidth}\" y=\"{y + 1}\" width=\"{Svg.N(X(ratio.Median) - LabelWidth)}\" height=\"{Bar - 2}\" fill=\"{color}\" opacity=\"0.8\"/>")
                    .Append($"<line x1=\"{Svg.N(X(ratio.Min))}\" y1=\"{y + Bar / 2}\" x2=\"{Svg.N(X(ratio.Max))}\" y2=\"{y + Bar / 2}\" stroke=\"#000\"/>")
                    .Append($"<line x1=\"{Svg.N(X(ratio.Min))}\" y1=\"{y + 2}\" x2=\"{Svg.N(X(ratio.Min))}\" y2=\"{y + Bar - 2}\" stroke=\"#000\"/>")
                    .Append($"<line x1=\"{Svg.N(X(ratio.Max))}\" y1=\"{y + 2}\" x2=\"{Svg.N(X(ratio.Max))}\" y2=\"{y + Bar - 2}\" stroke=\"#000\"/>")
                    .Append($"<text x=\"{Svg.N(X(ratio.Max) + 4)}\" y=\"{y + Bar - 2}\" fill=\"#333\">×{Svg.N2(ratio.Median)}</text></g>");
            }
        }

        return svg.Append("</svg>").ToString();
    }
}
