using System.Globalization;

namespace UtracePatchKit.QemuHarness.Report;

/// <summary>Small helpers for SVG drawn as text: numbers in invariant culture, escaped text.</summary>
internal static class Svg
{
    public static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f"];

    public static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    public static string N2(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Escaped for HTML and XML text and attributes; other characters stay UTF-8 (the page says so).</summary>
    public static string Text(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);

    /// <summary>At most <paramref name="max"/> characters, an ellipsis marking a cut.</summary>
    public static string Fit(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
