using System.Text.RegularExpressions;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Common.Input;
using UtracePatchKit.Common.Yaml;

namespace UtracePatchKit.Generator.Spec;

/// <summary>
/// Loads and validates a variant spec. Every violation becomes a located <see cref="LocatedError"/>;
/// all of them are collected and thrown together as a <see cref="SpecException"/>.
/// </summary>
public sealed partial class SpecLoader
{
    private static readonly string[] TopLevelKeys =
    [
        "variant", "description", "kernel", "bands", "default_band", "order", "signal_report", "report_without_signal", "action_chaining",
        "inject_signal", "syscall_abort", "register_restore", "resume_action_merge", "signal_merge", "attach_during_event", "author",
    ];

    private static readonly IReadOnlyDictionary<string, bool> InjectSignalWords =
        new OrderedChoices<bool>([("present", true), ("absent", false)]);

    private readonly IReadOnlyCollection<string>? _supportedKernelLines;
    private readonly DisplayPaths _paths;

    /// <param name="supportedKernelLines">Kernel lines the caller can build, e.g. "6.1"; null accepts any.</param>
    /// <param name="repoRoot">Paths in messages are shown relative to it; null shows them as given.</param>
    public SpecLoader(IEnumerable<string>? supportedKernelLines, string? repoRoot = null)
    {
        _supportedKernelLines = supportedKernelLines?.Order(StringComparer.Ordinal).ToArray();
        _paths = new DisplayPaths(repoRoot);
    }

    /// <exception cref="SpecException">The file is missing, not a regular file, too large, not UTF-8 or invalid.</exception>
    public VariantSpec Load(string path)
    {
        var display = _paths.Of(path);
        string text;
        try
        {
            text = InputFile.ReadText(path, display, "spec");
        }
        catch (InputException ex) when (ex is not SpecException)
        {
            throw new SpecException(ex.Errors);
        }

        return Parse(text, path, display);
    }

    /// <summary>Validates spec text; <paramref name="path"/> gives the expected variant name (its stem).</summary>
    public VariantSpec Parse(string text, string path, string? displayPath = null)
    {
        var errors = new ErrorList();
        var display = displayPath ?? _paths.Of(path);
        var root = YamlTreeReader.Read(text, display, errors);
        var spec = root is null ? null : new Validation(this, new NodeReader(errors), path, display, text.Split('\n')).Run(root);
        if (errors.Any || spec is null)
        {
            throw new SpecException(errors.Items);
        }

        return spec with { SourceName = _paths.OutputName(path) };
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]*\z")]
    private static partial Regex VariantPattern();

    [GeneratedRegex(@"^[a-z_]+\z")]
    private static partial Regex BandPattern();

    [GeneratedRegex(@"^[0-9]+\.[0-9]+\z")]
    private static partial Regex KernelLinePattern();

