using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace UtracePatchKit.Cli.Commands;

internal class CommonSettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Print the result as JSON on stdout (progress still goes to stderr); errors too, as one JSON object.")]
    public bool Json { get; init; }
}

/// <summary>Commands that work on variant specs: named files, or every shipped one.</summary>
internal class SpecSettings : CommonSettings
{
    [CommandArgument(0, "[specs]")]
    [Description("Variant spec files (default: specs/report-resume.yaml for generate and validate, every spec under specs/ for compare, bench and matrix).")]
    public string[] Specs { get; init; } = [];

    [CommandOption("--all")]
    [Description("Every spec under specs/ (not together with named specs).")]
    public bool All { get; init; }

    // Otherwise one of the two is silently ignored.
    public override ValidationResult Validate() =>
        All && Specs.Length > 0
            ? ValidationResult.Error($"--all and named specs ({string.Join(", ", Specs)}) exclude each other: give one or the other")
            : base.Validate();
}
