// SPDX-License-Identifier: GPL-2.0
/*
 * utpk-churn: attach, stop, resume, interrupt and detach engines on a
 * busy multi-threaded target as fast as /dev/utrace_test allows, then
 * check what the engines saw.
 *
 *   utpk-churn [--duration SECONDS] [--threads N] [--seed S] [--events LIST]
 *
 * The target has N (default 4, at least 4) threads looping on getpid()
 * and sending each other SIGUSR1 (handled) with tgkill().  Each round
 * attaches two quiet, sticky engines to every thread (they count their
 * callbacks and do nothing else, but answer UTRACE_STOP while the last
 * control was a stop, as a debugger keeps the task it stopped), runs
 * random controls on them (stop and wait until the thread is parked,
 * resume, interrupt, report, detach and attach again), releases and
 * detaches them all, then reads the driver's counters from its log and
 * resets it.
 *
 * Violations:
 *   unpaired      an engine saw a syscall entry without its exit, or an
 *                 exit without its entry, other than an exit first (it
 *                 was attached during a syscall) or an entry last (it was
 *                 detached during one)
 *   late          a callback started after detach + utrace_barrier()
 *   stop_timeout  a stopped thread did not park within 5 s
 *   lost_wakeup   the target did not finish within 10 s after the churn
 *   errors        a command failed, a barrier did not complete, or the
 *                 log overflowed
 *   no_events     the engines saw no syscall at all (when LIST, the
 *                 engines' events, has syscall_entry; default
 *                 syscall_entry,syscall_exit,quiesce,resume; "none" leaves
 *                 only the host's controls to start and end a hold)
 * Prints key=value counts and done=1; exits 1 on any violation, 2 when
 * it could not set up.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "ctl.h"

#define MAX_THREADS	16
#define ENGINES_PER	2
#define OPS_PER_ROUND	24
#define FINISH_MS	10000
#define STOP_WAIT_MS	5000

struct shared {
	volatile int stop;
	volatile int ready;
	pid_t tgid;
	pid_t tids[MAX_THREADS];
	volatile long syscalls[MAX_THREADS];
	volatile long signals[MAX_THREADS];
};

static struct shared *sh;
static int nthreads = 4;
static const char *events = "syscall_entry,syscall_exit,quiesce,resume";
static __thread int my_index;

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void on_usr1(int sig)
{
	(void)sig;
	sh->signals[my_index]++;
}

static void *worker(void *arg)
{
	int i = (int)(intptr_t)arg;
	long n = 0;

	my_index = i;
	sh->tids[i] = syscall(SYS_gettid);
	__sync_fetch_and_add(&sh->ready, 1);
	while (!sh->stop) {
		syscall(SYS_getpid);
		sh->syscalls[i]++;
		if (++n % 64 == 0 && sh->ready == nthreads)
			syscall(SYS_tgkill, sh->tgid,
				sh->tids[(i + 1) % nthreads], SIGUSR1);
	}
	return NULL;
}

static void run_target(void)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	pthread_t threads[MAX_THREADS];
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int i;

	sigaction(SIGUSR1, &sa, NULL);
	sh->tgid = getpid();
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&threads[i], NULL, worker, (void *)(intptr_t)i))
			_exit(3);
	while (!sh->stop)
		nanosleep(&tick, NULL);
	for (i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
	_exit(0);
}

struct totals {
	long rounds, attaches, detaches, stops, resumes, interrupts, reports;
	long entries, exits, other, unpaired, after_detach, late;
	long stop_timeouts, errors, in_syscall_at_detach;
	long first_error_line;
};

static struct totals tot;
static char first_error[256];

static void error_at(const char *what, int err)
{
	if (!tot.errors++)
		snprintf(first_error, sizeof(first_error), "%s:%s", what,
			 errno_name(err));
}

static int ctl_checked(int fd, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int ctl_checked(int fd, const char *what, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int err;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	err = ctl(fd, "%s", buf);
	if (err)
		error_at(what, err);
	return err;
}

static long field(const char *line, const char *key)
{
	char pat[32];
	const char *p;

	snprintf(pat, sizeof(pat), " %s=", key);
	p = strstr(line, pat);
	return p ? strtol(p + strlen(pat), NULL, 10) : 0;
}

static int has(const char *line, const char *text)
{
	return !!strstr(line, text);
}

/* Reads the round's log: the counts each engine had at its detach. */
static void collect(int fd)
{
	static char buf[1 << 20];
	size_t got = 0;
	ssize_t n;
	char *line, *save;

	while (got < sizeof(buf) - 1 &&
	       (n = pread(fd, buf + got, sizeof(buf) - 1 - got, got)) > 0)
		got += n;
	buf[got] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (has(line, " event=barrier ")) {
			tot.entries += field(line, "entries");
			tot.exits += field(line, "exits");
			tot.other += field(line, "other");
			tot.unpaired += field(line, "unpaired");
			tot.after_detach += field(line, "after_detach");
			tot.in_syscall_at_detach += field(line, "in_syscall");
			if (field(line, "barrier"))
				error_at("barrier", -field(line, "barrier"));
			if (field(line, "err") && field(line, "err") != -EINPROGRESS)
				error_at("detach", -field(line, "err"));
		} else if (has(line, " event=control ")) {
			if (field(line, "err") && field(line, "err") != -EINPROGRESS)
				error_at("control", -field(line, "err"));
		} else if (has(line, " event=counts ")) {
			tot.late += field(line, "late");
		} else if (has(line, " event=log_overflow ")) {
			error_at("log_overflow", 0);
		}
	}
}