    /// <summary>One validation pass over one document.</summary>
    /// <param name="lines">The document's lines, to place errors inside block scalars.</param>
    private sealed class Validation(SpecLoader loader, NodeReader reader, string path, string displayPath, string[] lines)
    {
        public VariantSpec? Run(YamlNode root)
        {
            var top = reader.Mapping(root, "spec", "at the top level", TopLevelKeys);
            if (top is null)
            {
                return null;
            }

            var variant = ReadVariant(top);
            var description = ReadDescription(top);
            var author = ReadAuthor(top);
            var kernel = ReadKernel(top);
            var signalReport = reader.Choice(top.Required("signal_report"), "signal_report", SnakeCase.Names<SignalReport>());
            var withoutSignalNode = top.Required("report_without_signal");
            var withoutSignal = reader.Choice(withoutSignalNode, "report_without_signal", SnakeCase.Names<ReportWithoutSignal>());
            var actionChaining = reader.Boolean(top.Required("action_chaining"), "action_chaining");
            var injectSignalNode = top.Required("inject_signal");
            var injectSignal = reader.Choice(injectSignalNode, "inject_signal", InjectSignalWords);
            var syscallAbort = reader.Choice(top.Required("syscall_abort"), "syscall_abort", SnakeCase.Names<SyscallAbort>());
            var registerRestoreNode = top.Required("register_restore");
            var registerRestore = reader.Choice(registerRestoreNode, "register_restore", SnakeCase.Names<RegisterRestore>());
            var resumeActionMerge = reader.Choice(top.Required("resume_action_merge"), "resume_action_merge", SnakeCase.Names<ResumeActionMerge>());
            var signalMergeNode = top.Required("signal_merge");
            var signalMerge = reader.Choice(signalMergeNode, "signal_merge", SnakeCase.Names<SignalMerge>());
            var attachDuringEvent = reader.Choice(top.Required("attach_during_event"), "attach_during_event", SnakeCase.Names<AttachDuringEvent>());

            var (bands, bandsValid) = ReadBands(top);
            var defaultBand = ReadDefaultBand(top, bands, bandsValid);
            var order = ReadOrder(top, signalReport, bands, bandsValid);

            // Cross-field rules: checked only when both sides parsed, so one typo gives one error.
            if (injectSignal == true && signalReport == SignalReport.ReportResume)
            {
                reader.Error(injectSignalNode!, "inject_signal: present requires signal_report: report_signal (the report_resume proposal deletes inject)",
                    "set inject_signal: absent, or signal_report: report_signal");
            }

            // report_resume is defined as the report after a stop; report_signal never gives one.
            if (signalReport is { } report && withoutSignal is { } without
                && (report == SignalReport.ReportResume) != (without == ReportWithoutSignal.AfterStop))
            {
                reader.Error(withoutSignalNode!, report == SignalReport.ReportResume
                        ? $"signal_report: report_resume requires report_without_signal: after_stop (the proposal calls report_resume after every stop), but it is {SnakeCase.Of(without)}"
                        : "report_without_signal: after_stop requires signal_report: report_resume (a report after every stop is what report_resume is)",
                    report == SignalReport.ReportResume
                        ? "set report_without_signal: after_stop"
                        : "set report_without_signal: never or on_request, or signal_report: report_resume");
            }

            if (registerRestore == RegisterRestore.Core && syscallAbort == SyscallAbort.Immediate)
            {
                reader.Error(registerRestoreNode!, "register_restore: core requires syscall_abort: return_value (the core can only restore registers after all callbacks when it applies the abort itself)",
                    "set syscall_abort: return_value, or register_restore: none");
            }

            if (signalMerge == SignalMerge.HighestPriority && order?.Rules.TryGetValue(EventKind.Resume, out var resumeRule) == true
                && resumeRule is not (OrderRule.Priority or OrderRule.ReversePriority))
            {
                reader.Error(signalMergeNode!, $"signal_merge: highest_priority requires the order.{order.Value.ResumeKey} rule to be priority or reverse_priority, but it is {SnakeCase.Of(resumeRule)}",
                    $"set order.{order.Value.ResumeKey} to priority or reverse_priority, or signal_merge: last_word");
            }

            if (reader.Errors.Any)
            {
                return null;
            }

            return new VariantSpec(
                variant!, description!, kernel![0], bands, defaultBand, new OrderRules(order!.Value.Rules), signalReport!.Value,
                withoutSignal!.Value, actionChaining!.Value, injectSignal!.Value, syscallAbort!.Value, registerRestore!.Value, resumeActionMerge!.Value,
                signalMerge!.Value, attachDuringEvent!.Value, path, displayPath)
            {
                VariantAt = top.Entry("variant")?.Value.Start,
                Author = author,
                KernelLines = kernel,
            };
        }

        private string? ReadDescription(MappingFields top)
        {
            var node = top.Required("description");
            var description = reader.Text(node, "description");
            if (description is null || DescriptionRules.FirstProblem(description) is not { } problem)
            {
                return description;
            }

            var scalar = (YamlScalar)node!;
            var at = problem.Line < 0 ? scalar.Start : LineInside(scalar, description.Split('\n')[problem.Line]);
            reader.Errors.Add(at, problem.Problem, problem.Line < 0 ? "shorten the description" : "rewrite that line of the description (indent it, or reword it)");
            return null;
        }

        // Optional: without it the series is the user's (a flag or git's identity), never the project's.
        private Series.Author? ReadAuthor(MappingFields top)
        {
            var node = top.Optional("author");
            var text = node is null ? null : reader.Text(node, "author");
            var author = text is null ? null : Series.Author.Parse(text);
            if (text is not null && author is null)
            {
                reader.Error(node!, $"author '{text}' is not 'Name <email>'", $"write it as author: {Series.Author.Example}");
            }

            return author;
        }

