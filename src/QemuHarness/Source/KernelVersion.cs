using System.Text.RegularExpressions;
using UtracePatchKit.Common.Diagnostics;

namespace UtracePatchKit.QemuHarness.Source;

/// <summary>Reads "VERSION.PATCHLEVEL.SUBLEVEL[EXTRAVERSION]" from a kernel tree's top Makefile.</summary>
public static partial class KernelVersion
{
    public static string FromMakefile(string makefileText)
    {
        string Field(string name)
        {
            var match = Regex.Match(makefileText, $@"^{name}\s*=[ \t]*(\S*)[ \t]*$", RegexOptions.Multiline);
            return match.Success ? match.Groups[1].Value : "";
        }

        var version = Field("VERSION");
        var patchLevel = Field("PATCHLEVEL");
        if (version.Length == 0 || patchLevel.Length == 0)
            throw new InfrastructureException("the kernel Makefile has no VERSION/PATCHLEVEL lines");
        var subLevel = Field("SUBLEVEL");
        var result = $"{version}.{patchLevel}";
        if (subLevel.Length > 0)
            result += "." + subLevel;
        return result + Field("EXTRAVERSION");
    }

    public static async Task<string> FromTreeAsync(string sourceDir, CancellationToken cancellationToken = default) =>
        FromMakefile(await File.ReadAllTextAsync(Path.Combine(sourceDir, "Makefile"), cancellationToken).ConfigureAwait(false));
}
