using Spectre.Console.Cli;
using UtracePatchKit.Cli;
using UtracePatchKit.Cli.Commands;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("utpk");
    config.UseStrictParsing();
    config.AddCommand<ValidateCommand>("validate")
        .WithDescription("Generate, build, boot and run the scenarios for variant specs (the main job).")
        .WithExample("validate")
        .WithExample("validate", "specs/utrace-2009.yaml", "-s", "05");
    config.AddCommand<GenerateCommand>("generate")
        .WithDescription("Generate the patch series of a variant spec into patches/<variant>/.")
        .WithExample("generate", "specs/report-resume.yaml")
        .WithExample("generate", "--all", "--check");
    config.AddCommand<CompareCommand>("compare")
        .WithDescription("Validate several variants (default: all) and show them side by side.")
        .WithExample("compare")
        .WithExample("compare", "--overhead", "--json");
    config.AddCommand<DoctorCommand>("doctor")
        .WithDescription("Check the host tools and whether KVM is usable.");
});

// Spectre reports usage errors with a negative code; our convention is 2 for those.
var code = await app.RunAsync(args);
return code < 0 ? ExitCodes.Infrastructure : code;
