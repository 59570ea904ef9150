using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Input;
using UtracePatchKit.Common.Yaml;

namespace UtracePatchKit.QemuHarness.Scenarios;

/// <summary>
/// Reads the scenario catalog. Errors name file:line:column like spec errors do, and all of a
/// file's errors are reported at once (<see cref="InputException"/>).
/// </summary>
public static class ScenarioLoader
{
    private static readonly string[] TopKeys =
        ["id", "title", "why", "notes", "proposal_verdict", "target", "syscall", "engines", "script", "before_go", "steps", "expect"];

    private static readonly string[] EngineKeys = ["name", "band", "events"];
    private static readonly string[] ScriptKeys = ["engine", "on", "do", "nr", "once", "unless_held", "variants"];
    private static readonly string[] ExpectKeys = ["outcome", "report", "order", "records", "program"];
    private static readonly string[] RecordKeys = ["match", "expect", "count", "absent", "before"];
    private static readonly string[] StepKeys =
        ["wait_stopped", "wait_state", "ctl", "control", "set_events", "detach", "kill", "sleep", "command", "refused", "exec"];

    /// <summary>Default time an <c>exec</c> step's program may run.</summary>
    public const int DefaultExecTimeoutMs = 30_000;

    public static IReadOnlyList<Scenario> LoadCatalog(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new InputException([new LocatedError(directory, 0, 0, "scenario directory not found", "run from the repository root or pass --scenarios")]);
        }

        var errors = new ErrorList();
        var scenarios = Directory.EnumerateFiles(directory, "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(file => Load(file, errors))
            .OfType<Scenario>()
            .ToList();
        foreach (var duplicate in scenarios.GroupBy(s => s.Id).Where(g => g.Count() > 1))
        {
            errors.Add(new SourceLocation(duplicate.Last().File, 1, 1), $"scenario id '{duplicate.Key}' is used twice", "give every scenario its own id");
        }

        errors.ThrowIfAny();
        return scenarios;
    }

    public static Scenario Load(string file)
    {
        var errors = new ErrorList();
        var scenario = Load(file, errors);
        errors.ThrowIfAny();
        return scenario!;
    }

    private static Scenario? Load(string file, ErrorList errors)
    {
        var display = new DisplayPaths(DisplayPaths.FindRepoRoot(file)).Of(file);
        string text;
        try
        {
            text = InputFile.ReadText(file, display, "scenario");
        }
        catch (InputException ex)
        {
            errors.AddRange(ex.Errors);
            return null;
        }

        var root = YamlTreeReader.Read(text, display, errors);
        var reader = new NodeReader(errors);
        var top = reader.Mapping(root, "scenario", "at the top level", TopKeys);
        if (top is null)
        {
            return null;
        }

        var before = errors.Items.Count;
        var engines = Items(reader, top.Optional("engines"), "engines", node => Engine(reader, node));
        var engineNames = engines.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var scenario = new Scenario(
            Id: reader.Text(top.Required("id"), "id") ?? "",
            Title: reader.Text(top.Required("title"), "title") ?? "",
            Why: reader.Text(top.Required("why"), "why") ?? "",
            Notes: top.Optional("notes") is { } notes ? reader.Text(notes, "notes") : null,
            File: display,
            Target: Words(reader, top.Required("target"), "target"),
            Syscall: top.Optional("syscall") is { } nr ? reader.Integer(nr, "syscall", 0, 1023) : null,
            Engines: engines,
            Script: Items(reader, top.Optional("script"), "script", node => ScriptLine(reader, node, engineNames)),
            BeforeGo: Items(reader, top.Optional("before_go"), "before_go", node => Step(reader, node)),
            Steps: Items(reader, top.Optional("steps"), "steps", node => Step(reader, node)),
            Expect: Expectations(reader, top.Required("expect")))
        {
            ProposalVerdicts = Verdicts(reader, top.Optional("proposal_verdict")),
        };
        return errors.Items.Count == before ? scenario : null;
    }

    private static IReadOnlyList<T> Items<T>(NodeReader reader, YamlNode? node, string name, Func<YamlNode, T?> read)
        where T : class =>
        reader.Sequence(node, name)?.Items.Select(read).OfType<T>().ToArray() ?? [];

    private static IReadOnlyList<string> Words(NodeReader reader, YamlNode? node, string name) =>
        reader.Sequence(node, name)?.Items.Select(item => Word(reader, item, name)).OfType<string>().ToArray() ?? [];

    // Values below go to the guest agent inside one command line, split at spaces: a space
    // would make two arguments of one and a line break two commands of one.

    /// <summary>A value the agent receives as one argument: no spaces, no control characters.</summary>
    private static string? Word(NodeReader reader, YamlNode? node, string name)
    {
        var text = reader.Text(node, name);
        if (text is not null && text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            reader.Error(node!, $"'{name}' value '{text}' must be one word (no spaces or control characters)", "write it as one word, or split it into list items");
            return null;
        }

        return text;
    }

