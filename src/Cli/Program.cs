using UtracePatchKit.Cli;

return await CliApp.RunAsync(args);
