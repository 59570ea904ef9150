namespace UtracePatchKit.Generator.Spec;

// The spec's closed vocabularies. YAML and templates use the snake_case form of each member
// (see SnakeCase), e.g. ReversePriority <-> reverse_priority.

/// <summary>Events whose callback order a variant chooses. Resume also covers the signal report.</summary>
public enum EventKind
{
    Quiesce,
    Resume,
    SyscallEntry,
    SyscallExit,
    Exec,
    Clone,
    Exit,
    Death,
    Reap,
}

public enum OrderRule
{
    Attach,
    ReverseAttach,
    Priority,
    ReversePriority,
}

public enum SignalReport
{
    ReportSignal,
    ReportResume,
}

/// <summary>When engines hear a resume report with no signal dequeued.</summary>
public enum ReportWithoutSignal
{
    /// <summary>Never: report_signal only for a dequeued signal (utrace 2007).</summary>
    Never,

    /// <summary>When an engine asked for one with UTRACE_REPORT or UTRACE_INTERRUPT (utrace 2009).</summary>
    OnRequest,

    /// <summary>Also after every stop, before the task returns to user mode (report_resume).</summary>
    AfterStop,
}

public enum SyscallAbort
{
    Immediate,
    ReturnValue,
}

public enum RegisterRestore
{
    None,
    Core,
}

public enum ResumeActionMerge
{
    MostRestrictive,
    LastWord,
}

public enum SignalMerge
{
    LastWord,
    HighestPriority,
}

public enum AttachDuringEvent
{
    Deferred,
    Immediate,
}
