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
