using System.ComponentModel;
using Spectre.Console.Cli;

namespace UtracePatchKit.Cli.Commands;

internal class CommonSettings : CommandSettings
{
    [CommandOption("--json")]
    [Description("Print the result as JSON on stdout (progress still goes to stderr).")]
    public bool Json { get; init; }
}
