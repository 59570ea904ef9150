using Xunit;
using UtracePatchKit.Common.Diagnostics;
using UtracePatchKit.Generator.Spec;
using static UtracePatchKit.Tests.Generator.SpecSamples;

namespace UtracePatchKit.Tests.Generator;

public sealed class SpecLoaderTests : IDisposable
{
    private readonly TempDir _repo = new();

    public void Dispose() => _repo.Dispose();

    private VariantSpec Load(string text, string name = "report-resume") =>
        new SpecLoader(["6.1", "6.12"], _repo.Path).Load(_repo.Write($"specs/{name}.yaml", text));

    private IReadOnlyList<LocatedError> Errors(string text, string name = "report-resume") =>
        Assert.Throws<SpecException>(() => Load(text, name)).Errors;

    private LocatedError Single(string text, int line, int column, string message)
    {
        var errors = Errors(text);
        var error = Assert.Single(errors);
        Assert.Equal("specs/report-resume.yaml", error.File);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message);
        Assert.False(string.IsNullOrWhiteSpace(error.Fix));
        return error;
    }

    [Fact]
    public void Loads_a_valid_spec_into_the_model()
    {
        var spec = Load(Valid);

        Assert.Equal("report-resume", spec.Variant);
        Assert.Equal("The seed's proposal.\n", spec.Description);
        Assert.Equal("6.1", spec.KernelLine);
        Assert.Equal([new Band("observer", 10), new Band("warp", 20), new Band("enforcer", 30), new Band("last_resort", 40)], spec.Bands);
        Assert.Equal("observer", spec.DefaultBand);
        Assert.Equal(OrderRule.Priority, spec.Order[EventKind.Resume]);
        Assert.Equal(OrderRule.ReversePriority, spec.Order.SyscallExit);
        Assert.Equal(OrderRule.Priority, spec.Order.Clone);
        Assert.Equal(SignalReport.ReportResume, spec.SignalReport);
        Assert.True(spec.ActionChaining);
        Assert.False(spec.InjectSignal);
        Assert.Equal(SyscallAbort.ReturnValue, spec.SyscallAbort);
        Assert.Equal(RegisterRestore.Core, spec.RegisterRestore);
        Assert.Equal(ResumeActionMerge.MostRestrictive, spec.ResumeActionMerge);
        Assert.Equal(SignalMerge.LastWord, spec.SignalMerge);
        Assert.Equal(AttachDuringEvent.Deferred, spec.AttachDuringEvent);
        Assert.Equal("specs/report-resume.yaml", spec.DisplayPath);
    }

    [Fact]
    public void Bands_are_sorted_by_priority()
    {
        var spec = Load(With(("  observer: 10", "  observer: 50")));
        Assert.Equal(["warp", "enforcer", "last_resort", "observer"], spec.Bands.Select(b => b.Name));
    }

    [Fact]
    public void Unknown_key_is_reported_at_the_key_with_a_suggestion()
    {
        var error = Single(With(("  exec: priority", "  exec: priority\n  exce: priority")), ExecLine + 1, 3, "unknown key 'exce' under 'order'");
        Assert.Contains("'exec'", error.Fix);
    }

    [Fact]
    public void Misspelled_top_level_key_is_unknown_and_the_real_one_missing()
    {
        var errors = Errors(With(("order:", "ordr:")));
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Message == "unknown key 'ordr' at the top level" && e.Line == OrderLine && e.Column == 1 && e.Fix.Contains("'order'"));
        Assert.Contains(errors, e => e.Message == "missing required key 'order' at the top level" && e.Line == 1 && e.Column == 1);
    }

    [Fact]
    public void Misspelled_order_key_is_unknown_and_the_real_one_missing()
    {
        var errors = Errors(With(("  exec: priority", "  exce: priority")));
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Message == "unknown key 'exce' under 'order'" && (e.Line, e.Column) == (ExecLine, 3));
        Assert.Contains(errors, e => e.Message == "missing required key 'exec' under 'order'" && (e.Line, e.Column) == (QuiesceLine, 3));
    }

    [Fact]
    public void Missing_required_key_names_the_key()
    {
        Single(Without("kernel: \"6.1\""), 1, 1, "missing required key 'kernel' at the top level");
    }

    [Fact]
    public void Missing_order_key_is_reported_at_the_order_mapping()
    {
        Single(Without("  clone: priority"), QuiesceLine, 3, "missing required key 'clone' under 'order'");
    }

    [Fact]
    public void Bad_enum_value_lists_the_allowed_values()
    {
        var error = Single(With(("syscall_abort: return_value", "syscall_abort: sometimes")), SyscallAbortLine, 16,
            "invalid value 'sometimes' for 'syscall_abort'; allowed: immediate, return_value");
        Assert.Contains("immediate, return_value", error.Fix);
    }

    [Fact]
    public void Bad_order_rule_lists_the_rules()
    {
        Single(With(("  exec: priority", "  exec: first")), ExecLine, 9,
            "invalid value 'first' for 'order.exec'; allowed: attach, reverse_attach, priority, reverse_priority");
    }

    [Fact]
    public void Quoted_boolean_is_a_type_error()
    {
        Single(With(("action_chaining: true", "action_chaining: \"true\"")), ActionChainingLine, 18, "'action_chaining' must be a boolean");
    }

    [Fact]
    public void Non_integer_band_priority_is_a_type_error()
    {
        Single(With(("  warp: 20", "  warp: twenty")), WarpLine, 9, "'bands.warp' must be an integer");
    }

    [Fact]
    public void Band_priority_out_of_range()
    {
        Single(With(("  warp: 20", "  warp: 1001")), WarpLine, 9, "'bands.warp' is 1001, outside 0..1000");
    }

    [Fact]
    public void Mapping_where_a_value_belongs_is_a_type_error()
    {
        Single(With(("kernel: \"6.1\"", "kernel: {line: 6.1}")), 4, 9, "'kernel' must be a single value, not a mapping");
    }

    [Fact]
    public void Resume_key_with_report_signal_must_be_renamed()
    {
        var error = Single(With(("signal_report: report_resume", "signal_report: report_signal"), ("report_without_signal: after_stop", "report_without_signal: on_request")), ResumeLine, 3,
            "order key 'resume' does not fit signal_report: report_signal");
        Assert.Equal("rename 'resume' to 'signal'", error.Fix);
    }

    [Fact]
    public void Signal_key_with_report_resume_must_be_renamed()
    {
        var error = Single(With(("  resume: priority", "  signal: priority")), ResumeLine, 3,
            "order key 'signal' does not fit signal_report: report_resume");
        Assert.Equal("rename 'signal' to 'resume'", error.Fix);
    }

    [Fact]
    public void Signal_key_is_accepted_with_report_signal()
    {
        var spec = Load(With(("  resume: priority", "  signal: reverse_priority"), ("signal_report: report_resume", "signal_report: report_signal"), ("report_without_signal: after_stop", "report_without_signal: on_request")));
        Assert.Equal(OrderRule.ReversePriority, spec.Order.Resume);
        Assert.Equal(SignalReport.ReportSignal, spec.SignalReport);
    }

    [Fact]
    public void Priority_rules_need_bands()
    {
        var text = With(("  quiesce: priority", "  quiesce: attach"), ("  resume: priority", "  resume: attach"),
                ("  syscall_entry: priority", "  syscall_entry: attach"), ("  syscall_exit: reverse_priority", "  syscall_exit: attach"),
                ("  clone: priority", "  clone: reverse_attach"), ("  exit: reverse_priority", "  exit: attach"),
                ("  death: reverse_priority", "  death: attach"), ("  reap: reverse_priority", "  reap: attach"),
                ("bands:", "bands: {}"), ("  observer: 10", ""), ("  warp: 20", ""), ("  enforcer: 30", ""), ("  last_resort: 40", ""),
                ("default_band: observer", ""));
        Single(text, ExecLine, 9, "order.exec is priority but no bands are defined");
    }

    [Fact]
    public void Default_band_must_name_a_defined_band()
    {
        var error = Single(With(("default_band: observer", "default_band: nobody")), DefaultBandLine, 15, "default_band 'nobody' is not a defined band");
        Assert.Contains("observer", error.Fix);
    }

    [Fact]
    public void Default_band_is_required_when_bands_exist()
    {
        Single(Without("default_band: observer"), 1, 1, "missing required key 'default_band' at the top level");
    }

    [Fact]
    public void Inject_signal_present_needs_report_signal()
    {
        Single(With(("inject_signal: absent", "inject_signal: present")), InjectSignalLine, 16,
            "inject_signal: present requires signal_report: report_signal");
    }

    [Theory]
    [InlineData("never")]
    [InlineData("on_request")]
    public void Report_resume_needs_a_report_after_every_stop(string without)
    {
        Single(With(("report_without_signal: after_stop", $"report_without_signal: {without}")), ReportWithoutSignalLine, 24,
            "signal_report: report_resume requires report_without_signal: after_stop");
    }

    [Fact]
    public void A_report_after_every_stop_is_report_resume()
    {
        Single(With(("signal_report: report_resume", "signal_report: report_signal"), ("  resume: priority", "  signal: priority")),
            ReportWithoutSignalLine, 24, "report_without_signal: after_stop requires signal_report: report_resume");
    }

    [Fact]
    public void Report_without_signal_is_read()
    {
        var spec = Load(With(("signal_report: report_resume", "signal_report: report_signal"), ("  resume: priority", "  signal: priority"),
            ("report_without_signal: after_stop", "report_without_signal: never")));

        Assert.Equal(ReportWithoutSignal.Never, spec.ReportWithoutSignal);
    }

    [Fact]
    public void Register_restore_core_needs_return_value_abort()
    {
        Single(With(("syscall_abort: return_value", "syscall_abort: immediate")), RegisterRestoreLine, 19,
            "register_restore: core requires syscall_abort: return_value");
    }

    [Fact]
    public void Highest_priority_signal_merge_needs_a_priority_resume_order()
    {
        var error = Single(With(("signal_merge: last_word", "signal_merge: highest_priority"), ("  resume: priority", "  resume: attach")),
            SignalMergeLine, 15, "signal_merge: highest_priority requires the order.resume rule to be priority or reverse_priority, but it is attach");
        Assert.Contains("order.resume", error.Fix);
    }

    [Fact]
    public void Duplicate_band_priorities_are_rejected()
    {
        Single(With(("  warp: 20", "  warp: 10")), WarpLine, 9, "band 'warp' has priority 10, already used by band 'observer'");
    }

    [Fact]
    public void Duplicate_keys_are_reported_along_with_other_errors()
    {
        var errors = Errors(With(("  clone: priority", "  exec: attach"), ("syscall_abort: return_value", "syscall_abort: never")));

        Assert.Contains(errors, e => e.Message.StartsWith("duplicate key 'exec' (first defined at 16:3)") && e.Line == 17 && e.Column == 3);
        Assert.Contains(errors, e => e.Message.StartsWith("invalid value 'never'") && e.Line == SyscallAbortLine);
    }

    [Fact]
    public void Variant_must_match_the_file_name()
    {
        var error = Assert.Single(Errors(Valid, "other-name"));
        Assert.Equal((1, 10), (error.Line, error.Column));
        Assert.Contains("variant 'report-resume' does not match the file name 'other-name.yaml'", error.Message);
    }

    [Fact]
    public void Variant_must_match_the_pattern()
    {
        var error = Assert.Single(Errors(With(("variant: report-resume", "variant: Report_Resume")), "Report_Resume"));
        Assert.Contains("does not match ^[a-z0-9][a-z0-9-]*$", error.Message);
    }

    [Fact]
    public void Band_name_must_match_the_pattern()
    {
        Single(With(("  warp: 20", "  warp2: 20")), WarpLine, 3, "band name 'warp2' does not match ^[a-z_]+$");
    }

    [Fact]
    public void Kernel_line_must_be_supported()
    {
        var error = Single(With(("kernel: \"6.1\"", "kernel: \"5.4\"")), 4, 9, "kernel line '5.4' is not supported; supported: 6.1, 6.12");
        Assert.Equal("use one of: 6.1, 6.12", error.Fix);
    }

    [Fact]
    public void Kernel_lists_several_lines_and_the_first_is_rendered_by_default()
    {
        var spec = Load(With(("kernel: \"6.1\"", "kernel: [\"6.12\", \"6.1\"]")));

        Assert.Equal(["6.12", "6.1"], spec.KernelLines);
        Assert.Equal("6.12", spec.KernelLine);
        Assert.Equal("6.1", spec.ForLine("6.1").KernelLine);
        Assert.Equal(["6.12", "6.1"], spec.ForLine("6.1").KernelLines);
        Assert.Throws<ArgumentException>(() => spec.ForLine("6.6"));
    }

    [Fact]
    public void Kernel_list_entries_are_checked_one_by_one()
    {
        var errors = Errors(With(("kernel: \"6.1\"", "kernel: [\"6.1\", \"5.4\", \"6.1\"]")));

        Assert.Equal(
            [(4, 17, "kernel line '5.4' is not supported; supported: 6.1, 6.12"), (4, 24, "kernel line '6.1' is listed twice")],
            errors.Select(e => (e.Line, e.Column, e.Message)));
    }

    [Fact]
    public void Kernel_list_may_not_be_empty()
    {
        Single(With(("kernel: \"6.1\"", "kernel: []")), 4, 9, "'kernel' lists no kernel line");
    }

    [Fact]
    public void Empty_description_is_an_error()
    {
        Single(With(("description: |", "description: \"\""), ("  The seed's proposal.", "")), 2, 14, "'description' is empty");
    }

    [Fact]
    public void Invalid_yaml_syntax_is_located()
    {
        var error = Assert.Single(Errors(With(("  warp: 20", "  warp: [20"))));
        Assert.StartsWith("invalid YAML", error.Message);
        Assert.True(error.Line >= WarpLine, $"line {error.Line}");
    }

    [Fact]
    public void Errors_format_as_file_line_column()
    {
        var error = Assert.Single(Errors(With(("  exec: priority", "  exec: priority\n  exce: priority"))));
        Assert.Equal("specs/report-resume.yaml:17:3: error: unknown key 'exce' under 'order' (fix: rename it to 'exec' or remove it)", error.Format());
    }

    [Fact]
    public void Exception_message_lists_every_error()
    {
        var ex = Assert.Throws<SpecException>(() => Load(With(("  exec: priority", "  exce: priority"), ("inject_signal: absent", "inject_signal: maybe"))));
        Assert.IsAssignableFrom<InputException>(ex);
        Assert.Contains("specs/report-resume.yaml:16:3: error: unknown key 'exce'", ex.Message);
        Assert.Contains("specs/report-resume.yaml:24:16: error: invalid value 'maybe' for 'inject_signal'; allowed: present, absent", ex.Message);
    }
}
