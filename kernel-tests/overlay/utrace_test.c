// SPDX-License-Identifier: GPL-2.0
/*
 * Scripted utrace test engines, for validation only.
 *
 * Root writes commands to /dev/utrace_test, one per write(): attach
 * named engines to a pid, script what each does at an event, control
 * and detach them.  Every callback appends one line to a log that
 * read() returns.  No scenario logic lives here: scenarios are data on
 * the host side.
 *
 *   reset
 *   attach NAME PID PRIORITY EVENTS [quiet]
 *   events NAME EVENTS
 *   on NAME EVENT OP [ARG...] [once] [unless_held] [nr=SYSCALL]
 *   control NAME stop|resume|report|interrupt|detach
 *   detach NAME
 *   wait_stopped PID MSECS
 *   regs PID
 *   status PID
 *   attach_flags PID           try the lookup and exclusive attach flags
 *
 * A quiet engine neither logs nor acts: it measures what the core costs.
 * EVENTS is a comma list of quiesce, resume, clone, exec, syscall_entry,
 * syscall_exit, exit, death, reap, or "none".  OPs: stop, report,
 * interrupt, detach, set_arg N V, set_ret V, abort V, disp D,
 * disp_if_fatal D, signal SIG, inject SIG, attach NAME PRIORITY EVENTS,
 * attach_child NAME PRIORITY EVENTS, sleep MSECS.
 *
 * Generated from {{ spec.source_path }} by UtracePatchKit; do not edit.
 * Regenerate with: utpk generate {{ spec.source_path }}
 */

#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
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
#define TE_LINE_LEN	256
#define TE_CMD_LEN	256

