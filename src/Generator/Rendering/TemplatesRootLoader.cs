using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace UtracePatchKit.Generator.Rendering;

/// <summary>Resolves <c>include "x.sbn"</c> against the templates root, never outside it.</summary>
internal sealed class TemplatesRootLoader(string templatesRoot) : ITemplateLoader
{
    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) =>
        TemplatePaths.Resolve(templatesRoot, templateName)
        ?? throw new Scriban.Syntax.ScriptRuntimeException(callerSpan, $"include '{templateName}' leaves the templates root");

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => File.ReadAllText(templatePath);

    public async ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        await File.ReadAllTextAsync(templatePath);
}
