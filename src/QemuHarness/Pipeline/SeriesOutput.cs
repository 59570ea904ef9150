using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Spec;

namespace UtracePatchKit.QemuHarness.Pipeline;

/// <summary>
/// Where <c>utpk generate</c> writes a spec's series. patches/ holds the committed series of the
/// specs under specs/ and nothing else, so a spec from anywhere else never lands there by
/// accident (a stray report-resume.yaml would replace the shipped series): it needs an explicit
/// output directory.
/// </summary>
public static class SeriesOutput
{
    /// <param name="outputRoot">--out: the series goes to &lt;outputRoot&gt;/&lt;variant&gt;/ whatever the spec.</param>
    /// <returns>The root under which &lt;variant&gt;/ is written.</returns>
    /// <exception cref="InputException">The spec is outside specs/ and no output root was given.</exception>
    public static string RootFor(ProjectLayout project, VariantSpec spec, string? outputRoot)
    {
        if (outputRoot is not null)
        {
            return Path.GetFullPath(outputRoot);
        }

        if (project.IsShippedSpec(spec.SourcePath))
        {
            return project.PatchesRoot;
        }

        var target = $"patches/{spec.Variant}/";
        var shipped = Directory.Exists(Path.Combine(project.PatchesRoot, spec.Variant));
        throw new InputException([LocatedError.At(
            spec.VariantAt ?? new SourceLocation(spec.DisplayPath, 0, 0),
            shipped
                ? $"this spec is not under specs/, and its series would replace the shipped series in {target}"
                : $"this spec is not under specs/, and patches/ holds only the series of specs/ (it would create {target})",
            $"pass --out DIR to write DIR/{spec.Variant}/, or move the spec into specs/")]);
    }
}
