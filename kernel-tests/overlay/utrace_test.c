// SPDX-License-Identifier: GPL-2.0
/*
 * Scripted utrace test engines, for validation only.
 *
 * A process with CAP_SYS_ADMIN opens /dev/utrace_test and writes
 * commands, one per write() (printable ASCII, at most one trailing
 * newline, shorter than 256 bytes): attach named engines to a pid,
 * script what each does at an event, control and detach them.  Every
 * callback appends one line to a log that read() returns.  No scenario
 * logic lives here: scenarios are data on the host side.
 *
 *   reset
 *   attach NAME PID PRIORITY EVENTS [quiet] [sticky] [toggle]
 *   events NAME EVENTS
 *   on NAME EVENT OP [ARG...] [once] [unless_held] [nr=SYSCALL] [sig=SIG]
 *   control NAME stop|resume|report|interrupt|singlestep|blockstep|detach
 *   control NAME raw N         utrace_control() with the number N
 *   detach NAME                detach, then utrace_barrier()
 *   barrier NAME               utrace_barrier() alone
 *   counts [NAME]              the engine's callback counters (churn
 *                              checks), or without NAME the late callbacks
 *   wait_stopped PID MSECS     MSECS <= 60000
 *   regs PID
 *   status PID                 stopped, syscall work, group stop, exiting
 *   attach_flags PID           try the lookup and exclusive attach flags
 *
 * Commands that take a PID need ptrace_may_access(PTRACE_MODE_ATTACH_
 * REALCREDS) to that task in the writer's context; attach also refuses
 * the writer's own thread group.  NAME is 1-15 characters of [A-Za-z0-9_.-]
 * (-ENAMETOOLONG beyond).  A quiet engine neither logs nor acts, but
 * counts its callbacks: it measures what the core costs.  A sticky engine
 * answers UTRACE_STOP to every callback from "control NAME stop" until
 * the next control, as a debugger keeps a task it stopped: a callback
 * answering anything else would end its hold.  A toggle engine asks for
 * syscall exits at each syscall entry and stops asking at the exit, as
 * a tracer that only wants the exits of some calls does.  The counters
 * pair syscall entries and exits for engines that get both.
 *
 * EVENTS is a comma list of quiesce, resume, clone, exec, syscall_entry,
 * syscall_exit, exit, death, reap, or "none".  OPs:
 *   stop, report, interrupt, detach, singlestep, blockstep
 *				the resume action the callback returns
 *   action N			the callback returns the raw u32 N
 *   set_arg N V		syscall argument N (0-5) becomes V
 *   set_ret V			the return value register becomes V
 *   add_ip N			the instruction pointer moves by N bytes
 *				(-4096..4096), as a breakpoint engine does
 *   abort V			abort the syscall, the user sees V
 *   skip			abort the syscall, return value left alone
 *				(return-value abort variants only; the
 *				others log note=skip_unsupported)
 *   disp D, disp_if_fatal D	signal disposition deliver|ign|term|core|stop
 *   disp_raw N			report->disposition becomes the int N
 *   signal SIG			report->signr becomes the int SIG, unchecked
 *   inject SIG			utrace_inject_signal() where the API has it
 *   attach NAME PRIORITY EVENTS, attach_child NAME PRIORITY EVENTS
 *   follow NAME PRIORITY EVENTS	attach_child, and the child's engine
 *				starts with a copy of this engine's script, as a
 *				debugger following a fork answers for the child
 *				with the same code
 *   sleep MSECS		killable, MSECS <= 10000
 *   events NAME EVENTS	utrace_set_events() of engine NAME on the same
 *				task (note=events=ERR)
 * Numbers out of range for their type are refused with -ERANGE when the
 * "on" command is written.  nr= and sig= make the action apply only to
 * that syscall number or to that reported signal.  unless_held skips the
 * action while the report says that an engine called earlier holds the
 * task (report->held, or its chained action UTRACE_STOP).  Where the API
 * has UTRACE_SIGNAL_CHOICE, the ops that choose a signal return it.
 *
 * The log holds 512 records.  Records that do not fit, or that were cut
 * short, are counted: read() then ends with
 * "event=log_overflow dropped=N truncated=M".
 *
 * Generated from {{ spec.source_path }} by UtracePatchKit; do not edit.
 * Regenerate with: utpk generate {{ spec.source_path }}
 */

#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utrace_engine.h>
#include <asm/syscall.h>

#define TE_NAME_LEN	16
#define TE_MAX_ACTIONS	8
#define TE_LOG_LINES	512
#define TE_LINE_LEN	512
#define TE_CMD_LEN	256
#define TE_READ_MAX	65536
#define TE_MAX_SLEEP_MS	10000
#define TE_MAX_WAIT_MS	60000
#define TE_MAX_IP_MOVE	4096

#ifdef UTRACE_SIGNAL_CHOICE
#define TE_SIGNAL_CHOICE	UTRACE_SIGNAL_CHOICE
#else
#define TE_SIGNAL_CHOICE	0
#endif

/* Log formats: key=value records that the host parses. */
#define TE_REPORT_FMT \
	"engine=%s event=%s pid=%d nr=%ld a0=%ld a1=%ld a2=%ld ret=%ld action_in=%s held=%d resumed=%d sig_in=%d disp_in=%s sig_out=%d disp_out=%s child=%d code=%ld action_out=%s abort=%d note=%s"
#define TE_COUNTS_FMT \
	"engine=%s event=%s pid=%d err=%d barrier=%d waited_ms=%lld entries=%lu exits=%lu other=%lu unpaired=%lu after_detach=%lu in_syscall=%d"
#define TE_ATTACH_FLAGS_FMT \
	"event=attach_flags pid=%d lookup=%d exclusive=%d nomatch=%d probe=%d probe_again=%d"

enum te_op {
	TE_OP_STOP,
	TE_OP_REPORT,
	TE_OP_INTERRUPT,
	TE_OP_DETACH,
	TE_OP_SINGLESTEP,
	TE_OP_BLOCKSTEP,
	TE_OP_ACTION,
	TE_OP_SET_ARG,
	TE_OP_SET_RET,
	TE_OP_ADD_IP,
	TE_OP_ABORT,
	TE_OP_SKIP,
	TE_OP_DISP,
	TE_OP_DISP_IF_FATAL,
	TE_OP_DISP_RAW,
	TE_OP_SIGNAL,
	TE_OP_INJECT,
	TE_OP_ATTACH,
	TE_OP_ATTACH_CHILD,
	TE_OP_FOLLOW,
	TE_OP_SLEEP,
	TE_OP_EVENTS,
};

