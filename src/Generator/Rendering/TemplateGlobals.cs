using Scriban.Runtime;
using UtracePatchKit.Generator.Spec;

namespace UtracePatchKit.Generator.Rendering;

/// <summary>
/// The globals every template sees: <c>spec</c>, <c>generated_notice</c> and <c>kernel</c>.
/// Built by hand rather than imported by reflection so enums render as their snake_case YAML
/// words and no machine-specific value (absolute paths) can reach generated output. Every value
/// is either checked by the spec loader to be a plain word (variant, bands, kernel line, enum
/// words) or goes through <see cref="SourceText"/>: the spec's file name always, the description
/// when the output is a kernel source file (in mail text it is checked instead, see
/// <see cref="DescriptionRules"/>).
/// </summary>
public sealed record TemplateGlobals(VariantSpec Spec)
{
    /// <summary>The spec's name as generated output carries it (repo-relative or bare, escaped).</summary>
    public string SourcePath => SourceText.Escape(Spec.SourceName);

    public string GeneratedNotice =>
        $"Generated from {SourcePath} by UtracePatchKit; do not edit. Regenerate with: utpk generate {SourcePath}";

    public string Kernel => Spec.KernelLine;

    /// <summary>A fresh, read-only script object; callers may push it into any number of contexts.</summary>
    public ScriptObject ToScriptObject(OutputKind kind)
    {
        var globals = new ScriptObject
        {
            ["spec"] = SpecObject(kind),
            ["generated_notice"] = GeneratedNotice,
            ["kernel"] = Kernel,
        };
        globals.IsReadOnly = true;
        return globals;
    }

    private ScriptObject SpecObject(OutputKind kind)
    {
        var spec = Spec;
        var bands = new ScriptArray();
        foreach (var band in spec.Bands)
        {
            bands.Add(ReadOnly(new ScriptObject { ["name"] = band.Name, ["priority"] = band.Priority }));
        }

        var order = new ScriptObject();
        foreach (var (eventKind, rule) in spec.Order.All)
        {
            order[SnakeCase.Of(eventKind)] = SnakeCase.Of(rule);
        }

        // Templates may spell the resume slot the way the spec file does.
        order["signal"] = SnakeCase.Of(spec.Order.Resume);

        return ReadOnly(new ScriptObject
        {
            ["variant"] = spec.Variant,
            ["description"] = kind == OutputKind.Source ? SourceText.Escape(spec.Description) : spec.Description,
            ["kernel_line"] = spec.KernelLine,
            ["kernel"] = spec.KernelLine,
            ["bands"] = bands,
            ["default_band"] = spec.DefaultBand,
            ["order"] = ReadOnly(order),
            ["signal_report"] = SnakeCase.Of(spec.SignalReport),
            ["report_without_signal"] = SnakeCase.Of(spec.ReportWithoutSignal),
            ["action_chaining"] = spec.ActionChaining,
            ["inject_signal"] = spec.InjectSignal,
            ["syscall_abort"] = SnakeCase.Of(spec.SyscallAbort),
            ["register_restore"] = SnakeCase.Of(spec.RegisterRestore),
            ["resume_action_merge"] = SnakeCase.Of(spec.ResumeActionMerge),
            ["signal_merge"] = SnakeCase.Of(spec.SignalMerge),
            ["attach_during_event"] = SnakeCase.Of(spec.AttachDuringEvent),
            ["source_path"] = SourcePath,
        });
    }

    private static ScriptObject ReadOnly(ScriptObject obj)
    {
        obj.IsReadOnly = true;
        return obj;
    }
}