    /// <summary>A value the agent receives as (part of) one command line: no control characters.</summary>
    private static string? CommandText(NodeReader reader, YamlNode? node, string name)
    {
        var text = reader.Text(node, name);
        if (text is not null && text.Any(char.IsControl))
        {
            reader.Error(node!, $"'{name}' contains a control character; it is sent to the guest as one line", "remove it");
            return null;
        }

        return text;
    }

    private static EngineSetup? Engine(NodeReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "engine", "in an engine", EngineKeys);
        if (map is null)
        {
            return null;
        }

        var name = Word(reader, map.Required("name"), "name");
        var band = Word(reader, map.Required("band"), "band");
        var events = Words(reader, map.Required("events"), "events");
        return name is null || band is null ? null : new EngineSetup(name, band, events);
    }

    private static ScriptLine? ScriptLine(NodeReader reader, YamlNode node, IReadOnlySet<string> engineNames)
    {
        var map = reader.Mapping(node, "script line", "in a script line", ScriptKeys);
        if (map is null)
        {
            return null;
        }

        var engine = Word(reader, map.Required("engine"), "engine");
        if (engine is not null && !engineNames.Contains(engine))
        {
            reader.Error(map.Node, $"script line for engine '{engine}', which is not under 'engines'", "attach the engine under 'engines' first");
            return null;
        }

        var on = Word(reader, map.Required("on"), "on");
        var action = CommandText(reader, map.Required("do"), "do");
        return engine is null || on is null || action is null
            ? null
            : new ScriptLine(
                engine,
                on,
                action,
                map.Optional("nr") is { } nr ? reader.Integer(nr, "nr", 0, 1023) : null,
                map.Optional("once") is { } once && reader.Boolean(once, "once") == true,
                map.Optional("unless_held") is { } held && reader.Boolean(held, "unless_held") == true,
                map.Optional("variants") is { } variants ? Words(reader, variants, "variants") : null);
    }

    private static ScenarioStep? Step(NodeReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "step", "in a step", StepKeys);
        if (map is null)
        {
            return null;
        }

        if (map.Node.Entries.Count != 1)
        {
            reader.Error(node, "a step has exactly one key", $"write one of: {string.Join(", ", StepKeys)}");
            return null;
        }

        var entry = map.Node.Entries[0];
        var value = entry.Value;
        return entry.Key.Value switch
        {
            "wait_stopped" => reader.Integer(value, "wait_stopped", 1, 600_000) is { } ms ? new ScenarioStep.WaitStopped(ms) : null,
            "wait_state" => Word(reader, value, "wait_state") is { } state ? new ScenarioStep.WaitState(state) : null,
            "sleep" => reader.Integer(value, "sleep", 0, 600_000) is { } ms ? new ScenarioStep.Sleep(ms) : null,
            "kill" => reader.Integer(value, "kill", 1, 64) is { } sig ? new ScenarioStep.Kill(sig) : null,
            "detach" => Word(reader, value, "detach") is { } engine ? new ScenarioStep.Detach(engine) : null,
            "ctl" => Word(reader, value, "ctl") is { } verb ? new ScenarioStep.Query(verb) : null,
            "control" => Control(reader, value),
            "set_events" => SetEvents(reader, value),
            "command" => CommandText(reader, value, "command") is { } text ? new ScenarioStep.Command(text) : null,
            "refused" => Refused(reader, value),
            "exec" => Exec(reader, value),
            _ => null, // already reported as an unknown key
        };
    }

    private static ScenarioStep? Control(NodeReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "control", "in a control step", ["engine", "action"]);
        var engine = Word(reader, map?.Required("engine"), "engine");
        var action = Word(reader, map?.Required("action"), "action");
        return engine is null || action is null ? null : new ScenarioStep.Control(engine, action);
    }

    private static ScenarioStep? Refused(NodeReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "refused", "in a refused step", ["command", "errno"]);
        var text = CommandText(reader, map?.Required("command"), "command");
        var errnoNode = map?.Required("errno");
        var errnoText = reader.Text(errnoNode, "errno");
        if (text is null || errnoText is null || errnoNode is null)
        {
            return null;
        }

        if (Errno.Parse(errnoText) is not { } errno)
        {
            reader.Error(errnoNode, $"'{errnoText}' is not an errno", $"write a number or one of: {string.Join(", ", Errno.Names)}");
            return null;
        }

        return new ScenarioStep.Refused(text, errno);
    }

    private static ScenarioStep? Exec(NodeReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "exec", "in an exec step", ["run", "timeout"]);
        var argv = Words(reader, map?.Required("run"), "run");
        var timeout = map?.Optional("timeout") is { } t ? reader.Integer(t, "timeout", 1, 3_600_000) : DefaultExecTimeoutMs;
        if (map is null || timeout is null)
        {
            return null;
        }

        if (argv.Count == 0 || !argv[0].StartsWith('/'))
        {
            reader.Error(map.Node, "'exec' needs 'run' with an absolute program path first", "write 'exec: { run: [/utpk-hostile, zombie] }'");
            return null;
        }

        return new ScenarioStep.Exec(argv, timeout.Value);
    }

    private static ScenarioStep? SetEvents(NodeReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "set_events", "in a set_events step", ["engine", "events"]);
        var engine = Word(reader, map?.Required("engine"), "engine");
        var events = Words(reader, map?.Required("events"), "events");
        return engine is null ? null : new ScenarioStep.SetEvents(engine, events);
    }

    private static IReadOnlyDictionary<string, Expectation> Expectations(NodeReader reader, YamlNode? node)
    {
        var result = new Dictionary<string, Expectation>(StringComparer.Ordinal);
        if (node is not YamlMapping mapping)
        {
            reader.Mapping(node, "expect", "", []);
            return result;
        }

        foreach (var entry in mapping.Entries)
        {
            if (Expectation(reader, entry.Value) is { } expectation)
            {
                result[entry.Key.Value] = expectation;
            }
        }

        return result;
    }

    private static Expectation? Expectation(NodeReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "expectation", "in an expectation", ExpectKeys);
        if (map is null)
        {
            return null;
        }

        return new Expectation(
            map.Optional("outcome") is { } outcome ? Outcome(reader, outcome) : null,
            Strings(reader, map.Optional("report"), "report"),
            Orders(reader, map.Optional("order")),
            Items(reader, map.Optional("records"), "records", n => Record(reader, n)))
        {
            Program = Strings(reader, map.Optional("program"), "program"),
        };
    }

    private static TargetOutcome? Outcome(NodeReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "outcome", "in 'outcome'", ["exited", "signaled", "core"]);
        if (map is null)
        {
            return null;
        }

        if (map.Optional("exited") is { } exited)
        {
            return reader.Integer(exited, "exited", 0, 255) is { } code ? new TargetOutcome(code, null) : null;
        }

        if (map.Optional("signaled") is { } signaled)
        {
            var core = map.Optional("core") is { } coreNode ? reader.Boolean(coreNode, "core") : null;
            return reader.Integer(signaled, "signaled", 1, 64) is { } sig ? new TargetOutcome(null, sig) { CoreDumped = core } : null;
        }

        reader.Error(node, "'outcome' needs 'exited' or 'signaled'", "write 'outcome: { exited: 0 }' or 'outcome: { signaled: 9 }'");
        return null;
    }

    private static RecordCheck? Record(NodeReader reader, YamlNode node)
    {
        var map = reader.Mapping(node, "record check", "in a record check", RecordKeys);
        if (map is null)
        {
            return null;
        }

        return new RecordCheck(
            Strings(reader, map.Required("match"), "match"),
            Strings(reader, map.Optional("expect"), "expect"),
            map.Optional("count") is { } count ? reader.Integer(count, "count", 0, 1000) : null,
            map.Optional("absent") is { } absent && reader.Boolean(absent, "absent") == true)
        {
            Before = map.Optional("before") is { } before ? Strings(reader, before, "before") : null,
        };
    }

    private static IReadOnlyDictionary<string, string> Strings(NodeReader reader, YamlNode? node, string name)
    {
        if (node is not YamlMapping mapping)
        {
            reader.Mapping(node, name, "", []);
            return new Dictionary<string, string>();
        }

        return mapping.Entries
            .Select(e => (e.Key.Value, Value: reader.Text(e.Value, e.Key.Value)))
            .Where(e => e.Value is not null)
            .ToDictionary(e => e.Item1, e => e.Value!, StringComparer.Ordinal);
    }

    private static readonly IReadOnlyDictionary<string, ProposalVerdict> VerdictWords =
        new Dictionary<string, ProposalVerdict> { ["wanted"] = ProposalVerdict.Wanted, ["problem"] = ProposalVerdict.Problem };

    private static IReadOnlyDictionary<string, ProposalVerdict> Verdicts(NodeReader reader, YamlNode? node)
    {
        if (node is not YamlMapping mapping)
        {
            reader.Mapping(node, "proposal_verdict", "", []);
            return new Dictionary<string, ProposalVerdict>();
        }

        return mapping.Entries
            .Select(e => (Variant: e.Key.Value, Verdict: reader.Choice(e.Value, e.Key.Value, VerdictWords)))
            .Where(e => e.Verdict is not null)
            .ToDictionary(e => e.Variant, e => e.Verdict!.Value, StringComparer.Ordinal);
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Orders(NodeReader reader, YamlNode? node)
    {
        if (node is not YamlMapping mapping)
        {
            reader.Mapping(node, "order", "", []);
            return new Dictionary<string, IReadOnlyList<string>>();
        }

        return mapping.Entries.ToDictionary(e => e.Key.Value, e => Words(reader, e.Value, e.Key.Value), StringComparer.Ordinal);
    }
}
