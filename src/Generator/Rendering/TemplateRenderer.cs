using System.Globalization;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;
using UtracePatchKit.Common.Diagnostics;

namespace UtracePatchKit.Generator.Rendering;

/// <summary>
/// Renders Scriban templates strictly (an undefined name is an error) with the
/// <see cref="TemplateGlobals"/>. Failures throw a <see cref="InputException"/> whose errors
/// point at the template file, or at the YAML line for templates embedded in YAML.
/// </summary>
internal sealed class TemplateRenderer
{
    private readonly TemplateGlobals _globals;
    private readonly DisplayPaths _paths;

    public TemplateRenderer(string templatesRoot, TemplateGlobals globals, DisplayPaths paths)
    {
        TemplatesRoot = Path.GetFullPath(templatesRoot);
        _globals = globals;
        _paths = paths;
    }

    public string TemplatesRoot { get; }

    /// <summary>Renders a whole file of the kernel tree (so free text is escaped for source).</summary>
    /// <param name="name">Path relative to the templates root, e.g. core/utrace.h.sbn.</param>
    /// <param name="requestedAt">Where the template was named, for "not found" errors.</param>
    public string RenderFile(string name, SourceLocation? requestedAt = null)
    {
        var full = TemplatePaths.Resolve(TemplatesRoot, name);
        var at = requestedAt ?? new SourceLocation(_paths.Of(Path.Combine(TemplatesRoot, name)), 0, 0);
        if (full is null)
        {
            throw Fail(at, $"template '{name}' is outside the templates root", "use a path relative to the templates root without '..'");
        }

        if (!File.Exists(full))
        {
            throw Fail(at, $"template '{name}' not found under {_paths.Of(TemplatesRoot)}", "create the template or fix its path");
        }

        var display = _paths.Of(full);
        return Render(File.ReadAllText(full), display, (line, column) => new SourceLocation(display, line + 1, column + 1), OutputKind.Source);
    }

    /// <param name="kind">Where the text goes: an edit of a kernel file, or a commit message or cover letter.</param>
    public string RenderText(TemplateText text, OutputKind kind) => Render(text.Text, text.Start.File, text.Locate, kind);

    private string Render(string source, string sourceName, Func<int, int, SourceLocation> locate, OutputKind kind)
    {
        var template = Template.Parse(source, sourceName);
        if (template.HasErrors)
        {
            throw new InputException(template.Messages.Select(m => Located(m.Span, m.Message, sourceName, locate)));
        }

        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            MemberRenamer = StandardMemberRenamer.Default,
            TemplateLoader = new TemplatesRootLoader(TemplatesRoot),
            NewLine = "\n",
        };
        context.PushCulture(CultureInfo.InvariantCulture);
        context.PushGlobal(_globals.ToScriptObject(kind));

        // Assignments land in this scope, so globals stay untouched between renders.
        context.PushGlobal(new ScriptObject());
        try
        {
            return template.Render(context);
        }
        catch (ScriptParserRuntimeException ex)
        {
            throw new InputException(ex.ParserMessages.Select(m => Located(m.Span, m.Message, sourceName, locate)));
        }
        catch (ScriptRuntimeException ex)
        {
            throw new InputException([Located(ex.Span, ex.OriginalMessage, sourceName, locate)]);
        }
    }

    private LocatedError Located(SourceSpan span, string message, string sourceName, Func<int, int, SourceLocation> locate)
    {
        // Spans from an included template name that file, not the one being rendered.
        var at = span.FileName is null || span.FileName == sourceName
            ? locate(span.Start.Line, span.Start.Column)
            : new SourceLocation(_paths.Of(span.FileName), span.Start.Line + 1, span.Start.Column + 1);
        return LocatedError.At(at, $"template: {message}", "fix the template expression at this position; templates see spec, author and kernel, and in commit messages and the cover letter also provenance and tool_version");
    }

    private static InputException Fail(SourceLocation at, string message, string fix) => new([LocatedError.At(at, message, fix)]);
}
