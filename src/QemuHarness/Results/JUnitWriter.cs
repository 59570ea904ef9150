using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace UtracePatchKit.QemuHarness.Results;

/// <summary>JUnit XML (testsuites/testsuite/testcase with failure and skipped), as CI systems read it.</summary>
internal sealed class JUnitWriter : IResultWriter
{
    public string FileName => "results.junit.xml";

    public string Render(RunResult run) => Document(run.Suite, [Suite(run, $"{run.Suite}.{run.Variant}")]);

    /// <summary>Several runs as one document, one testsuite each (a matrix: one per cell).</summary>
    /// <param name="runs">Each run with the name its testsuite and test cases get.</param>
    public static string RenderAll(string name, IReadOnlyList<(string SuiteName, RunResult Run)> runs) =>
        Document(name, runs.Select(r => Suite(r.Run, r.SuiteName)).ToArray());

    private static string Document(string name, IReadOnlyList<XElement> suites)
    {
        int Sum(string attribute) => suites.Sum(s => (int)s.Attribute(attribute)!);
        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", Clean(name)),
                new XAttribute("tests", Sum("tests")),
                new XAttribute("failures", Sum("failures")),
                new XAttribute("errors", Sum("errors")),
                new XAttribute("skipped", Sum("skipped")),
                new XAttribute("time", suites.Sum(s => double.Parse((string)s.Attribute("time")!, CultureInfo.InvariantCulture)).ToString("0.000", CultureInfo.InvariantCulture)),
                suites));

        var output = new Utf8StringWriter();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, NewLineChars = "\n" }))
            document.Save(writer);
        return output.ToString() + "\n";
    }

    private static XElement Suite(RunResult run, string className)
    {
        var suite = new XElement("testsuite",
            new XAttribute("name", Clean(className)),
            new XAttribute("tests", run.Cases.Count),
            new XAttribute("failures", run.Failed),
            new XAttribute("errors", 0),
            new XAttribute("skipped", run.Skipped),
            new XAttribute("time", Seconds(run.Duration)),
            new XAttribute("timestamp", run.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
            new XElement("properties",
                new[] { ("suite", run.Suite), ("variant", run.Variant) }
                    .Concat(run.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)))
                    .Concat(run.Paths.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ("path." + p.Key, p.Value)))
                    .Select(p => new XElement("property", new XAttribute("name", Clean(p.Item1)), new XAttribute("value", Clean(p.Item2))))),
            run.Cases.Select(c => Case(c, className)));

        if (run.ConsoleFindings.Count > 0)
        {
            var console = new StringBuilder();
            foreach (var finding in run.ConsoleFindings)
            {
                console.Append($"{finding.Kind} at console line {finding.LineNumber}: {finding.Title}\n");
                foreach (var line in finding.Lines)
                    console.Append("  ").Append(line).Append('\n');
            }
            suite.Add(new XElement("system-err", Clean(console.ToString())));
        }

        return suite;
    }

    private static XElement Case(CaseResult result, string className)
    {
        var element = new XElement("testcase",
            new XAttribute("name", Clean(result.Name)),
            new XAttribute("classname", Clean(className)),
            new XAttribute("time", Seconds(result.Duration)));
        var details = string.Join('\n', result.Details ?? []);
        switch (result.Status)
        {
            case CaseStatus.Fail:
                element.Add(new XElement("failure",
                    new XAttribute("message", Clean(result.Message ?? "failed")),
                    new XAttribute("type", "failure"),
                    Clean(details)));
                break;
            case CaseStatus.Skip:
                element.Add(new XElement("skipped", new XAttribute("message", Clean(result.Message ?? "skipped"))));
                break;
            case CaseStatus.Pass when details.Length > 0:
                element.Add(new XElement("system-out", Clean(details)));
                break;
        }
        return element;
    }

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>Console text can hold control characters XML 1.0 cannot represent at all.</summary>
    private static string Clean(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
            return text;
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                builder.Append(text[i]).Append(text[++i]);
                continue;
            }
            builder.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
        }
        return builder.ToString();
    }

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter()
            : base(CultureInfo.InvariantCulture)
        {
        }

        public override Encoding Encoding => new UTF8Encoding(false);
    }
}