static void name_of(char *buf, size_t len, int thread, int k)
{
	snprintf(buf, len, "c%d_%d", thread, k);
}

static void attach(int fd, int thread, int k)
{
	char name[16];

	name_of(name, sizeof(name), thread, k);
	if (!ctl_checked(fd, "attach", "attach %s %d %d %s quiet sticky", name,
			 sh->tids[thread], 10 + 10 * (rand() % 4), events))
		tot.attaches++;
}

static void detach(int fd, int thread, int k)
{
	char name[16];

	name_of(name, sizeof(name), thread, k);
	if (!ctl_checked(fd, "detach", "detach %s", name))
		tot.detaches++;
}

static void random_op(int fd)
{
	int thread = rand() % nthreads, k = rand() % ENGINES_PER;
	char name[16];
	int err;

	name_of(name, sizeof(name), thread, k);
	switch (rand() % 6) {
	case 0:
		if (ctl_checked(fd, "stop", "control %s stop", name))
			return;
		tot.stops++;
		err = ctl(fd, "wait_stopped %d %d", sh->tids[thread], STOP_WAIT_MS);
		if (err == ETIMEDOUT)
			tot.stop_timeouts++;
		else if (err)
			error_at("wait_stopped", err);
		break;
	case 1:
	case 2:
		if (!ctl_checked(fd, "resume", "control %s resume", name))
			tot.resumes++;
		break;
	case 3:
		if (!ctl_checked(fd, "interrupt", "control %s interrupt", name))
			tot.interrupts++;
		break;
	case 4:
		if (!ctl_checked(fd, "report", "control %s report", name))
			tot.reports++;
		break;
	case 5:
		detach(fd, thread, k);
		attach(fd, thread, k);
		break;
	}
}

static void round_once(int fd)
{
	int t, k, i;

	for (t = 0; t < nthreads; t++)
		for (k = 0; k < ENGINES_PER; k++)
			attach(fd, t, k);
	for (i = 0; i < OPS_PER_ROUND; i++)
		random_op(fd);
	for (t = 0; t < nthreads; t++)
		for (k = 0; k < ENGINES_PER; k++)
			detach(fd, t, k);
	ctl_checked(fd, "counts", "counts");
	collect(fd);
	ctl_checked(fd, "reset", "reset");
	tot.rounds++;
}

/* Waits for the target to exit; returns the milliseconds it took or -1. */
static long finish_target(pid_t pid)
{
	long start = now_ms();
	struct timespec tick = { 0, 5 * 1000 * 1000 };
	int status;

	sh->stop = 1;
	while (now_ms() - start < FINISH_MS) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) && !WEXITSTATUS(status) ?
			       now_ms() - start : -2;
		nanosleep(&tick, NULL);
	}
	return -1;
}

