using Scriban.Runtime;
using UtracePatchKit.Generator.Spec;

namespace UtracePatchKit.Generator.Rendering;

/// <summary>
/// The globals every template sees: <c>spec</c>, <c>generated_notice</c> and <c>kernel</c>.
/// Built by hand rather than imported by reflection so enums render as their snake_case YAML
/// words and no machine-specific value (absolute paths) can reach generated output.
/// </summary>
public sealed record TemplateGlobals(VariantSpec Spec)
{
    public string GeneratedNotice =>
        $"Generated from {Spec.DisplayPath} by UtracePatchKit; do not edit. Regenerate with: utpk generate {Spec.DisplayPath}";

    public string Kernel => Spec.KernelLine;

    /// <summary>A fresh, read-only script object; callers may push it into any number of contexts.</summary>
    public ScriptObject ToScriptObject()
    {
        var globals = new ScriptObject
        {
            ["spec"] = SpecObject(Spec),
            ["generated_notice"] = GeneratedNotice,
            ["kernel"] = Kernel,
        };
        globals.IsReadOnly = true;
        return globals;
    }

    private static ScriptObject SpecObject(VariantSpec spec)
    {
        var bands = new ScriptArray();
        foreach (var band in spec.Bands)
        {
            bands.Add(ReadOnly(new ScriptObject { ["name"] = band.Name, ["priority"] = band.Priority }));
        }

        var order = new ScriptObject();
        foreach (var (kind, rule) in spec.Order.All)
        {
            order[SnakeCase.Of(kind)] = SnakeCase.Of(rule);
        }

        // Templates may spell the resume slot the way the spec file does.
        order["signal"] = SnakeCase.Of(spec.Order.Resume);

        return ReadOnly(new ScriptObject
        {
            ["variant"] = spec.Variant,
            ["description"] = spec.Description,
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
            ["source_path"] = spec.DisplayPath,
        });
    }

    private static ScriptObject ReadOnly(ScriptObject obj)
    {
        obj.IsReadOnly = true;
        return obj;
    }
}
