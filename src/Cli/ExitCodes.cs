namespace UtracePatchKit.Cli;

/// <summary>0 pass, 1 a test or check failed, 2 infrastructure or usage error (tuxrun's convention), 130 interrupted.</summary>
internal static class ExitCodes
{
    public const int Pass = 0;
    public const int Failure = 1;
    public const int Infrastructure = 2;

    /// <summary>128 + SIGINT, as a shell reports a command stopped by Ctrl-C.</summary>
    public const int Cancelled = 130;
}