struct te_op_name {
	const char *name;
	enum te_op op;
	int nargs;
};

static const struct te_op_name te_ops_table[] = {
	{ "stop", TE_OP_STOP, 0 },
	{ "report", TE_OP_REPORT, 0 },
	{ "interrupt", TE_OP_INTERRUPT, 0 },
	{ "detach", TE_OP_DETACH, 0 },
	{ "singlestep", TE_OP_SINGLESTEP, 0 },
	{ "blockstep", TE_OP_BLOCKSTEP, 0 },
	{ "action", TE_OP_ACTION, 1 },
	{ "set_arg", TE_OP_SET_ARG, 2 },
	{ "set_ret", TE_OP_SET_RET, 1 },
	{ "add_ip", TE_OP_ADD_IP, 1 },
	{ "abort", TE_OP_ABORT, 1 },
	{ "skip", TE_OP_SKIP, 0 },
	{ "disp", TE_OP_DISP, 1 },
	{ "disp_if_fatal", TE_OP_DISP_IF_FATAL, 1 },
	{ "disp_raw", TE_OP_DISP_RAW, 1 },
	{ "signal", TE_OP_SIGNAL, 1 },
	{ "inject", TE_OP_INJECT, 1 },
	{ "attach", TE_OP_ATTACH, 3 },
	{ "attach_child", TE_OP_ATTACH_CHILD, 3 },
	{ "follow", TE_OP_FOLLOW, 3 },
	{ "sleep", TE_OP_SLEEP, 1 },
	{ "events", TE_OP_EVENTS, 2 },
};

static const char * const te_event_names[UTRACE_EVENT_MAX] = {
	[UTRACE_EVENT_QUIESCE] = "quiesce",
	[UTRACE_EVENT_RESUME] = "resume",
	[UTRACE_EVENT_CLONE] = "clone",
	[UTRACE_EVENT_EXEC] = "exec",
	[UTRACE_EVENT_SYSCALL_ENTRY] = "syscall_entry",
	[UTRACE_EVENT_SYSCALL_EXIT] = "syscall_exit",
	[UTRACE_EVENT_EXIT] = "exit",
	[UTRACE_EVENT_DEATH] = "death",
	[UTRACE_EVENT_REAP] = "reap",
};

static const char * const te_action_names[UTRACE_RESUME_MAX] = {
	[UTRACE_STOP] = "stop",
	[UTRACE_INTERRUPT] = "interrupt",
	[UTRACE_REPORT] = "report",
	[UTRACE_SINGLESTEP] = "singlestep",
	[UTRACE_BLOCKSTEP] = "blockstep",
	[UTRACE_RESUME] = "resume",
	[UTRACE_DETACH] = "detach",
};

static const char * const te_disp_names[] = {
	[UTRACE_SIGNAL_DELIVER] = "deliver",
	[UTRACE_SIGNAL_IGN] = "ign",
	[UTRACE_SIGNAL_TERM] = "term",
	[UTRACE_SIGNAL_CORE] = "core",
	[UTRACE_SIGNAL_STOP] = "stop",
};

/*
 * One scripted action.  Written once by te_cmd_on() before it publishes
 * the new action count; callbacks only read it, except @done.
 */
struct te_action {
	enum utrace_event event;
	enum te_op op;
	long arg[2];
	char name[TE_NAME_LEN];
	unsigned long events;
	long nr;		/* syscall filter, -1 for any */
	int sig;		/* signal filter when @has_sig */
	bool has_sig;
	bool once;
	bool unless_held;
	bool done;		/* a once action ran; callbacks only */
};

/*
 * One scripted engine.  Listed on te_engines only once fully set up
 * (@engine attached, events set), so every listed engine has an engine.
 * The list owns the reference utrace_attach_task() gave us; the core's
 * release callback frees @te when the last engine reference goes, so a
 * late callback never sees freed memory.
 *
 * The counters are written by the callbacks, which for one engine never
 * run concurrently (the traced task's own context, then the reaper's
 * after its death), and read by commands.
 */
struct te_engine {
	struct list_head node;
	char name[TE_NAME_LEN];
	struct task_struct *task;
	struct utrace_engine *engine;
	bool quiet;
	bool sticky;
	bool toggle;
	bool want_stop;		/* sticky: the last control was a stop */
	int nr_actions;		/* smp_store_release() by te_cmd_on() */
	struct te_action actions[TE_MAX_ACTIONS];
	unsigned long entries;
	unsigned long exits;
	unsigned long other;
	unsigned long unpaired;	/* an entry or an exit without its pair */
	unsigned long after_detach;
	bool in_syscall;
	bool seen_syscall;
	bool detach_requested;
	bool barrier_done;	/* no callback may start any more */
};

static LIST_HEAD(te_engines);		/* under te_lock */
static DEFINE_SPINLOCK(te_lock);	/* te_engines and the log */
static DEFINE_MUTEX(te_cmd_mutex);	/* one command at a time */
static char (*te_log)[TE_LINE_LEN];	/* TE_LOG_LINES records */
static unsigned int te_log_len;
static unsigned int te_seq;
static unsigned int te_log_dropped;
static unsigned int te_log_truncated;
static atomic_long_t te_late = ATOMIC_LONG_INIT(0);

/* Data and ops of the attach_flags probes, which no callback may see. */
static const struct utrace_engine_ops te_probe_ops;
static char te_probe_data;

static __printf(1, 2) void te_log_line(const char *fmt, ...)
{
	char line[TE_LINE_LEN];
	va_list args;
	int len, total;

	va_start(args, fmt);
	len = vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);

	spin_lock(&te_lock);
	te_seq++;
	if (te_log_len >= TE_LOG_LINES) {
		te_log_dropped++;
	} else {
		total = snprintf(te_log[te_log_len], TE_LINE_LEN, "seq=%u %s",
				 te_seq, line);
		te_log_len++;
		if (len >= (int)sizeof(line) || total >= TE_LINE_LEN)
			te_log_truncated++;
	}
	spin_unlock(&te_lock);
}

/* A table name, or the number itself when it is not a known index. */
static const char *te_name_of(const char * const *names, size_t nr, long value,
			      char *buf, size_t len)
{
	if (value >= 0 && (size_t)value < nr && names[value])
		return names[value];
	snprintf(buf, len, "%ld", value);
	return buf;
}

