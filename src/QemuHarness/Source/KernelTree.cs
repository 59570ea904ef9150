using UtracePatchKit.Generator.Series;

namespace UtracePatchKit.QemuHarness.Source;

/// <summary>The cached kernel source of one line, ready to apply series on.</summary>
/// <param name="Tree">The git work tree <c>&lt;cache&gt;/linux-&lt;line&gt;/src</c> and the import commit (tag <c>utpk-base</c>).</param>
/// <param name="KernelVersion">From the top Makefile, e.g. "6.1.192".</param>
/// <param name="PackageVersion">The Debian package version, e.g. "6.1.192-2", or "unknown".</param>
public sealed record KernelTree(BaseTree Tree, string KernelVersion, string PackageVersion, KernelLineLayout Layout);
