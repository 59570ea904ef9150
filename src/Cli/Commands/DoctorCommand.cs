using Spectre.Console;
using Spectre.Console.Cli;
using UtracePatchKit.Cli.Output;
using UtracePatchKit.QemuHarness.Host;

namespace UtracePatchKit.Cli.Commands;

/// <summary><c>utpk doctor</c>: which host tools are present and whether KVM works here.</summary>
internal sealed class DoctorCommand : AsyncCommand<CommonSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, CommonSettings settings, CancellationToken cancellationToken) =>
        Reporter.GuardAsync(settings.Json, cancellationToken, async () =>
        {
            var report = await new HostTools().DoctorAsync(cancellationToken);
            if (settings.Json)
            {
                Json.Print(report);
                return report.Ready ? ExitCodes.Pass : ExitCodes.Infrastructure;
            }

            var table = new Table().AddColumns("tool", "status", "version / path");
            foreach (var tool in report.Tools)
            {
                var status = tool.Found ? "[green]found[/]" : tool.Optional ? "[yellow]optional, missing[/]" : "[red]missing[/]";
                table.AddRow(Markup.Escape(tool.Name), status, Markup.Escape(tool.Version ?? tool.Path ?? tool.DebianPackage ?? ""));
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"KVM: {(report.Kvm.Usable ? "usable" : "not usable")} ({report.Kvm.Reason}); QEMU will use -accel {report.Kvm.Accelerator}");
            if (report.InstallCommand is { } install)
            {
                AnsiConsole.MarkupLineInterpolated($"install the missing tools with: [blue]{install}[/]");
            }

            return report.Ready ? ExitCodes.Pass : ExitCodes.Infrastructure;
        });
}