static int te_check_name(const char *name)
{
	size_t len = strlen(name), i;

	if (len >= TE_NAME_LEN)
		return -ENAMETOOLONG;
	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (!isalnum(name[i]) && !strchr("_.-", name[i]))
			return -EINVAL;
	return 0;
}

static int te_parse_event(const char *s)
{
	int i;

	for (i = 0; i < UTRACE_EVENT_MAX; i++)
		if (!strcmp(s, te_event_names[i]))
			return i;
	return -EINVAL;
}

static int te_parse_events(char *s, unsigned long *events)
{
	char *word;

	*events = 0;
	if (!strcmp(s, "none"))
		return 0;
	while ((word = strsep(&s, ",")) != NULL) {
		int event = te_parse_event(word);

		if (event < 0)
			return event;
		*events |= BIT(event);
	}
	return 0;
}

static int te_parse_disp(const char *s)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(te_disp_names); i++)
		if (!strcmp(s, te_disp_names[i]))
			return i;
	return -EINVAL;
}

static struct te_engine *te_find(const char *name)
{
	struct te_engine *te;

	lockdep_assert_held(&te_lock);
	list_for_each_entry(te, &te_engines, node)
		if (!strcmp(te->name, name))
			return te;
	return NULL;
}

static const struct utrace_engine_ops te_utrace_ops;

static void te_release(void *data)
{
	struct te_engine *te = data;

	put_task_struct(te->task);
	kfree(te);
}

/*
 * Copies @from's script into @to, which is not listed yet.  Called from a
 * callback of @from, so its once actions are not running concurrently;
 * te_cmd_on() may append, hence the acquire.  The copy keeps the follow
 * line and its NAME, so a follow reaches one generation: the grandchild's
 * attach under the same name gets -EEXIST.
 */
static void te_copy_script(struct te_engine *to, const struct te_engine *from)
{
	int i, n = smp_load_acquire(&from->nr_actions);

	for (i = 0; i < n; i++) {
		to->actions[i] = from->actions[i];
		to->actions[i].done = false;
	}
	to->nr_actions = n;
}

/*
 * Also called from callbacks, so it never takes te_cmd_mutex.  The engine
 * is attached and its events set before it is listed: a listed engine
 * always has its utrace engine, and one that loses a name race is
 * detached again before any command could name it.
 */
/* Options of an attached engine; see the commands above. */
#define TE_QUIET	BIT(0)
#define TE_STICKY	BIT(1)
#define TE_TOGGLE	BIT(2)

static int te_attach(const char *name, struct task_struct *task, int priority,
		     unsigned long events, unsigned int opts,
		     const struct te_engine *script)
{
	struct utrace_engine *engine;
	struct te_engine *te;
	bool taken;
	int err;

	err = te_check_name(name);
	if (err)
		return err;
	spin_lock(&te_lock);
	taken = te_find(name);
	spin_unlock(&te_lock);
	if (taken)
		return -EEXIST;

	te = kzalloc(sizeof(*te), GFP_KERNEL);
	if (!te)
		return -ENOMEM;
	strscpy(te->name, name, sizeof(te->name));
	te->quiet = opts & TE_QUIET;
	te->sticky = opts & TE_STICKY;
	te->toggle = opts & TE_TOGGLE;
	if (script)
		te_copy_script(te, script);
	get_task_struct(task);
	te->task = task;

	engine = utrace_attach_task(task, UTRACE_ATTACH_CREATE, &te_utrace_ops,
				    te, priority);
	if (IS_ERR(engine)) {
		put_task_struct(task);
		kfree(te);
		return PTR_ERR(engine);
	}
	te->engine = engine;
	err = utrace_set_events(task, engine, events);
	if (!err) {
		spin_lock(&te_lock);
		if (te_find(name))
			err = -EEXIST;
		else
			list_add_tail(&te->node, &te_engines);
		spin_unlock(&te_lock);
	}
	if (err) {
		/* Never listed: the release callback frees te. */
		utrace_control(task, engine, UTRACE_DETACH);
		utrace_engine_put(engine);
		return err;
	}
	/* te may be detached and freed by now: log from our own copies. */
	te_log_line("engine=%s event=attached pid=%d priority=%d err=0",
		    name, task_pid_nr(task), priority);
	return 0;
}

/*
 * Set the events of the engine called @name on @task, from a callback of
 * another engine.  No te_cmd_mutex here, so a listed te may be freed, and
 * another allocated at its address, as soon as te_lock is dropped: the
 * core's lookup by address gives a reference that pins the te it finds
 * (te_release() runs at the last put), and the name is then checked again.
 */
static int te_set_events_of(const char *name, struct task_struct *task,
			    unsigned long events)
{
	struct utrace_engine *engine;
	struct te_engine *te;
	bool same;
	int err;

	spin_lock(&te_lock);
	te = te_find(name);
	if (te && te->task != task)
		te = NULL;
	spin_unlock(&te_lock);
	if (!te)
		return -ENOENT;

	engine = utrace_attach_task(task, UTRACE_ATTACH_MATCH_OPS |
				    UTRACE_ATTACH_MATCH_DATA, &te_utrace_ops,
				    te, 0);
	if (IS_ERR(engine))
		return PTR_ERR(engine);
	spin_lock(&te_lock);
	same = te_find(name) == engine->data;
	spin_unlock(&te_lock);
	err = same ? utrace_set_events(task, engine, events) : -ENOENT;
	utrace_engine_put(engine);
	return err;
}

/* The x86-64 syscall argument registers, for scripted warps. */
static void te_set_arg(struct pt_regs *regs, long n, long value)
{
	switch (n) {
	case 0:
		regs->di = value;
		break;
	case 1:
		regs->si = value;
		break;
	case 2:
		regs->dx = value;
		break;
	case 3:
		regs->r10 = value;
		break;
	case 4:
		regs->r8 = value;
		break;
	case 5:
		regs->r9 = value;
		break;
	}
}

/* Runs in the traced task: SIGKILL ends the sleep. */
static void te_sleep(unsigned long ms)
{
	unsigned long left = msecs_to_jiffies(ms);

	while (left && !fatal_signal_pending(current))
		left = schedule_timeout_killable(left);
}

static u32 te_with_action(u32 ret, enum utrace_resume_action action)
{
	return (ret & ~UTRACE_RESUME_MASK) | action;
}

