using UtracePatchKit.QemuHarness.Scenarios;

namespace UtracePatchKit.QemuHarness.Report;

/// <summary>
/// One callback as the validation driver logged it in the guest: which engine, which event, what
/// it saw (syscall number, signal) and what it returned (resume action, disposition, abort).
/// </summary>
public sealed record CallbackStep(string Engine, string Event, string Saw, string Returned);

/// <summary>
/// The callbacks of one scenario run in log order, read from the driver's records (the ones
/// with <c>action_out=</c>; attach, barrier and status records are not callbacks). Long logs
/// (the churn scenarios) are cut to <see cref="Limit"/> steps, and say how many were left out.
/// </summary>
public sealed record CallbackSequence(IReadOnlyList<string> Engines, IReadOnlyList<CallbackStep> Steps, int LeftOut)
{
    public const int Limit = 40;

    public static CallbackSequence Empty { get; } = new([], [], 0);

    public static CallbackSequence From(IReadOnlyList<LogRecord> log)
    {
        var all = log.Where(r => r["engine"] is not null && r["event"] is not null && r["action_out"] is not null)
            .Select(Step)
            .ToArray();
        var shown = all.Take(Limit).ToArray();
        var engines = shown.Select(s => s.Engine).Distinct(StringComparer.Ordinal).ToArray();
        return new CallbackSequence(engines, shown, all.Length - shown.Length);
    }

    /// <summary>The same callbacks in the same order, engine, event and answer alike.</summary>
    public bool SameAs(CallbackSequence other) =>
        LeftOut == other.LeftOut && Steps.SequenceEqual(other.Steps);

    private static CallbackStep Step(LogRecord r)
    {
        var saw = new List<string>();
        if (r["nr"] is { } nr && nr != "-1")
        {
            saw.Add($"nr={nr}");
        }

        if (r["sig_in"] is { } sig && sig != "0")
        {
            saw.Add($"sig={sig}");
        }

        if (r["action_in"] is { } actionIn && actionIn != "-" && actionIn != "resume")
        {
            saw.Add($"in={actionIn}");
        }

        if (r["held"] == "1")
        {
            saw.Add("held");
        }

        var returned = new List<string> { r["action_out"]! };
        if (r["disp_out"] is { } disp && disp != "-" && disp != r["disp_in"])
        {
            returned.Add($"disp={disp}");
        }

        if (r["abort"] == "1")
        {
            returned.Add("abort");
        }

        if (r["note"] is { } note && note != "-")
        {
            returned.Add(note);
        }

        return new CallbackStep(r["engine"]!, r["event"]!, string.Join(' ', saw), string.Join(' ', returned));
    }
}