enum te_op {
	TE_OP_STOP,
	TE_OP_REPORT,
	TE_OP_INTERRUPT,
	TE_OP_DETACH,
	TE_OP_SET_ARG,
	TE_OP_SET_RET,
	TE_OP_ABORT,
	TE_OP_DISP,
	TE_OP_DISP_IF_FATAL,
	TE_OP_SIGNAL,
	TE_OP_INJECT,
	TE_OP_ATTACH,
	TE_OP_ATTACH_CHILD,
	TE_OP_SLEEP,
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
	{ "set_arg", TE_OP_SET_ARG, 2 },
	{ "set_ret", TE_OP_SET_RET, 1 },
	{ "abort", TE_OP_ABORT, 1 },
	{ "disp", TE_OP_DISP, 1 },
	{ "disp_if_fatal", TE_OP_DISP_IF_FATAL, 1 },
	{ "signal", TE_OP_SIGNAL, 1 },
	{ "inject", TE_OP_INJECT, 1 },
	{ "attach", TE_OP_ATTACH, 3 },
	{ "attach_child", TE_OP_ATTACH_CHILD, 3 },
	{ "sleep", TE_OP_SLEEP, 1 },
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

struct te_action {
	enum utrace_event event;
	enum te_op op;
	long arg[2];
	char name[TE_NAME_LEN];
	unsigned long events;
	long nr;
	bool once;
	bool unless_held;
	bool done;
};

/*
 * One scripted engine.  Freed by the utrace core's release callback when
 * the last engine reference goes, so a late callback never sees freed
 * memory.
 */
struct te_engine {
	struct list_head node;
	char name[TE_NAME_LEN];
	struct task_struct *task;
	struct utrace_engine *engine;
	bool quiet;
	int nr_actions;
	struct te_action actions[TE_MAX_ACTIONS];
};

static LIST_HEAD(te_engines);		/* under te_lock */
static DEFINE_SPINLOCK(te_lock);	/* te_engines and the log */
static DEFINE_MUTEX(te_cmd_mutex);	/* one command at a time */
static char (*te_log)[TE_LINE_LEN];
static unsigned int te_log_len;
static unsigned int te_seq;

static __printf(1, 2) void te_log_line(const char *fmt, ...)
{
	char line[TE_LINE_LEN];
	va_list args;
	int len;

	va_start(args, fmt);
	len = vscnprintf(line, sizeof(line), fmt, args);
	va_end(args);

	spin_lock(&te_lock);
	if (te_log_len < TE_LOG_LINES) {
		scnprintf(te_log[te_log_len], TE_LINE_LEN, "seq=%u %s",
			  ++te_seq, line);
		te_log_len++;
	}
	spin_unlock(&te_lock);
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

	if (!te)	/* an engine te_cmd_attach_flags() should not have got */
		return;
	put_task_struct(te->task);
	kfree(te);
}

/* Also called from callbacks, so it never takes te_cmd_mutex. */
static int te_attach(const char *name, struct task_struct *task, int priority,
		     unsigned long events, bool quiet)
{
	struct utrace_engine *engine;
	struct te_engine *te;
	int err;

	te = kzalloc(sizeof(*te), GFP_KERNEL);
	if (!te)
		return -ENOMEM;
	strscpy(te->name, name, sizeof(te->name));
	te->quiet = quiet;
	get_task_struct(task);
	te->task = task;

	spin_lock(&te_lock);
	if (te_find(name)) {
		spin_unlock(&te_lock);
		put_task_struct(task);
		kfree(te);
		return -EEXIST;
	}
	list_add_tail(&te->node, &te_engines);
	spin_unlock(&te_lock);

	engine = utrace_attach_task(task, UTRACE_ATTACH_CREATE, &te_utrace_ops,
				    te, priority);
	if (IS_ERR(engine)) {
		spin_lock(&te_lock);
		list_del(&te->node);
		spin_unlock(&te_lock);
		put_task_struct(task);
		kfree(te);
		return PTR_ERR(engine);
	}
	te->engine = engine;
	err = utrace_set_events(task, engine, events);
	te_log_line("engine=%s event=attached pid=%d priority=%d err=%d",
		    name, task_pid_nr(task), priority, err);
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

static u32 te_run_action(struct te_engine *te, struct te_action *a,
			 struct task_struct *task, struct utrace_report *report,
			 u32 ret, char *note, size_t note_len)
{
	int err;

	switch (a->op) {
	case TE_OP_STOP:
		return (ret & ~UTRACE_RESUME_MASK) | UTRACE_STOP;
	case TE_OP_REPORT:
		return (ret & ~UTRACE_RESUME_MASK) | UTRACE_REPORT;
	case TE_OP_INTERRUPT:
		return (ret & ~UTRACE_RESUME_MASK) | UTRACE_INTERRUPT;
	case TE_OP_DETACH:
		return (ret & ~UTRACE_RESUME_MASK) | UTRACE_DETACH;
	case TE_OP_SET_ARG:
		if (report->regs)
			te_set_arg(report->regs, a->arg[0], a->arg[1]);
		break;
	case TE_OP_SET_RET:
		if (report->regs)
			report->regs->ax = a->arg[0];
		break;
	case TE_OP_ABORT:
#ifdef UTRACE_API_SYSCALL_ABORT_IMMEDIATE
		utrace_syscall_abort(report, a->arg[0]);
#else
		report->retval = a->arg[0];
		ret |= UTRACE_SYSCALL_ABORT;
#endif
		break;
	case TE_OP_DISP:
		report->disposition = a->arg[0];
		break;
	case TE_OP_DISP_IF_FATAL:
		if (report->disposition == UTRACE_SIGNAL_TERM ||
		    report->disposition == UTRACE_SIGNAL_CORE) {
			report->disposition = a->arg[0];
			strscpy(note, "took_over", note_len);
		} else {
			strscpy(note, "stood_down", note_len);
		}
		break;
	case TE_OP_SIGNAL:
		report->signr = a->arg[0];
		report->disposition = UTRACE_SIGNAL_DELIVER;
		break;
	case TE_OP_INJECT:
#ifdef UTRACE_API_INJECT_SIGNAL
		err = utrace_inject_signal(task, te->engine, a->arg[0]);
#else
		err = -EOPNOTSUPP;
#endif
		scnprintf(note, note_len, "inject=%d", err);
		break;
	case TE_OP_ATTACH:
		err = te_attach(a->name, task, a->arg[0], a->events, false);
		scnprintf(note, note_len, "attach=%d", err);
		break;
	case TE_OP_ATTACH_CHILD:
		err = -ESRCH;
		if (report->child)
			err = te_attach(a->name, report->child, a->arg[0],
					a->events, false);
		scnprintf(note, note_len, "attach_child=%d", err);
		break;
	case TE_OP_SLEEP:
		msleep(a->arg[0]);
		break;
	}
	return ret;
}

static u32 te_report(struct utrace_engine *engine, struct task_struct *task,
		     struct utrace_report *report)
{
	struct te_engine *te = engine->data;
	enum utrace_event event = report->event;
	unsigned long args[6] = { 0 };
	long nr = -1, retval = 0;
	u32 ret = UTRACE_RESUME;
	char note[48] = "";
	int sig_in = report->signr;
	int disp_in = report->disposition;
	int i;

	if (te->quiet)
		return UTRACE_RESUME;

	if (report->regs && (event == UTRACE_EVENT_SYSCALL_ENTRY ||
			     event == UTRACE_EVENT_SYSCALL_EXIT)) {
		nr = syscall_get_nr(task, report->regs);
		syscall_get_arguments(task, report->regs, args);
		retval = syscall_get_return_value(task, report->regs);
	}

	for (i = 0; i < te->nr_actions; i++) {
		struct te_action *a = &te->actions[i];

		if (a->event != event || a->done ||
		    (a->nr >= 0 && a->nr != nr))
			continue;
		if (a->unless_held && report->held) {
			strscpy(note, "held", sizeof(note));
			continue;
		}
		ret = te_run_action(te, a, task, report, ret, note,
				    sizeof(note));
		if (a->once)
			a->done = true;
	}

	te_log_line("engine=%s event=%s pid=%d nr=%ld a0=%ld a1=%ld a2=%ld ret=%ld action_in=%s held=%d resumed=%d sig_in=%d disp_in=%s sig_out=%d disp_out=%s child=%d code=%ld action_out=%s abort=%d note=%s",
		    te->name, te_event_names[event], task_pid_nr(task), nr,
		    (long)args[0], (long)args[1], (long)args[2], retval,
		    te_action_names[report->action], report->held,
		    report->resumed, sig_in, te_disp_names[disp_in],
		    report->signr, te_disp_names[report->disposition],
		    report->child ? task_pid_nr(report->child) : 0,
		    report->code, te_action_names[ret & UTRACE_RESUME_MASK],
		    (ret & ~UTRACE_RESUME_MASK) ? 1 : 0, note[0] ? note : "-");
	return ret;
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

static struct task_struct *te_get_task(const char *pid_str)
{
	struct task_struct *task;
	int pid;

	if (kstrtoint(pid_str, 10, &pid))
		return ERR_PTR(-EINVAL);
	rcu_read_lock();
	task = find_task_by_vpid(pid);
	if (task)
		get_task_struct(task);
	rcu_read_unlock();
	return task ?: ERR_PTR(-ESRCH);
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

static void te_detach(struct te_engine *te, bool log)
{
	struct task_struct *task = te->task;
	struct utrace_engine *engine = te->engine;
	ktime_t start = ktime_get();
	int err;

	get_task_struct(task);
	err = utrace_control(task, engine, UTRACE_DETACH);
	utrace_barrier(task, engine);
	if (log)
		te_log_line("engine=%s event=barrier pid=%d err=%d waited_ms=%lld",
			    te->name, task_pid_nr(task), err,
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
		if (te->engine)
			te_detach(te, false);
	}
	spin_lock(&te_lock);
	te_log_len = 0;
	te_seq = 0;
	spin_unlock(&te_lock);
}

static int te_cmd_on(int argc, char **argv)
{
	const struct te_op_name *op = NULL;
	struct te_action a = { };
	struct te_engine *te;
	int event, i, err = 0;

	if (argc < 4)
		return -EINVAL;
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
	switch (op->op) {
	case TE_OP_DISP:
	case TE_OP_DISP_IF_FATAL:
		a.arg[0] = te_parse_disp(argv[4]);
		if (a.arg[0] < 0)
			return -EINVAL;
		break;
	case TE_OP_ATTACH:
	case TE_OP_ATTACH_CHILD:
		strscpy(a.name, argv[4], sizeof(a.name));
		err = kstrtol(argv[5], 10, &a.arg[0]) ?:
		      te_parse_events(argv[6], &a.events);
		break;
	default:
		for (i = 0; i < op->nargs && !err; i++)
			err = kstrtol(argv[4 + i], 0, &a.arg[i]);
		break;
	}
	if (err)
		return err;
	for (i = 4 + op->nargs; i < argc; i++) {
		if (!strcmp(argv[i], "once"))
			a.once = true;
		else if (!strcmp(argv[i], "unless_held"))
			a.unless_held = true;
		else if (!strncmp(argv[i], "nr=", 3) &&
			 !kstrtol(argv[i] + 3, 10, &a.nr))
			continue;
		else
			return -EINVAL;
	}

	spin_lock(&te_lock);
	te = te_find(argv[1]);
	if (!te)
		err = -ENOENT;
	else if (te->nr_actions >= TE_MAX_ACTIONS)
		err = -ENOSPC;
	else
		te->actions[te->nr_actions++] = a;
	spin_unlock(&te_lock);
	return err;
}

static int te_cmd_control(int argc, char **argv)
{
	static const char * const actions[] = {
		[UTRACE_STOP] = "stop",
		[UTRACE_INTERRUPT] = "interrupt",
		[UTRACE_REPORT] = "report",
		[UTRACE_RESUME] = "resume",
		[UTRACE_DETACH] = "detach",
	};
	struct te_engine *te;
	int i, err;

	if (argc != 3)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(actions); i++)
		if (actions[i] && !strcmp(argv[2], actions[i]))
			break;
	if (i == ARRAY_SIZE(actions))
		return -EINVAL;

	/* Under te_cmd_mutex our engine reference keeps te alive. */
	spin_lock(&te_lock);
	te = te_find(argv[1]);
	spin_unlock(&te_lock);
	if (!te)
		return -ENOENT;
	err = utrace_control(te->task, te->engine, i);
	te_log_line("engine=%s event=control pid=%d action=%s err=%d",
		    te->name, task_pid_nr(te->task), argv[2], err);
	return err == -EINPROGRESS ? 0 : err;
}

static int te_cmd_wait_stopped(struct task_struct *task, const char *ms_str)
{
	unsigned int ms, waited;

	if (kstrtouint(ms_str, 10, &ms))
		return -EINVAL;
	for (waited = 0; waited < ms; waited += 5) {
		if (utrace_task_stopped(task))
			return 0;
		if (msleep_interruptible(5))
			return -EINTR;
	}
	return utrace_task_stopped(task) ? 0 : -ETIMEDOUT;
}

/*
 * Lookups and exclusive attach against the engines of @task, none of
 * which uses &te_engines as its data.  A wrong success is undone at once.
 */
static void te_cmd_attach_flags(struct task_struct *task)
{
	static const int flags[] = {
		UTRACE_ATTACH_MATCH_OPS,
		UTRACE_ATTACH_CREATE | UTRACE_ATTACH_EXCLUSIVE |
			UTRACE_ATTACH_MATCH_OPS,
		UTRACE_ATTACH_MATCH_OPS | UTRACE_ATTACH_MATCH_DATA,
	};
	struct utrace_engine *engine;
	int err[ARRAY_SIZE(flags)];
	int i;

	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		engine = utrace_attach_task(task, flags[i], &te_utrace_ops,
					    &te_engines, UTRACE_BAND_DEFAULT);
		err[i] = PTR_ERR_OR_ZERO(engine);
		if (IS_ERR(engine))
			continue;
		if (flags[i] & UTRACE_ATTACH_CREATE)
			utrace_control(task, engine, UTRACE_DETACH);
		utrace_engine_put(engine);
	}
	te_log_line("event=attach_flags pid=%d lookup=%d exclusive=%d nomatch=%d",
		    task_pid_nr(task), err[0], err[1], err[2]);
}

static int te_cmd_task(int argc, char **argv)
{
	struct task_struct *task;
	struct pt_regs *regs;
	int err = 0;

	if (argc < 2)
		return -EINVAL;
	task = te_get_task(argv[1]);
	if (IS_ERR(task))
		return PTR_ERR(task);

	if (!strcmp(argv[0], "wait_stopped") && argc == 3) {
		err = te_cmd_wait_stopped(task, argv[2]);
	} else if (!strcmp(argv[0], "regs")) {
		/* Only meaningful while the task is stopped. */
		regs = task_pt_regs(task);
		te_log_line("event=regs pid=%d stopped=%d ax=%ld di=%ld si=%ld dx=%ld orig_ax=%ld",
			    task_pid_nr(task), utrace_task_stopped(task),
			    regs->ax, regs->di, regs->si, regs->dx,
			    regs->orig_ax);
	} else if (!strcmp(argv[0], "attach_flags")) {
		te_cmd_attach_flags(task);
	} else if (!strcmp(argv[0], "status")) {
		te_log_line("event=status pid=%d stopped=%d syscall_work=%d",
			    task_pid_nr(task), utrace_task_stopped(task),
			    test_task_syscall_work(task, UTRACE) ? 1 : 0);
	} else {
		err = -EINVAL;
	}
	put_task_struct(task);
	return err;
}

static int te_command(int argc, char **argv)
{
	struct task_struct *task;
	struct te_engine *te;
	unsigned long events;
	int priority, err;

	if (!strcmp(argv[0], "reset")) {
		te_reset();
		return 0;
	}
	if (!strcmp(argv[0], "attach") && (argc == 5 || argc == 6)) {
		if (kstrtoint(argv[3], 10, &priority) ||
		    te_parse_events(argv[4], &events) ||
		    (argc == 6 && strcmp(argv[5], "quiet")))
			return -EINVAL;
		task = te_get_task(argv[2]);
		if (IS_ERR(task))
			return PTR_ERR(task);
		err = te_attach(argv[1], task, priority, events, argc == 6);
		put_task_struct(task);
		return err;
	}
	if (!strcmp(argv[0], "events") && argc == 3) {
		if (te_parse_events(argv[2], &events))
			return -EINVAL;
		spin_lock(&te_lock);
		te = te_find(argv[1]);
		spin_unlock(&te_lock);
		return te ? utrace_set_events(te->task, te->engine, events) :
			    -ENOENT;
	}
	if (!strcmp(argv[0], "on"))
		return te_cmd_on(argc, argv);
	if (!strcmp(argv[0], "control"))
		return te_cmd_control(argc, argv);
	if (!strcmp(argv[0], "detach") && argc == 2) {
		te = te_unlist(argv[1]);
		if (!te)
			return -ENOENT;
		te_detach(te, true);
		return 0;
	}
	return te_cmd_task(argc, argv);
}

static ssize_t te_write(struct file *file, const char __user *ubuf,
			size_t count, loff_t *ppos)
{
	char **argv;
	char *buf;
	int argc, err;

	if (count >= TE_CMD_LEN)
		return -E2BIG;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	argv = argv_split(GFP_KERNEL, buf, &argc);
	kfree(buf);
	if (!argv)
		return -ENOMEM;

	err = -EINVAL;
	if (argc > 0) {
		mutex_lock(&te_cmd_mutex);
		err = te_command(argc, argv);
		mutex_unlock(&te_cmd_mutex);
	}
	argv_free(argv);
	return err ?: count;
}

static ssize_t te_read(struct file *file, char __user *ubuf, size_t count,
		       loff_t *ppos)
{
	size_t size = TE_LOG_LINES * TE_LINE_LEN;
	unsigned int i;
	ssize_t ret;
	char *text;
	size_t len = 0;

	text = kvmalloc(size, GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	spin_lock(&te_lock);
	for (i = 0; i < te_log_len; i++)
		len += scnprintf(text + len, size - len, "%s\n", te_log[i]);
	spin_unlock(&te_lock);

	ret = simple_read_from_buffer(ubuf, count, ppos, text, len);
	kvfree(text);
	return ret;
}

static const struct file_operations te_fops = {
	.owner = THIS_MODULE,
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
	te_log = kcalloc(TE_LOG_LINES, TE_LINE_LEN, GFP_KERNEL);
	if (!te_log)
		return -ENOMEM;
	pr_info("utrace_test: engine API variant %s\n", UTRACE_API_VARIANT);
	return misc_register(&te_misc);
}
device_initcall(te_init);