static u32 te_run_action(struct te_engine *te, struct te_action *a,
			 struct task_struct *task, struct utrace_report *report,
			 u32 ret, char *note, size_t note_len)
{
	int err;

	switch (a->op) {
	case TE_OP_STOP:
		return te_with_action(ret, UTRACE_STOP);
	case TE_OP_REPORT:
		return te_with_action(ret, UTRACE_REPORT);
	case TE_OP_INTERRUPT:
		return te_with_action(ret, UTRACE_INTERRUPT);
	case TE_OP_DETACH:
		return te_with_action(ret, UTRACE_DETACH);
	case TE_OP_SINGLESTEP:
		return te_with_action(ret, UTRACE_SINGLESTEP);
	case TE_OP_BLOCKSTEP:
		return te_with_action(ret, UTRACE_BLOCKSTEP);
	case TE_OP_ACTION:
		return (u32)a->arg[0];
	case TE_OP_SET_ARG:
		if (report->regs)
			te_set_arg(report->regs, a->arg[0], a->arg[1]);
		break;
	case TE_OP_SET_RET:
		if (report->regs)
			report->regs->ax = a->arg[0];
		break;
	case TE_OP_ADD_IP:
		if (report->regs) {
			unsigned long ip = instruction_pointer(report->regs);

			instruction_pointer_set(report->regs, ip + a->arg[0]);
			scnprintf(note, note_len, "ip%+ld", a->arg[0]);
		}
		break;
	case TE_OP_ABORT:
#ifdef UTRACE_API_SYSCALL_ABORT_IMMEDIATE
		utrace_syscall_abort(report, a->arg[0]);
#else
		report->retval = a->arg[0];
		ret |= UTRACE_SYSCALL_ABORT;
#endif
		break;
	case TE_OP_SKIP:
#ifdef UTRACE_API_SYSCALL_ABORT_IMMEDIATE
		strscpy(note, "skip_unsupported", note_len);
#else
		ret |= UTRACE_SYSCALL_ABORT;
#endif
		break;
	case TE_OP_DISP:
	case TE_OP_DISP_RAW:
		report->disposition = a->arg[0];
		return ret | TE_SIGNAL_CHOICE;
	case TE_OP_DISP_IF_FATAL:
		if (report->disposition == UTRACE_SIGNAL_TERM ||
		    report->disposition == UTRACE_SIGNAL_CORE) {
			report->disposition = a->arg[0];
			strscpy(note, "took_over", note_len);
			return ret | TE_SIGNAL_CHOICE;
		}
		strscpy(note, "stood_down", note_len);
		break;
	case TE_OP_SIGNAL:
		report->signr = a->arg[0];
		report->disposition = UTRACE_SIGNAL_DELIVER;
		return ret | TE_SIGNAL_CHOICE;
	case TE_OP_INJECT:
#ifdef UTRACE_API_INJECT_SIGNAL
		err = utrace_inject_signal(task, te->engine, a->arg[0]);
#else
		err = -EOPNOTSUPP;
#endif
		scnprintf(note, note_len, "inject=%d", err);
		break;
	case TE_OP_ATTACH:
		err = te_attach(a->name, task, a->arg[0], a->events, 0, NULL);
		scnprintf(note, note_len, "attach=%d", err);
		break;
	case TE_OP_ATTACH_CHILD:
	case TE_OP_FOLLOW:
		err = -ESRCH;
		if (report->child)
			err = te_attach(a->name, report->child, a->arg[0],
					a->events, 0,
					a->op == TE_OP_FOLLOW ? te : NULL);
		scnprintf(note, note_len, "%s=%d", a->op == TE_OP_FOLLOW ?
			  "follow" : "attach_child", err);
		break;
	case TE_OP_SLEEP:
		te_sleep(a->arg[0]);
		break;
	case TE_OP_EVENTS:
		err = te_set_events_of(a->name, task, a->events);
		scnprintf(note, note_len, "events=%d", err);
		break;
	}
	return ret;
}

/*
 * Callback counters, kept for quiet engines too.  Syscall entries and
 * exits are paired only while the engine gets both: then only its first
 * syscall callback may be a lone exit (it was attached during a call).
 */
static void te_count(struct te_engine *te, struct utrace_engine *engine,
		     struct utrace_report *report)
{
	const unsigned long both = UTRACE_EVENT(SYSCALL_ENTRY) |
				   UTRACE_EVENT(SYSCALL_EXIT);
	bool paired = (READ_ONCE(engine->flags) & both) == both;

	if (READ_ONCE(te->barrier_done)) {
		/* The core promised no callback after detach + barrier. */
		atomic_long_inc(&te_late);
		te_log_line("engine=%s event=late_callback callback=%d",
			    te->name, report->event);
	}
	if (READ_ONCE(te->detach_requested))
		WRITE_ONCE(te->after_detach, te->after_detach + 1);

	switch (report->event) {
	case UTRACE_EVENT_SYSCALL_ENTRY:
		/* An entry reported again after a stop is the same syscall. */
		if (paired && te->in_syscall && !report->resumed)
			WRITE_ONCE(te->unpaired, te->unpaired + 1);
		WRITE_ONCE(te->in_syscall, paired);
		WRITE_ONCE(te->entries, te->entries + 1);
		break;
	case UTRACE_EVENT_SYSCALL_EXIT:
		if (paired && !te->in_syscall && te->seen_syscall)
			WRITE_ONCE(te->unpaired, te->unpaired + 1);
		WRITE_ONCE(te->in_syscall, false);
		WRITE_ONCE(te->exits, te->exits + 1);
		break;
	default:
		WRITE_ONCE(te->other, te->other + 1);
		return;
	}
	te->seen_syscall = paired;
}

/* The scripted actions and the log record of an engine that is not quiet. */
static noinline u32 te_report_loud(struct te_engine *te,
				   struct task_struct *task,
				   struct utrace_report *report, u32 ret)
{
	enum utrace_event event = report->event;
	unsigned long args[6] = { 0 };
	long nr = -1, retval = 0;
	char note[48] = "";
	char ev[12], act_in[12], act_out[12], din[12], dout[12];
	int sig_in = report->signr;
	int disp_in = report->disposition;
	int i, nr_actions;

	if (report->regs && (event == UTRACE_EVENT_SYSCALL_ENTRY ||
			     event == UTRACE_EVENT_SYSCALL_EXIT)) {
		nr = syscall_get_nr(task, report->regs);
		syscall_get_arguments(task, report->regs, args);
		retval = syscall_get_return_value(task, report->regs);
	}

