using System.ComponentModel;
using Spectre.Console.Cli;

namespace UtracePatchKit.Cli.Commands;

internal class CommonSettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Print the result as JSON on stdout (progress still goes to stderr).")]
    public bool Json { get; init; }
}

/// <summary>Commands that work on variant specs: named files, or every shipped one.</summary>
internal class SpecSettings : CommonSettings
{
    [CommandArgument(0, "[specs]")]
    [Description("Variant spec files (default: specs/report-resume.yaml).")]
    public string[] Specs { get; init; } = [];

    [CommandOption("--all")]
    [Description("Every spec under specs/.")]
    public bool All { get; init; }
}
