// SPDX-License-Identifier: GPL-2.0
/*
 * utpk-bench: what one system call (or one signal) costs under a tracer.
 *
 *   utpk-bench CALL TRACER ENGINES CALLS RUNS TSC_KHZ
 *   utpk-bench calibrate
 *
 * CALL is getpid (raw getpid()), pipe_write (a raw 1-byte write() to a
 * pipe, drained after each run) or signal (a raw kill() to self with a
 * SIGUSR1 handler: the whole round trip).  TRACER is none, seccomp (an
 * allow-all BPF filter), ptrace (a PTRACE_SYSCALL tracer), utrace
 * (ENGINES quiet engines of /dev/utrace_test on syscall entry and exit,
 * or on resume/signal reports for CALL signal) or utrace_toggle (quiet
 * engines on syscall entry that ask for the exit at each entry and stop
 * asking at the exit: every call changes their events twice).  ENGINES
 * is 0 unless TRACER is a utrace one.
 *
 * A fresh worker process runs RUNS timed loops of CALLS calls each, timed
 * with the TSC (the test kernels' clocksource is jiffies: 4 ms steps);
 * TSC_KHZ is what "calibrate" printed (tsc_khz=N) on the same boot.  The
 * first line says what it measured, with the cost per call of each run
 * in picoseconds:
 *
 *   call=getpid tracer=utrace engines=4 calls=N runs=R ps=P1,P2,...
 *
 * With utrace, the engines are attached while the worker sleeps in its
 * first read(), so every system call it makes after that one is known:
 * the line also says how many callbacks each engine must have had
 * (want_entries= want_exits= want_other=), and one line per engine says
 * what the driver counted (engine=NAME entries= exits= other= unpaired=).
 * The host compares the two.  The last line is done=1.  Exit code 0, or
 * 1 with error=... when something could not be set up.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"

#define MAX_RUNS	64
#define MAX_ENGINES	16
#define MAX_CALLS	10000000L
#define ENGINE_PRIO	10
#define DRAIN_SIZE	65536
#define CALIBRATE_NS	2000000000LL

enum call { CALL_GETPID, CALL_PIPE_WRITE, CALL_SIGNAL };
enum tracer {
	TRACER_NONE, TRACER_SECCOMP, TRACER_PTRACE, TRACER_UTRACE,
	TRACER_UTRACE_TOGGLE
};

struct bench {
	enum call call;
	enum tracer tracer;
	int engines;
	long calls;
	int runs;
	long tsc_khz;
};

static volatile sig_atomic_t handled;

static void on_signal(int sig)
{
	(void)sig;
	handled++;
}

static __attribute__((noreturn)) void fail(const char *what, int err)
{
	out("error=%s errno=%s", what, errno_name(err));
	exit(1);
}

static long parse_long(const char *text, long min, long max, const char *what)
{
	char *end;
	long value;

	errno = 0;
	value = strtol(text, &end, 10);
	if (errno || end == text || *end || value < min || value > max)
		fail(what, EINVAL);
	return value;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The next step of a coarse clock, so that an interval starts on one. */
static long long next_tick(long long after)
{
	long long t;

	while ((t = now_ns()) == after)
		;
	return t;
}

/*
 * TSC ticks per millisecond, from at least CALIBRATE_NS of the monotonic
 * clock measured from one clock step to another.
 */
static void calibrate(void)
{
	long long start = next_tick(now_ns()), end = start;
	unsigned long long tsc0 = __builtin_ia32_rdtsc(), tsc1;

	while (end - start < CALIBRATE_NS)
		end = next_tick(end);
	tsc1 = __builtin_ia32_rdtsc();
	out("tsc_khz=%llu", (tsc1 - tsc0) * 1000000ULL / (end - start));
	out("done=1");
}

static void install_seccomp(void)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		fail("no_new_privs", errno);
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		fail("seccomp", errno);
}

/*
 * The measured loops.  Runs in the worker; sends RUNS costs in
 * picoseconds per call through @res, then exits.  The system calls it
 * makes after the read of @go returns: CALLS calls per run (plus one
 * drain read for pipe_write), one write, one exit_group.
 */