	/* Pairs with the smp_store_release() in te_cmd_on(). */
	nr_actions = smp_load_acquire(&te->nr_actions);
	for (i = 0; i < nr_actions; i++) {
		struct te_action *a = &te->actions[i];

		if (a->event != event || a->done ||
		    (a->nr >= 0 && a->nr != nr) ||
		    (a->has_sig && a->sig != sig_in))
			continue;
		if (a->unless_held &&
		    (report->held || report->action == UTRACE_STOP)) {
			strscpy(note, "held", sizeof(note));
			continue;
		}
		ret = te_run_action(te, a, task, report, ret, note,
				    sizeof(note));
		if (a->once)
			a->done = true;
	}

	te_log_line(TE_REPORT_FMT,
		    te->name,
		    te_name_of(te_event_names, ARRAY_SIZE(te_event_names),
			       event, ev, sizeof(ev)),
		    task_pid_nr(task), nr,
		    (long)args[0], (long)args[1], (long)args[2], retval,
		    te_name_of(te_action_names, ARRAY_SIZE(te_action_names),
			       (long)report->action, act_in, sizeof(act_in)),
		    report->held, report->resumed, sig_in,
		    te_name_of(te_disp_names, ARRAY_SIZE(te_disp_names),
			       disp_in, din, sizeof(din)),
		    report->signr,
		    te_name_of(te_disp_names, ARRAY_SIZE(te_disp_names),
			       (int)report->disposition, dout, sizeof(dout)),
		    report->child ? task_pid_nr(report->child) : 0,
		    report->code,
		    te_name_of(te_action_names, ARRAY_SIZE(te_action_names),
			       ret & UTRACE_RESUME_MASK, act_out,
			       sizeof(act_out)),
		    (ret & ~(UTRACE_RESUME_MASK | TE_SIGNAL_CHOICE)) ? 1 : 0,
		    note[0] ? note : "-");
	return ret;
}

/*
 * A quiet engine only counts: it must cost what a minimal engine costs,
 * since the bench measures the core with it.  The locals of the loud
 * path are in a function of their own, so that a quiet callback does not
 * zero them (CONFIG_INIT_STACK_ALL_ZERO).
 */
static u32 te_report(struct utrace_engine *engine, struct task_struct *task,
		     struct utrace_report *report)
{
	struct te_engine *te = engine->data;
	u32 ret = UTRACE_RESUME;

	/* Counted as a pair: exits on before the entry, off after the exit. */
	if (te->toggle && report->event == UTRACE_EVENT_SYSCALL_ENTRY)
		utrace_set_events(task, engine, READ_ONCE(engine->flags) |
				  UTRACE_EVENT(SYSCALL_EXIT));
	te_count(te, engine, report);
	if (te->toggle && report->event == UTRACE_EVENT_SYSCALL_EXIT)
		utrace_set_events(task, engine, READ_ONCE(engine->flags) &
				  ~UTRACE_EVENT(SYSCALL_EXIT));
	if (te->sticky && READ_ONCE(te->want_stop))
		ret = UTRACE_STOP;
	if (te->quiet)
		return ret;
	return te_report_loud(te, task, report, ret);
}

static const struct utrace_engine_ops te_utrace_ops = {
	.report_quiesce = te_report,
#ifdef UTRACE_API_REPORT_RESUME
	.report_resume = te_report,
#else
	.report_signal = te_report,
#endif
	.report_clone = te_report,
	.report_exec = te_report,
	.report_syscall_entry = te_report,
	.report_syscall_exit = te_report,
	.report_exit = te_report,
	.report_death = te_report,
	.report_reap = te_report,
	.release = te_release,
};

/* A task the writer may trace, with a reference, or an ERR_PTR(). */
static struct task_struct *te_get_task(const char *pid_str)
{
	struct task_struct *task;
	int pid, err;

	err = kstrtoint(pid_str, 10, &pid);
	if (err)
		return ERR_PTR(err);
	if (pid <= 0)
		return ERR_PTR(-EINVAL);
	rcu_read_lock();
	task = find_task_by_vpid(pid);
	if (task)
		get_task_struct(task);
	rcu_read_unlock();
	if (!task)
		return ERR_PTR(-ESRCH);
	if (!ptrace_may_access(task, PTRACE_MODE_ATTACH_REALCREDS)) {
		put_task_struct(task);
		return ERR_PTR(-EPERM);
	}
	return task;
}

/* Take an engine off the list; the caller drops te->engine after use. */
static struct te_engine *te_unlist(const char *name)
{
	struct te_engine *te;

	spin_lock(&te_lock);
	te = te_find(name);
	if (te)
		list_del_init(&te->node);
	spin_unlock(&te_lock);
	return te;
}

/* Under te_cmd_mutex a listed te stays alive: the list's reference. */
static struct te_engine *te_lookup(const char *name)
{
	struct te_engine *te;

	lockdep_assert_held(&te_cmd_mutex);
	spin_lock(&te_lock);
	te = te_find(name);
	spin_unlock(&te_lock);
	return te;
}

static void te_log_counts(struct te_engine *te, const char *what, int err,
			  int barrier, long long waited_ms)
{
	te_log_line(TE_COUNTS_FMT,
		    te->name, what, task_pid_nr(te->task), err, barrier,
		    waited_ms, READ_ONCE(te->entries), READ_ONCE(te->exits),
		    READ_ONCE(te->other), READ_ONCE(te->unpaired),
		    READ_ONCE(te->after_detach), READ_ONCE(te->in_syscall));
}

/* Detach an unlisted engine and drop the list's reference. */
static void te_detach(struct te_engine *te, bool log)
{
	struct task_struct *task = te->task;
	struct utrace_engine *engine = te->engine;
	ktime_t start = ktime_get();
	int err, barrier;

	get_task_struct(task);
	WRITE_ONCE(te->detach_requested, true);
	err = utrace_control(task, engine, UTRACE_DETACH);
	barrier = utrace_barrier(task, engine);
	/*
	 * Orders the counts before the flag: a callback that still starts
	 * (a core bug) counts as late, in te_count().
	 */
	smp_store_release(&te->barrier_done, !barrier);
	if (log)
		te_log_counts(te, "barrier", err, barrier,
			      ktime_ms_delta(ktime_get(), start));
	utrace_engine_put(engine);	/* may free te */
	put_task_struct(task);
}