int main(int argc, char **argv)
{
	long duration_s = 3, start, end, last_note, target_ms;
	long syscalls = 0, signals = 0, violations;
	unsigned int seed = 1;
	int fd, i, console, no_events;
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--duration"))
			duration_s = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--threads"))
			nthreads = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--seed"))
			seed = strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--events"))
			events = argv[i + 1];
		else
			break;
	}
	if (i != argc || duration_s < 1 || duration_s > 3600 ||
	    nthreads < 4 || nthreads > MAX_THREADS || strlen(events) > 100) {
		out("usage=utpk-churn [--duration 1-3600] [--threads 4-%d] [--seed S] [--events LIST]",
		    MAX_THREADS);
		return 2;
	}
	srand(seed);

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	fd = open(CTL_PATH, O_RDWR | O_CLOEXEC);
	if (sh == MAP_FAILED || fd < 0) {
		out("setup=open errno=%s", errno_name(errno));
		return 2;
	}
	memset(sh, 0, sizeof(*sh));
	if (ctl(fd, "reset")) {
		out("setup=reset errno=%s", errno_name(errno));
		return 2;
	}
	pid = fork();
	if (pid == 0)
		run_target();
	start = now_ms();
	while (sh->ready < nthreads && now_ms() - start < 5000)
		usleep(1000);
	if (pid < 0 || sh->ready < nthreads) {
		out("setup=target");
		return 2;
	}

	/*
	 * The console gets a line now and then in long runs (the host kills a
	 * silent VM) and the totals at the end, for the run's console.log.
	 */
	console = open("/dev/console", O_WRONLY | O_CLOEXEC);
	start = now_ms();
	end = start + duration_s * 1000;
	last_note = start;
	while (now_ms() < end) {
		round_once(fd);
		if (console >= 0 && duration_s > 20 &&
		    now_ms() - last_note > 10000) {
			dprintf(console, "utpk-churn: %ld s, %ld rounds\n",
				(now_ms() - start) / 1000, tot.rounds);
			last_note = now_ms();
		}
	}
	out("duration_ms=%ld threads=%d seed=%u events=%s", now_ms() - start,
	    nthreads, seed, events);

	target_ms = finish_target(pid);
	if (target_ms < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	for (i = 0; i < nthreads; i++) {
		syscalls += sh->syscalls[i];
		signals += sh->signals[i];
	}

	no_events = strstr(events, "syscall_entry") && !tot.entries;
	violations = tot.unpaired + tot.late + tot.stop_timeouts + tot.errors +
		     (target_ms < 0) + no_events;
	out("rounds=%ld attaches=%ld detaches=%ld stops=%ld resumes=%ld interrupts=%ld reports=%ld",
	    tot.rounds, tot.attaches, tot.detaches, tot.stops, tot.resumes,
	    tot.interrupts, tot.reports);
	out("entries=%ld exits=%ld other=%ld in_syscall_at_detach=%ld after_detach=%ld",
	    tot.entries, tot.exits, tot.other, tot.in_syscall_at_detach,
	    tot.after_detach);
	out("target_syscalls=%ld target_signals=%ld target_exit_ms=%ld",
	    syscalls, signals, target_ms);
	out("unpaired=%ld late=%ld stop_timeouts=%ld errors=%ld first_error=%s lost_wakeup=%d no_events=%d",
	    tot.unpaired, tot.late, tot.stop_timeouts, tot.errors,
	    tot.errors ? first_error : "-", target_ms == -1, no_events);
	out("violations=%ld", violations);
	if (console >= 0)
		dprintf(console, "utpk-churn: %ld s, %d threads, rounds=%ld attaches=%ld stops=%ld interrupts=%ld entries=%ld exits=%ld late=%ld unpaired=%ld violations=%ld\n",
			duration_s, nthreads, tot.rounds, tot.attaches, tot.stops,
			tot.interrupts, tot.entries, tot.exits, tot.late,
			tot.unpaired, violations);
	out("done=1");
	return violations ? 1 : 0;
}