static __attribute__((noreturn)) void worker(const struct bench *b, int go,
					     int res)
{
	static char drain[DRAIN_SIZE];
	long long ps[MAX_RUNS];
	int pipefd[2] = { -1, -1 };
	pid_t self = getpid();
	char byte = 0;
	int run;
	long i;

	if (b->tracer == TRACER_PTRACE) {
		if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0)
			_exit(3);
		raise(SIGSTOP);
	}
	if (b->tracer == TRACER_SECCOMP)
		install_seccomp();
	if (b->call == CALL_SIGNAL) {
		struct sigaction sa = { .sa_handler = on_signal };

		sigaction(SIGUSR1, &sa, NULL);
	}
	if (b->call == CALL_PIPE_WRITE && pipe(pipefd) < 0)
		_exit(4);

	/* The engines are attached while this read sleeps. */
	if (read(go, &byte, 1) != 1)
		_exit(5);

	for (run = 0; run < b->runs; run++) {
		unsigned long long start = __builtin_ia32_rdtsc(), end;

		switch (b->call) {
		case CALL_GETPID:
			for (i = 0; i < b->calls; i++)
				syscall(SYS_getpid);
			break;
		case CALL_PIPE_WRITE:
			for (i = 0; i < b->calls; i++)
				syscall(SYS_write, pipefd[1], &byte, 1);
			break;
		case CALL_SIGNAL:
			for (i = 0; i < b->calls; i++)
				syscall(SYS_kill, self, SIGUSR1);
			break;
		}
		end = __builtin_ia32_rdtsc();
		/* ticks / kHz = ms */
		ps[run] = (long long)((double)(end - start) * 1e9 / b->tsc_khz /
				      b->calls);
		if (b->call == CALL_PIPE_WRITE)
			syscall(SYS_read, pipefd[0], drain, sizeof(drain));
	}
	if (syscall(SYS_write, res, ps, sizeof(ps[0]) * b->runs) < 0)
		syscall(SYS_exit_group, 6);
	syscall(SYS_exit_group, 0);
	__builtin_unreachable();
}

/* Until the worker sleeps (in its read of the go pipe: nothing else blocks). */
static void wait_sleeping(pid_t pid)
{
	char path[64], buf[256], *state;
	int tries, fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (tries = 0; tries < 20000; tries++) {
		fd = open(path, O_RDONLY);
		if (fd < 0)
			fail("proc_stat", errno);
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			fail("proc_stat", n < 0 ? errno : EIO);
		buf[n] = '\0';
		state = strrchr(buf, ')');
		if (state && state[1] == ' ' && state[2] == 'S')
			return;
		usleep(100);
	}
	fail("worker_never_slept", ETIMEDOUT);
}

static int attach_engines(const struct bench *b, pid_t pid)
{
	const char *events = b->call == CALL_SIGNAL ?
		"resume" : "syscall_entry,syscall_exit";
	const char *opts = "quiet";
	int fd, i, err;

	if (b->tracer == TRACER_UTRACE_TOGGLE) {
		events = "syscall_entry";
		opts = "quiet toggle";
	}

	fd = open(CTL_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		fail("open_ctl", errno);
	err = ctl(fd, "reset");
	if (err)
		fail("reset", err);
	for (i = 1; i <= b->engines; i++) {
		err = ctl(fd, "attach B%d %d %d %s %s", i, pid, ENGINE_PRIO,
			  events, opts);
		if (err)
			fail("attach", err);
	}
	return fd;
}

/* Asks for each engine's counters and prints the driver's lines. */
static void report_counts(const struct bench *b, int fd)
{
	static char log[65536];
	char *line, *save;
	ssize_t n, got = 0;
	int i, err;

	for (i = 1; i <= b->engines; i++) {
		err = ctl(fd, "counts B%d", i);
		if (err)
			fail("counts", err);
	}
	while ((n = pread(fd, log + got, sizeof(log) - 1 - got, got)) > 0)
		got += n;
	if (n < 0)
		fail("read_log", errno);
	log[got] = '\0';
	for (line = strtok_r(log, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[16];
		unsigned long entries, exits, other, unpaired;

		if (strstr(line, "event=log_overflow"))
			fail("log_overflow", ENOSPC);
		if (!strstr(line, " event=counts "))
			continue;
		if (sscanf(strstr(line, "engine="), "engine=%15s", name) != 1 ||
		    sscanf(strstr(line, "entries="),
			   "entries=%lu exits=%lu other=%lu unpaired=%lu",
			   &entries, &exits, &other, &unpaired) != 4)
			fail("counts_line", EINVAL);
		out("engine=%s entries=%lu exits=%lu other=%lu unpaired=%lu",
		    name, entries, exits, other, unpaired);
	}
	err = ctl(fd, "reset");
	if (err)
		fail("reset", err);
	close(fd);
}

/* PTRACE_SYSCALL until the worker is gone; signals are passed on. */
static void trace(pid_t pid)
{
	int status, sig = 0;

	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		fail("ptrace_stop", ECHILD);
	if (ptrace(PTRACE_SETOPTIONS, pid, 0,
		   PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL) < 0)
		fail("ptrace_setoptions", errno);
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, pid, 0, sig) < 0)
			fail("ptrace_syscall", errno);
		if (waitpid(pid, &status, 0) != pid)
			fail("ptrace_wait", errno);
		if (WIFEXITED(status) && !WEXITSTATUS(status))
			return;
		if (WIFEXITED(status) || WIFSIGNALED(status))
			fail("worker", ECHILD);
		sig = WSTOPSIG(status) == (SIGTRAP | 0x80) ? 0 : WSTOPSIG(status);
	}
}