static void te_reset(void)
{
	struct te_engine *te;

	for (;;) {
		spin_lock(&te_lock);
		te = list_first_entry_or_null(&te_engines, struct te_engine,
					      node);
		if (te)
			list_del_init(&te->node);
		spin_unlock(&te_lock);
		if (!te)
			break;
		te_detach(te, false);
	}
	spin_lock(&te_lock);
	te_log_len = 0;
	te_seq = 0;
	te_log_dropped = 0;
	te_log_truncated = 0;
	spin_unlock(&te_lock);
	atomic_long_set(&te_late, 0);
}

/* The engine NAME an op names (attach, follow, events). */
static int te_parse_name(struct te_action *a, const char *name)
{
	int err = te_check_name(name);

	if (!err)
		strscpy(a->name, name, sizeof(a->name));
	return err;
}

static int te_parse_action_args(struct te_action *a, const struct te_op_name *op,
				char **argv)
{
	unsigned int ms;
	int val, err = 0;
	u32 raw;

	switch (op->op) {
	case TE_OP_DISP:
	case TE_OP_DISP_IF_FATAL:
		a->arg[0] = te_parse_disp(argv[0]);
		return a->arg[0] < 0 ? -EINVAL : 0;
	case TE_OP_DISP_RAW:
	case TE_OP_SIGNAL:
	case TE_OP_INJECT:
		err = kstrtoint(argv[0], 0, &val);
		a->arg[0] = val;
		return err;
	case TE_OP_ACTION:
		err = kstrtou32(argv[0], 0, &raw);
		a->arg[0] = raw;
		return err;
	case TE_OP_SLEEP:
		err = kstrtouint(argv[0], 0, &ms);
		if (!err && ms > TE_MAX_SLEEP_MS)
			err = -ERANGE;
		a->arg[0] = ms;
		return err;
	case TE_OP_SET_ARG:
		err = kstrtol(argv[0], 0, &a->arg[0]) ?:
		      kstrtol(argv[1], 0, &a->arg[1]);
		if (!err && (a->arg[0] < 0 || a->arg[0] > 5))
			err = -EINVAL;
		return err;
	case TE_OP_SET_RET:
	case TE_OP_ABORT:
		return kstrtol(argv[0], 0, &a->arg[0]);
	case TE_OP_ADD_IP:
		err = kstrtol(argv[0], 0, &a->arg[0]);
		if (!err && (a->arg[0] < -TE_MAX_IP_MOVE ||
			     a->arg[0] > TE_MAX_IP_MOVE))
			err = -ERANGE;
		return err;
	case TE_OP_EVENTS:
		return te_parse_name(a, argv[0]) ?:
		       te_parse_events(argv[1], &a->events);
	case TE_OP_ATTACH:
	case TE_OP_ATTACH_CHILD:
	case TE_OP_FOLLOW:
		err = te_parse_name(a, argv[0]) ?:
		      kstrtoint(argv[1], 10, &val) ?:
		      te_parse_events(argv[2], &a->events);
		a->arg[0] = val;
		return err;
	default:
		return 0;
	}
}

static int te_cmd_on(int argc, char **argv)
{
	const struct te_op_name *op = NULL;
	struct te_action a = { };
	struct te_engine *te;
	int event, i, err;

	if (argc < 4)
		return -EINVAL;
	err = te_check_name(argv[1]);
	if (err)
		return err;
	event = te_parse_event(argv[2]);
	if (event < 0)
		return event;
	for (i = 0; i < ARRAY_SIZE(te_ops_table); i++)
		if (!strcmp(argv[3], te_ops_table[i].name))
			op = &te_ops_table[i];
	if (!op || argc < 4 + op->nargs)
		return -EINVAL;

	a.event = event;
	a.op = op->op;
	a.nr = -1;
	err = te_parse_action_args(&a, op, argv + 4);
	if (err)
		return err;
	for (i = 4 + op->nargs; i < argc; i++) {
		if (!strcmp(argv[i], "once")) {
			a.once = true;
		} else if (!strcmp(argv[i], "unless_held")) {
			a.unless_held = true;
		} else if (!strncmp(argv[i], "nr=", 3)) {
			err = kstrtol(argv[i] + 3, 10, &a.nr);
			if (!err && a.nr < 0)
				err = -EINVAL;
		} else if (!strncmp(argv[i], "sig=", 4)) {
			err = kstrtoint(argv[i] + 4, 0, &a.sig);
			a.has_sig = true;
		} else {
			err = -EINVAL;
		}
		if (err)
			return err;
	}

	spin_lock(&te_lock);
	te = te_find(argv[1]);
	if (!te) {
		err = -ENOENT;
	} else if (te->nr_actions >= TE_MAX_ACTIONS) {
		err = -ENOSPC;
	} else {
		te->actions[te->nr_actions] = a;
		/* The action is complete before callbacks can see it. */
		smp_store_release(&te->nr_actions, te->nr_actions + 1);
	}
	spin_unlock(&te_lock);
	return err;
}