        // A block scalar's lines are in the file as written (after their indentation); quoted
        // scalars may spell them with escapes, so those point at the scalar itself.
        private SourceLocation LineInside(YamlScalar scalar, string line)
        {
            if (scalar.IsBlock && line.Length > 0)
            {
                for (var i = scalar.Start.Line; i < lines.Length; i++)
                {
                    var text = lines[i].TrimEnd('\r');
                    var content = text.TrimStart(' ');
                    if (content == line)
                    {
                        return scalar.Start with { Line = i + 1, Column = text.Length - content.Length + 1 };
                    }
                }
            }

            return scalar.Start;
        }

        private string? ReadVariant(MappingFields top)
        {
            var node = top.Required("variant");
            var variant = reader.Matching(node, "variant", VariantPattern(), "^[a-z0-9][a-z0-9-]*$");
            var stem = Path.GetFileNameWithoutExtension(path);
            if (variant is not null && variant != stem)
            {
                reader.Error(node!, $"variant '{variant}' does not match the file name '{Path.GetFileName(path)}'",
                    $"set variant: {stem}, or rename the file to {variant}{Path.GetExtension(path)}");
                return null;
            }

            return variant;
        }

        // kernel: "6.1" names one line; kernel: ["6.1", "6.12"] several. Every line gets its own series.
        private IReadOnlyList<string>? ReadKernel(MappingFields top)
        {
            var node = top.Required("kernel");
            if (node is null)
            {
                return null;
            }

            IReadOnlyList<YamlNode> items = node is YamlSequence sequence ? sequence.Items : [node];
            if (items.Count == 0)
            {
                reader.Error(node, "'kernel' lists no kernel line", "name at least one line, e.g. kernel: [\"6.1\"]");
                return null;
            }

            var lines = new List<string>();
            var valid = true;
            foreach (var item in items)
            {
                var line = ReadKernelLine(item);
                if (line is null)
                {
                    valid = false;
                }
                else if (lines.Contains(line))
                {
                    reader.Error(item, $"kernel line '{line}' is listed twice", "list each kernel line once");
                    valid = false;
                }
                else
                {
                    lines.Add(line);
                }
            }

            return valid ? lines : null;
        }

        private string? ReadKernelLine(YamlNode item)
        {
            var kernel = reader.Text(item, "kernel");
            if (kernel is not null && !KernelLinePattern().IsMatch(kernel))
            {
                reader.Error(item, $"kernel line '{kernel}' is not a version like 6.1", "write the kernel line as MAJOR.MINOR, e.g. \"6.1\"");
                return null;
            }

            if (kernel is not null && loader._supportedKernelLines is { } supportedLines && !supportedLines.Contains(kernel))
            {
                var supported = supportedLines.Count == 0 ? "(none)" : string.Join(", ", supportedLines);
                reader.Error(item, $"kernel line '{kernel}' is not supported; supported: {supported}", $"use one of: {supported}");
                return null;
            }

            return kernel;
        }

        private (IReadOnlyList<Band> Bands, bool Valid) ReadBands(MappingFields top)
        {
            var node = top.Optional("bands");
            if (node is null || node is YamlScalar { IsNull: true })
            {
                return ([], true);
            }

            if (node is not YamlMapping mapping)
            {
                reader.Error(node, "'bands' must be a mapping of band name: priority", "write each band as 'name: priority' on its own line");
                return ([], false);
            }

            var valid = true;
            var bands = new List<Band>();
            var owners = new Dictionary<int, string>();
            foreach (var (key, value) in mapping.Entries.Select(e => (e.Key, e.Value)))
            {
                var nameOk = BandPattern().IsMatch(key.Value);
                if (!nameOk)
                {
                    reader.Error(key, $"band name '{key.Value}' does not match ^[a-z_]+$", "use lower-case letters and underscores only");
                }

                var priority = reader.Integer(value, $"bands.{key.Value}", 0, 1000);
                if (priority is { } p && owners.TryGetValue(p, out var owner))
                {
                    reader.Error(value, $"band '{key.Value}' has priority {p}, already used by band '{owner}'; band priorities must be unique",
                        $"give '{key.Value}' a priority no other band uses");
                    priority = null;
                }

                if (priority is { } unique && nameOk)
                {
                    owners[unique] = key.Value;
                    bands.Add(new Band(key.Value, unique));
                }
                else
                {
                    valid = false;
                }
            }

            return (bands.OrderBy(b => b.Priority).ToArray(), valid);
        }

