namespace UtracePatchKit.Cli.Commands;