static int te_cmd_control(int argc, char **argv)
{
	static const char * const actions[] = {
		[UTRACE_STOP] = "stop",
		[UTRACE_INTERRUPT] = "interrupt",
		[UTRACE_REPORT] = "report",
		[UTRACE_SINGLESTEP] = "singlestep",
		[UTRACE_BLOCKSTEP] = "blockstep",
		[UTRACE_RESUME] = "resume",
		[UTRACE_DETACH] = "detach",
	};
	struct te_engine *te;
	int action, err;

	if (argc == 4 && !strcmp(argv[2], "raw")) {
		err = kstrtoint(argv[3], 0, &action);
		if (err)
			return err;
	} else if (argc == 3) {
		for (action = 0; action < ARRAY_SIZE(actions); action++)
			if (actions[action] && !strcmp(argv[2], actions[action]))
				break;
		if (action == ARRAY_SIZE(actions))
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	err = te_check_name(argv[1]);
	if (err)
		return err;

	te = te_lookup(argv[1]);
	if (!te)
		return -ENOENT;
	if (action == UTRACE_DETACH)
		WRITE_ONCE(te->detach_requested, true);
	WRITE_ONCE(te->want_stop, action == UTRACE_STOP);
	err = utrace_control(te->task, te->engine, action);
	te_log_line("engine=%s event=control pid=%d action=%s err=%d",
		    te->name, task_pid_nr(te->task), argv[argc - 1], err);
	return err == -EINPROGRESS ? 0 : err;
}

static int te_cmd_engine(int argc, char **argv)
{
	struct te_engine *te;
	unsigned long events;
	ktime_t start;
	int err;

	if (argc == 1 && !strcmp(argv[0], "counts")) {
		te_log_line("event=counts late=%ld",
			    atomic_long_read(&te_late));
		return 0;
	}
	if (argc < 2)
		return -EINVAL;
	err = te_check_name(argv[1]);
	if (err)
		return err;

	if (!strcmp(argv[0], "detach") && argc == 2) {
		te = te_unlist(argv[1]);
		if (!te)
			return -ENOENT;
		te_detach(te, true);
		return 0;
	}

	te = te_lookup(argv[1]);
	if (!strcmp(argv[0], "events") && argc == 3) {
		err = te_parse_events(argv[2], &events);
		if (err)
			return err;
		return te ? utrace_set_events(te->task, te->engine, events) :
			    -ENOENT;
	}
	if (!strcmp(argv[0], "barrier") && argc == 2) {
		if (!te)
			return -ENOENT;
		start = ktime_get();
		err = utrace_barrier(te->task, te->engine);
		te_log_line("engine=%s event=barrier_wait pid=%d err=%d waited_ms=%lld",
			    te->name, task_pid_nr(te->task), err,
			    ktime_ms_delta(ktime_get(), start));
		return err;
	}
	if (!strcmp(argv[0], "counts") && argc == 2) {
		if (!te)
			return -ENOENT;
		te_log_counts(te, "counts", 0, 0, 0);
		return 0;
	}
	return -EINVAL;
}

static int te_cmd_wait_stopped(struct task_struct *task, const char *ms_str)
{
	unsigned long deadline;
	unsigned int ms;
	int err;

	err = kstrtouint(ms_str, 10, &ms);
	if (err)
		return err;
	if (ms > TE_MAX_WAIT_MS)
		return -ERANGE;
	deadline = jiffies + msecs_to_jiffies(ms);
	for (;;) {
		if (utrace_task_stopped(task))
			return 0;
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
		if (fatal_signal_pending(current))
			return -EINTR;
		schedule_timeout_killable(msecs_to_jiffies(5));
	}
}

/* Attach with @flags; a probe engine that was created is detached again. */
static int te_probe(struct task_struct *task, int flags,
		    const struct utrace_engine_ops *ops, void *data)
{
	struct utrace_engine *engine;

	engine = utrace_attach_task(task, flags, ops, data,
				    UTRACE_BAND_DEFAULT);
	if (IS_ERR(engine))
		return PTR_ERR(engine);
	if (flags & UTRACE_ATTACH_CREATE)
		utrace_control(task, engine, UTRACE_DETACH);
	utrace_engine_put(engine);
	return 0;
}

/*
 * Lookups and exclusive attaches.  Whatever the core does, an engine
 * created here has te_probe_ops, which have no callbacks and no release:
 * it never sees a struct te_engine as its data, nor frees anything.
 *
 * lookup:	MATCH_OPS finds a test engine of @task
 * exclusive:	CREATE | EXCLUSIVE | MATCH_DATA with a test engine's data
 *		(when @task has one) is refused
 * nomatch:	MATCH_OPS | MATCH_DATA with data nobody uses finds nothing
 * probe, probe_again: CREATE | EXCLUSIVE | MATCH_OPS with te_probe_ops,
 *		twice: the first is attached, the second refused
 */
static void te_cmd_attach_flags(struct task_struct *task)
{
	const int excl = UTRACE_ATTACH_CREATE | UTRACE_ATTACH_EXCLUSIVE;
	struct utrace_engine *probe;
	void *data = &te_probe_data;
	int lookup, exclusive, nomatch, first, again;
	struct te_engine *te;

	spin_lock(&te_lock);
	list_for_each_entry(te, &te_engines, node) {
		if (te->task == task) {
			data = te;	/* only compared, never used */
			break;
		}
	}
	spin_unlock(&te_lock);

	lookup = te_probe(task, UTRACE_ATTACH_MATCH_OPS, &te_utrace_ops, NULL);
	exclusive = te_probe(task, excl | UTRACE_ATTACH_MATCH_DATA,
			     &te_probe_ops, data);
	nomatch = te_probe(task, UTRACE_ATTACH_MATCH_OPS |
			   UTRACE_ATTACH_MATCH_DATA, &te_utrace_ops,
			   &te_probe_data);

	probe = utrace_attach_task(task, excl | UTRACE_ATTACH_MATCH_OPS,
				   &te_probe_ops, &te_probe_data,
				   UTRACE_BAND_DEFAULT);
	first = PTR_ERR_OR_ZERO(probe);
	again = te_probe(task, excl | UTRACE_ATTACH_MATCH_OPS, &te_probe_ops,
			 &te_probe_data);
	if (!IS_ERR(probe)) {
		utrace_control(task, probe, UTRACE_DETACH);
		utrace_engine_put(probe);
	}

	te_log_line(TE_ATTACH_FLAGS_FMT,
		    task_pid_nr(task), lookup, exclusive, nomatch, first, again);
}

static void te_cmd_status(struct task_struct *task)
{
	unsigned long flags;
	int group_stopped = -1;

	/* -1: the task was released, it has no signal handlers any more. */
	if (lock_task_sighand(task, &flags)) {
		group_stopped = !!(task->signal->flags & SIGNAL_STOP_STOPPED);
		unlock_task_sighand(task, &flags);
	}
	te_log_line("event=status pid=%d stopped=%d syscall_work=%d group_stopped=%d exiting=%d",
		    task_pid_nr(task), utrace_task_stopped(task),
		    test_task_syscall_work(task, UTRACE) ? 1 : 0,
		    group_stopped, (READ_ONCE(task->flags) & PF_EXITING) ? 1 : 0);
}

/* Only meaningful while the task is stopped; a dead task has no stack. */
static int te_cmd_regs(struct task_struct *task)
{
	struct pt_regs *regs;

	if (!try_get_task_stack(task))
		return -ESRCH;
	regs = task_pt_regs(task);
	te_log_line("event=regs pid=%d stopped=%d ax=%ld di=%ld si=%ld dx=%ld orig_ax=%ld ip=%lu",
		    task_pid_nr(task), utrace_task_stopped(task),
		    regs->ax, regs->di, regs->si, regs->dx, regs->orig_ax,
		    instruction_pointer(regs));
	put_task_stack(task);
	return 0;
}

static int te_cmd_task(int argc, char **argv)
{
	struct task_struct *task;
	int err = 0;

	if (argc < 2)
		return -EINVAL;
	if (strcmp(argv[0], "wait_stopped") && strcmp(argv[0], "regs") &&
	    strcmp(argv[0], "attach_flags") && strcmp(argv[0], "status"))
		return -EINVAL;
	if (argc != (strcmp(argv[0], "wait_stopped") ? 2 : 3))
		return -EINVAL;
	task = te_get_task(argv[1]);
	if (IS_ERR(task))
		return PTR_ERR(task);

	if (!strcmp(argv[0], "wait_stopped"))
		err = te_cmd_wait_stopped(task, argv[2]);
	else if (!strcmp(argv[0], "regs"))
		err = te_cmd_regs(task);
	else if (!strcmp(argv[0], "attach_flags"))
		te_cmd_attach_flags(task);
	else
		te_cmd_status(task);
	put_task_struct(task);
	return err;
}

static int te_cmd_attach(int argc, char **argv)
{
	static const char *const names[] = { "quiet", "sticky", "toggle" };
	struct task_struct *task;
	unsigned long events;
	unsigned int opts = 0;
	int priority, err, i, opt;

	if (argc < 5 || argc > 5 + ARRAY_SIZE(names))
		return -EINVAL;
	for (i = 5; i < argc; i++) {
		opt = match_string(names, ARRAY_SIZE(names), argv[i]);
		if (opt < 0 || (opts & BIT(opt)))
			return -EINVAL;
		opts |= BIT(opt);
	}
	err = te_check_name(argv[1]) ?:
	      kstrtoint(argv[3], 10, &priority) ?:
	      te_parse_events(argv[4], &events);
	if (err)
		return err;
	task = te_get_task(argv[2]);
	if (IS_ERR(task))
		return PTR_ERR(task);
	/* As for ptrace: never the writer itself (it holds te_cmd_mutex). */
	if (same_thread_group(task, current))
		err = -EPERM;
	else
		err = te_attach(argv[1], task, priority, events, opts, NULL);
	put_task_struct(task);
	return err;
}

static int te_command(int argc, char **argv)
{
	if (!strcmp(argv[0], "reset")) {
		if (argc != 1)
			return -EINVAL;
		te_reset();
		return 0;
	}
	if (!strcmp(argv[0], "attach"))
		return te_cmd_attach(argc, argv);
	if (!strcmp(argv[0], "on"))
		return te_cmd_on(argc, argv);
	if (!strcmp(argv[0], "control"))
		return te_cmd_control(argc, argv);
	if (!strcmp(argv[0], "events") || !strcmp(argv[0], "detach") ||
	    !strcmp(argv[0], "barrier") || !strcmp(argv[0], "counts"))
		return te_cmd_engine(argc, argv);
	return te_cmd_task(argc, argv);
}

static int te_open(struct inode *inode, struct file *file)
{
	return capable(CAP_SYS_ADMIN) ? 0 : -EPERM;
}

/*
 * One command per write(): printable ASCII and spaces, at most one
 * trailing newline.  Anything else (NUL bytes, more lines, control
 * characters) is refused whole, never half carried out.
 */
static ssize_t te_write(struct file *file, const char __user *ubuf,
			size_t count, loff_t *ppos)
{
	size_t len = count, i;
	char **argv;
	char *buf;
	int argc, err;

	if (!count)
		return -EINVAL;
	if (count >= TE_CMD_LEN)
		return -E2BIG;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	if (buf[len - 1] == '\n')
		buf[--len] = '\0';
	for (i = 0; i < len; i++) {
		unsigned char c = buf[i];

		if (c < 0x20 || c > 0x7e) {
			kfree(buf);
			return -EINVAL;
		}
	}
	argv = argv_split(GFP_KERNEL, buf, &argc);
	kfree(buf);
	if (!argv)
		return -ENOMEM;

	err = -EINVAL;
	if (argc > 0) {
		err = mutex_lock_killable(&te_cmd_mutex);
		if (!err) {
			err = te_command(argc, argv);
			mutex_unlock(&te_cmd_mutex);
		}
	}
	argv_free(argv);
	return err ?: count;
}

/* Copy what of @s and its newline lies at pos + *got, up to @want bytes. */
static void te_copy_window(char *out, size_t want, size_t *got, loff_t pos,
			   loff_t *off, const char *s)
{
	size_t len = strlen(s), n;
	loff_t cur = pos + *got, end = *off + len + 1;

	if (cur >= *off && cur < end) {
		if (cur - *off < len) {
			n = min_t(size_t, len - (cur - *off), want - *got);
			memcpy(out + *got, s + (cur - *off), n);
			*got += n;
		}
		if (*got < want && pos + *got == end - 1)
			out[(*got)++] = '\n';
	}
	*off = end;
}

static ssize_t te_read(struct file *file, char __user *ubuf, size_t count,
		       loff_t *ppos)
{
	char overflow[96] = "";
	size_t want = min_t(size_t, count, TE_READ_MAX), got = 0;
	loff_t pos = *ppos, off = 0;
	unsigned int i;
	char *out;

	if (pos < 0)
		return -EINVAL;
	if (!want)
		return 0;
	out = kvmalloc(want, GFP_KERNEL);
	if (!out)
		return -ENOMEM;

	spin_lock(&te_lock);
	for (i = 0; i < te_log_len && got < want; i++)
		te_copy_window(out, want, &got, pos, &off, te_log[i]);
	if (te_log_dropped || te_log_truncated) {
		snprintf(overflow, sizeof(overflow),
			 "seq=%u event=log_overflow dropped=%u truncated=%u",
			 te_seq + 1, te_log_dropped, te_log_truncated);
		if (got < want)
			te_copy_window(out, want, &got, pos, &off, overflow);
	}
	spin_unlock(&te_lock);

	if (got && copy_to_user(ubuf, out, got)) {
		kvfree(out);
		return -EFAULT;
	}
	kvfree(out);
	*ppos = pos + got;
	return got;
}

static const struct file_operations te_fops = {
	.owner = THIS_MODULE,
	.open = te_open,
	.read = te_read,
	.write = te_write,
	.llseek = default_llseek,
};

static struct miscdevice te_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "utrace_test",
	.fops = &te_fops,
	.mode = 0600,
};

static int __init te_init(void)
{
	te_log = kvcalloc(TE_LOG_LINES, TE_LINE_LEN, GFP_KERNEL);
	if (!te_log)
		return -ENOMEM;
	pr_info("utrace_test: engine API variant %s\n", UTRACE_API_VARIANT);
	return misc_register(&te_misc);
}
device_initcall(te_init);
