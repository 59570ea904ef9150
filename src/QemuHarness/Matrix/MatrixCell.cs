namespace UtracePatchKit.QemuHarness.Matrix;

/// <summary>One variant on one kernel line under one Kconfig profile: one build, one boot, one catalog run.</summary>
/// <param name="Spec">The spec's path relative to the repository root, forward slashes.</param>
public sealed record MatrixCell(string Variant, string Spec, string Kernel, string Profile)
{
    /// <summary>The cell's name in folders, artifacts and job names, e.g. <c>report-resume-6.12-lockdep</c>.</summary>
    public string Id => $"{Variant}-{Kernel}-{Profile}";
}