static const char *const call_names[] = { "getpid", "pipe_write", "signal" };
static const char *const tracer_names[] = {
	"none", "seccomp", "ptrace", "utrace", "utrace_toggle"
};

static int lookup(const char *text, const char *const *names, int count,
		  const char *what)
{
	int i;

	for (i = 0; i < count; i++)
		if (!strcmp(text, names[i]))
			return i;
	fail(what, EINVAL);
}

static void print_result(const struct bench *b, const long long *ps)
{
	char list[MAX_RUNS * 24] = "";
	size_t len = 0;
	/* Calls made after the go read: see worker(). */
	long per_run = b->calls + (b->call == CALL_PIPE_WRITE);
	long syscalls = b->runs * per_run + 2;
	int run;

	for (run = 0; run < b->runs; run++)
		len += snprintf(list + len, sizeof(list) - len, "%s%lld",
				run ? "," : "", ps[run]);
	if (b->engines == 0) {
		out("call=%s tracer=%s engines=0 calls=%ld runs=%d ps=%s",
		    call_names[b->call], tracer_names[b->tracer], b->calls,
		    b->runs, list);
		return;
	}
	/*
	 * Syscall engines: the go read's exit (attached while it slept; not
	 * for toggle engines, which wanted no exits then), then entry and
	 * exit of each call; exit_group has no exit.  Signal engines: one
	 * report per SIGUSR1 delivered.
	 */
	if (b->call == CALL_SIGNAL)
		out("call=%s tracer=%s engines=%d calls=%ld runs=%d ps=%s want_entries=0 want_exits=0 want_other=%ld",
		    call_names[b->call], tracer_names[b->tracer], b->engines,
		    b->calls, b->runs, list, b->runs * b->calls);
	else
		out("call=%s tracer=%s engines=%d calls=%ld runs=%d ps=%s want_entries=%ld want_exits=%ld want_other=0",
		    call_names[b->call], tracer_names[b->tracer], b->engines,
		    b->calls, b->runs, list, syscalls,
		    syscalls - (b->tracer == TRACER_UTRACE_TOGGLE));
}

int main(int argc, char **argv)
{
	long long ps[MAX_RUNS];
	struct bench b;
	int go[2], res[2], status, fd = -1;
	pid_t pid;
	ssize_t n;

	if (argc == 2 && !strcmp(argv[1], "calibrate")) {
		calibrate();
		return 0;
	}
	if (argc != 7)
		fail("usage", EINVAL);
	b.call = lookup(argv[1], call_names, 3, "call");
	b.tracer = lookup(argv[2], tracer_names,
			  sizeof(tracer_names) / sizeof(tracer_names[0]),
			  "tracer");
	b.engines = parse_long(argv[3], 0, MAX_ENGINES, "engines");
	b.calls = parse_long(argv[4], 1, MAX_CALLS, "calls");
	b.runs = parse_long(argv[5], 1, MAX_RUNS, "runs");
	b.tsc_khz = parse_long(argv[6], 1, 1000000000L, "tsc_khz");
	if ((b.tracer >= TRACER_UTRACE) != (b.engines > 0) ||
	    (b.tracer == TRACER_UTRACE_TOGGLE && b.call == CALL_SIGNAL))
		fail("engines", EINVAL);
	if (b.call == CALL_PIPE_WRITE && b.calls > DRAIN_SIZE)
		fail("calls", ERANGE);

	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(res, O_CLOEXEC) < 0)
		fail("pipe", errno);
	pid = fork();
	if (pid < 0)
		fail("fork", errno);
	if (pid == 0) {
		close(go[1]);
		close(res[0]);
		worker(&b, go[0], res[1]);
	}
	close(go[0]);
	close(res[1]);

	if (b.engines) {
		wait_sleeping(pid);
		fd = attach_engines(&b, pid);
	}
	if (write(go[1], "g", 1) != 1)
		fail("go", errno);
	if (b.tracer == TRACER_PTRACE)
		trace(pid);
	else if (waitpid(pid, &status, 0) != pid)
		fail("wait", errno);
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail("worker", ECHILD);

	n = read(res[0], ps, sizeof(ps[0]) * b.runs);
	if (n != (ssize_t)(sizeof(ps[0]) * b.runs))
		fail("worker_result", n < 0 ? errno : EIO);
	print_result(&b, ps);
	if (fd >= 0)
		report_counts(&b, fd);
	out("done=1");
	return 0;
}
