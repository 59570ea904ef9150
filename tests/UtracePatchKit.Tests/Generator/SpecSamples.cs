using Xunit;
namespace UtracePatchKit.Tests.Generator;

/// <summary>A valid spec whose line numbers the tests rely on (see the comments).</summary>
public static class SpecSamples
{
    public const string Valid = """
        variant: report-resume
        description: |
          The seed's proposal.
        kernel: "6.1"
        bands:
          observer: 10
          warp: 20
          enforcer: 30
          last_resort: 40
        default_band: observer
        order:
          quiesce: priority
          resume: priority
          syscall_entry: priority
          syscall_exit: reverse_priority
          exec: priority
          clone: priority
          exit: reverse_priority
          death: reverse_priority
          reap: reverse_priority
        signal_report: report_resume
        report_without_signal: after_stop
        action_chaining: true
        inject_signal: absent
        syscall_abort: return_value
        register_restore: core
        resume_action_merge: most_restrictive
        signal_merge: last_word
        attach_during_event: deferred

        """;

    // Line numbers in Valid (1-based).
    public const int BandsLine = 5;
    public const int ObserverLine = 6;
    public const int WarpLine = 7;
    public const int DefaultBandLine = 10;
    public const int OrderLine = 11;
    public const int QuiesceLine = 12;
    public const int ResumeLine = 13;
    public const int ExecLine = 16;
    public const int SignalReportLine = 21;
    public const int ReportWithoutSignalLine = 22;
    public const int ActionChainingLine = 23;
    public const int InjectSignalLine = 24;
    public const int SyscallAbortLine = 25;
    public const int RegisterRestoreLine = 26;
    public const int SignalMergeLine = 28;

    /// <summary>Valid with whole lines replaced (same line count unless a replacement adds or drops lines).</summary>
    public static string With(params (string Line, string Replacement)[] replacements)
    {
        var lines = Valid.Split('\n').ToList();
        foreach (var (line, replacement) in replacements)
        {
            var index = lines.IndexOf(line);
            Assert.True(index >= 0, $"sample has no line '{line}'");
            lines[index] = replacement;
        }

        return string.Join('\n', lines);
    }

    /// <summary>Valid with whole lines removed.</summary>
    public static string Without(params string[] removed) =>
        string.Join('\n', Valid.Split('\n').Where(l => !removed.Contains(l)));
}