        private string? ReadDefaultBand(MappingFields top, IReadOnlyList<Band> bands, bool bandsValid)
        {
            var entry = top.Entry("default_band");
            if (entry is null)
            {
                if (bands.Count > 0)
                {
                    top.Required("default_band", $"add 'default_band: {bands[0].Name}' (any band defined under 'bands')");
                }

                return null;
            }

            var name = reader.Text(entry.Value, "default_band");
            if (name is null || !bandsValid)
            {
                return null;
            }

            if (bands.Count == 0)
            {
                reader.Error(entry.Value, $"default_band '{name}' is set but no bands are defined", "remove default_band, or define it under 'bands'");
                return null;
            }

            if (bands.All(b => b.Name != name))
            {
                var defined = string.Join(", ", bands.Select(b => b.Name));
                reader.Error(entry.Value, $"default_band '{name}' is not a defined band; defined: {defined}", $"use one of: {defined}");
                return null;
            }

            return name;
        }

        private (IReadOnlyDictionary<EventKind, OrderRule> Rules, string ResumeKey)? ReadOrder(
            MappingFields top, SignalReport? signalReport, IReadOnlyList<Band> bands, bool bandsValid)
        {
            var keys = Enum.GetValues<EventKind>().Select(SnakeCase.Of).Append("signal").ToArray();
            var order = reader.Mapping(top.Required("order"), "order", "under 'order'", keys);
            if (order is null)
            {
                return null;
            }

            var rules = new Dictionary<EventKind, OrderRule>();
            var complete = true;
            foreach (var kind in Enum.GetValues<EventKind>())
            {
                var (key, node) = kind == EventKind.Resume ? ResumeEntry(order, signalReport) : (SnakeCase.Of(kind), order.Required(SnakeCase.Of(kind)));
                var rule = reader.Choice(node, $"order.{key}", SnakeCase.Names<OrderRule>());
                if (rule is null)
                {
                    complete = false;
                    continue;
                }

                if (rule is OrderRule.Priority or OrderRule.ReversePriority && bands.Count == 0 && bandsValid)
                {
                    reader.Error(node!, $"order.{key} is {SnakeCase.Of(rule.Value)} but no bands are defined",
                        "define 'bands' (and 'default_band'), or use attach or reverse_attach");
                }

                rules[kind] = rule.Value;
            }

            var resumeKey = signalReport == SignalReport.ReportSignal ? "signal" : "resume";
            return complete ? (rules, resumeKey) : null;
        }

        // The resume slot is spelled 'resume' or 'signal' depending on signal_report.
        private (string Key, YamlNode? Node) ResumeEntry(MappingFields order, SignalReport? signalReport)
        {
            var resume = order.Entry("resume");
            var signal = order.Entry("signal");
            if (signalReport is null)
            {
                if (resume is not null && signal is not null)
                {
                    reader.Error(signal.Key, "order has both 'resume' and 'signal'", "keep only the one that matches signal_report");
                }

                var either = resume ?? signal;
                if (either is null)
                {
                    order.Required("resume", "add 'resume: ...' (or 'signal: ...' with signal_report: report_signal)");
                }

                return (either?.Key.Value ?? "resume", either?.Value);
            }

            var (expected, wrong) = signalReport == SignalReport.ReportSignal ? ("signal", "resume") : ("resume", "signal");
            var right = signalReport == SignalReport.ReportSignal ? signal : resume;
            var other = signalReport == SignalReport.ReportSignal ? resume : signal;
            if (other is not null)
            {
                reader.Error(other.Key, $"order key '{wrong}' does not fit signal_report: {SnakeCase.Of(signalReport.Value)}",
                    right is null ? $"rename '{wrong}' to '{expected}'" : $"remove '{wrong}'; '{expected}' is already set");
            }

            if (right is null && other is null)
            {
                order.Required(expected);
            }

            // After a rename error, still check the value so the user sees everything at once.
            return (expected, (right ?? other)?.Value);
        }
    }
}
