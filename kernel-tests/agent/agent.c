// SPDX-License-Identifier: GPL-2.0
/*
 * utpk-agent: PID 1 of the test initramfs.
 *
 * Serves a line protocol on /dev/ttyS1 so the host can keep one VM booted
 * for many scenarios.  Every command gets zero or more data lines and a
 * final "OK ..." or "ERR ...".
 *
 *   PING                      OK PONG
 *   SPAWN MODE [ARG...]       fork a target that waits for GO; OK <pid>
 *   GO PID                    let the target run
 *   WAIT PID MSECS            OUT <report line>...; OK <end>
 *   KILL PID SIG              PID >= 2 (never the agent), SIG 0..64
 *   WAIT_STATE PID STATE MSECS  until /proc/PID/stat shows STATE (e.g. T)
 *   CTL TEXT                  write TEXT to /dev/utrace_test
 *   LOG                       the lines of /dev/utrace_test
 *   SLEEP MSECS
 *   EXEC PATH [ARG...]        run a program; OUT <stdout/stderr line>...; OK <end>
 *   POWEROFF
 *
 * <end> says how the program ended: "exited=N", or "signaled=N core=0|1",
 * followed by " truncated=1" when its output passed the 8 KiB the agent
 * keeps (the agent then stops reading, so a program still writing gets
 * SIGPIPE, and says so).  Numbers are whole decimal arguments or the
 * command is refused ("ERR bad-number ..."); a command line longer than
 * 1023 bytes or with more than 32 words is refused, not cut and run.  No
 * descriptor of the agent reaches a program EXEC or a target runs.
 *
 * Target modes (the forked child runs them after GO and reports
 * key=value lines to the host through a pipe):
 *   getpid                    raw getpid; ret=
 *   write_pipe                raw write(10, buf, 5) to pipe A (fd 10 -> 20),
 *                             pipe B is fd 11 -> 21; ret= and the argument
 *                             registers after the syscall, bytes in each pipe
 *   raise SIG                 kill(getpid(), SIG); survived=1 when it returns
 *   raise_handled SIG         the same with a handler installed; handled=SIG
 *   fork_exec CODE            fork, the child execs "/init exit-code CODE"
 *   sleep MSECS
 *   getpid_loop N             N raw getpids; ns_per_call= (tracing overhead)
 *   blocking MSECS            nanosleep(MSECS), then epoll_wait() on an empty
 *                             set for MSECS; ns_ret= ns_errno= ep_ret= ep_errno=
 *   vfork CODE                vfork, the child _exits CODE; child_code=
 *   steps                     getpid, a straight run of 64 nops, getppid: the
 *                             markers around code a stepping engine counts
 *   replace_blocked           SIGUSR2 blocked, SIGUSR1 handled, raise SIGUSR1;
 *                             handled= usr2_pending=
 *   raise_core SIG            core dumps allowed (cwd /tmp), raise SIG
 *   thread_getpid             a second thread naps in a loop while the main
 *                             thread calls raw getpid; ret=
 *   skip_insn                 raw getpid followed by two 5-byte instructions:
 *                             an engine warping the instruction pointer over
 *                             the first gives skipped=1, a warp made twice also
 *                             gives overshot=1; ret= and the addresses after the
 *                             syscall (resume_ip=) and after the first
 *                             instruction (warped_ip=)
 *   getpid_handled SIG        a handler for SIG, then raw getpid; ret= handled=
 *   immutable_sigsys          a SIGSYS handler, then syscall user dispatch with
 *                             a selector that is neither ALLOW nor BLOCK: the
 *                             next syscall gets force_exit_sig(SIGSYS), which
 *                             neither a handler nor an engine may change;
 *                             survived=1 handled= when it does not kill
 *   pidns_init SIG            unshare(CLONE_NEWPID) and fork: the child is the
 *                             init of a new pid namespace (SIGNAL_UNKILLABLE);
 *                             it handles SIG, sends SIG to itself and exits 0;
 *                             init_pid= handled= from the child, then
 *                             child_exited= or child_signaled=
 *   pidns_stop                the same namespace init pauses; the target
 *                             sends it SIGSTOP from the parent namespace,
 *                             which init must obey; child_stopped=1 when
 *                             waitpid() sees it stopped within 3 s
 *
 * Run as a program (not PID 1), for EXEC: "/init exit-code N" exits N,
 * "/init kill-self SIG" dies of SIG, "/init spew BYTES" writes BYTES of
 * output, "/init fds" prints "fd=N target=..." for each open descriptor.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define CTL_PATH	"/dev/utrace_test"
#define PROTO_TTY	"/dev/ttyS1"
#define MAX_ARGS	32
#define MAX_TARGETS	64
#define LINE_MAX_LEN	1024
#define OUTPUT_MAX	8192

#define FD_GO		30
#define FD_REPORT	31
#define FD_PIPE_A_W	10
#define FD_PIPE_B_W	11
#define FD_PIPE_A_R	20
#define FD_PIPE_B_R	21

struct target {
	pid_t pid;
	int go_fd;
	int report_fd;
	int status;
	int reaped;
};

static struct target targets[MAX_TARGETS];
static int proto_fd = -1;

static void send_line(const char *fmt, ...)
{
	char buf[LINE_MAX_LEN + 2];
	va_list ap;
	int len, off = 0;

	va_start(ap, fmt);
	len = vsnprintf(buf, LINE_MAX_LEN, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if (len >= LINE_MAX_LEN)
		len = LINE_MAX_LEN - 1;
	buf[len++] = '\n';
	while (off < len) {
		ssize_t n = write(proto_fd, buf + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		off += n;
	}
}

/* All of TEXT as a decimal number in [MIN, MAX]: atoi would make "abc" 0. */
static int parse_number(const char *text, long min, long max, long *out)
{
	char *end;
	long value;

	if (!text || !*text)
		return -1;
	errno = 0;
	value = strtol(text, &end, 10);
	if (errno || *end || value < min || value > max)
		return -1;
	*out = value;
	return 0;
}

static int number_arg(const char *text, long min, long max, long *out)
{
	if (parse_number(text, min, max, out) == 0)
		return 0;
	send_line("ERR bad-number '%s' (want %ld..%ld)", text ? text : "", min, max);
	return -1;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* A raw three-argument syscall that also returns the argument registers. */
static long syscall3_regs(long nr, long a0, long a1, long a2, long after[3])
{
	register long rdi __asm__("rdi") = a0;
	register long rsi __asm__("rsi") = a1;
	register long rdx __asm__("rdx") = a2;
	long rax = nr;

	__asm__ volatile("syscall"
			 : "+a"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx)
			 :
			 : "rcx", "r11", "memory");
	after[0] = rdi;
	after[1] = rsi;
	after[2] = rdx;
	return rax;
}

static volatile sig_atomic_t handled_signal;

static void note_signal(int sig)
{
	handled_signal = sig;
}

static void report(const char *fmt, ...)
{
	char buf[LINE_MAX_LEN];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	if (len > (int)sizeof(buf) - 2)
		len = sizeof(buf) - 2;
	buf[len++] = '\n';
	if (write(FD_REPORT, buf, len) < 0)
		_exit(120);
}

static int pipe_bytes(int fd)
{
	int n = 0;

	if (ioctl(fd, FIONREAD, &n) < 0)
		return -1;
	return n;
}

static void make_pipe_at(int rfd, int wfd)
{
	int p[2];

	if (pipe(p) < 0 || dup2(p[0], rfd) < 0 || dup2(p[1], wfd) < 0)
		_exit(121);
	close(p[0]);
	close(p[1]);
}

static void target_write_pipe(void)
{
	static const char buf[] = "hello";
	long after[3];
	long ret;

	make_pipe_at(FD_PIPE_A_R, FD_PIPE_A_W);
	make_pipe_at(FD_PIPE_B_R, FD_PIPE_B_W);
	ret = syscall3_regs(SYS_write, FD_PIPE_A_W, (long)buf, 5, after);
	report("ret=%ld rdi=%ld rsi_is_buf=%d rdx=%ld pipe_a=%d pipe_b=%d",
	       ret, after[0], after[1] == (long)buf, after[2],
	       pipe_bytes(FD_PIPE_A_R), pipe_bytes(FD_PIPE_B_R));
}

static void target_fork_exec(const char *code)
{
	char *argv[] = { "/init", "exit-code", (char *)code, NULL };
	int status = 0;
	pid_t child;

	child = fork();
	if (child == 0) {
		execv("/init", argv);
		_exit(127);
	}
	if (child < 0 || waitpid(child, &status, 0) < 0) {
		report("error=%d", errno);
		return;
	}
	report("child=%d child_exited=%d child_code=%d", child,
	       WIFEXITED(status), WEXITSTATUS(status));
}

/* Blocking calls that must not see EINTR unless an engine interrupts them. */
static void target_blocking(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	struct epoll_event ev;
	int ns_ret, ns_errno, ep_ret, ep_errno, ep;

	ns_ret = nanosleep(&ts, NULL);
	ns_errno = ns_ret < 0 ? errno : 0;
	ep = epoll_create1(0);
	ep_ret = epoll_wait(ep, &ev, 1, (int)ms);
	ep_errno = ep_ret < 0 ? errno : 0;
	report("ns_ret=%d ns_errno=%d ep_ret=%d ep_errno=%d",
	       ns_ret, ns_errno, ep_ret, ep_errno);
}

static void target_vfork(int code)
{
	int status = 0;
	pid_t child;

	child = vfork();
	if (child == 0)
		_exit(code);
	if (child < 0 || waitpid(child, &status, 0) < 0) {
		report("error=%d", errno);
		return;
	}
	report("child=%d child_code=%d", child, WEXITSTATUS(status));
}

#define NOP8	"nop; nop; nop; nop; nop; nop; nop; nop\n\t"

/* getpid, then 64 nops and nothing else until getppid. */
static void target_steps(void)
{
	long pid = SYS_getpid, ppid = SYS_getppid;

	__asm__ volatile("syscall\n\t"
			 NOP8 NOP8 NOP8 NOP8 NOP8 NOP8 NOP8 NOP8
			 "mov %1, %%rax\n\t"
			 "syscall"
			 : "+a"(pid)
			 : "r"(ppid)
			 : "rcx", "r11", "memory");
	report("ppid=%ld", pid);
}

static volatile sig_atomic_t usr2_handled;

static void note_usr2(int sig)
{
	usr2_handled = sig;
}

/* A replacement signal that is blocked must stay pending. */
static void target_replace_blocked(void)
{
	struct sigaction sa = { .sa_handler = note_signal };
	struct sigaction sa2 = { .sa_handler = note_usr2 };
	sigset_t set;

	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa2, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGUSR1);
	sigpending(&set);
	report("handled=%d usr2_handled=%d usr2_pending=%d",
	       (int)handled_signal, (int)usr2_handled,
	       sigismember(&set, SIGUSR2));
}

static void *nap_forever(void *arg)
{
	(void)arg;
	for (;;)
		sleep_ms(5);
	return NULL;
}

static void target_skip_insn(void)
{
	unsigned long resume_ip, warped_ip;
	long ret = SYS_getpid;
	int ran = 0, ran2 = 0;

	/* movl $1, %edx is 5 bytes: an engine adding 5 to the ip skips it. */
	__asm__ volatile("lea 1f(%%rip), %[resume]\n\t"
			 "lea 2f(%%rip), %[warped]\n\t"
			 "syscall\n"
			 "1:\tmovl $1, %%edx\n"
			 "2:\tmovl $1, %%esi\n"
			 : "+a"(ret), "+d"(ran), "+S"(ran2),
			   [resume] "=&r"(resume_ip), [warped] "=&r"(warped_ip)
			 :
			 : "rcx", "r11", "memory");
	report("ret=%ld skipped=%d overshot=%d resume_ip=%lu warped_ip=%lu",
	       ret, !ran, !ran2, resume_ip, warped_ip);
}

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH	59
#define PR_SYS_DISPATCH_ON		1
#endif

static void target_immutable_sigsys(void)
{
	struct sigaction sa = { .sa_handler = note_signal };
	/* 0 is SYSCALL_DISPATCH_FILTER_ALLOW, 1 BLOCK; 2 is neither. */
	static volatile char selector;
	long after[3];

	if (sigaction(SIGSYS, &sa, NULL) < 0 ||
	    prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, 0, 0,
		  &selector) < 0) {
		report("error=sud-%d", errno);
		return;
	}
	selector = 2;
	syscall3_regs(SYS_getpid, 0, 0, 0, after);
	selector = 0;
	report("survived=1 handled=%d", (int)handled_signal);
}

/* Forks the init of a new pid namespace; -1 (reported) on failure. */
static pid_t fork_pidns_init(void)
{
	pid_t child;

	if (unshare(CLONE_NEWPID) < 0) {
		report("error=unshare-%d", errno);
		return -1;
	}
	child = fork();
	if (child < 0)
		report("error=fork-%d", errno);
	return child;
}

static void target_pidns_init(int sig)
{
	int status;
	pid_t child = fork_pidns_init();

	if (child < 0)
		return;
	if (child == 0) {
		struct sigaction sa = { .sa_handler = note_signal };

		sigaction(sig, &sa, NULL);
		kill(getpid(), sig);
		report("init_pid=%d handled=%d", (int)getpid(),
		       (int)handled_signal);
		_exit(0);
	}
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status))
		report("child_signaled=%d", WTERMSIG(status));
	else
		report("child_exited=%d", WEXITSTATUS(status));
}

static void target_pidns_stop(void)
{
	int status = 0, i;
	pid_t child = fork_pidns_init(), got = 0;

	if (child < 0)
		return;
	if (child == 0) {
		for (;;)
			pause();
	}
	kill(child, SIGSTOP);
	for (i = 0; i < 300 && got == 0; i++) {
		got = waitpid(child, &status, WUNTRACED | WNOHANG);
		if (got == 0)
			sleep_ms(10);
	}
	report("child_stopped=%d", got == child && WIFSTOPPED(status));
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
}

/* Two threads, so that a group stop has someone besides the traced one. */
static void target_thread_getpid(void)
{
	long after[3];
	pthread_t napper;

	if (pthread_create(&napper, NULL, nap_forever, NULL)) {
		report("error=pthread");
		return;
	}
	report("ret=%ld", syscall3_regs(SYS_getpid, 0, 0, 0, after));
}

static void run_target(int argc, char **argv)
{
	long after[3];
	char go;

	/* Block until the host has attached its engines. */
	while (read(FD_GO, &go, 1) < 0 && errno == EINTR)
		;
	close(FD_GO);

	if (!strcmp(argv[0], "getpid")) {
		report("ret=%ld", syscall3_regs(SYS_getpid, 0, 0, 0, after));
	} else if (!strcmp(argv[0], "write_pipe")) {
		target_write_pipe();
	} else if (!strcmp(argv[0], "raise") && argc > 1) {
		kill(getpid(), atoi(argv[1]));
		report("survived=1");
	} else if (!strcmp(argv[0], "raise_handled") && argc > 1) {
		struct sigaction sa = { .sa_handler = note_signal };

		sigaction(atoi(argv[1]), &sa, NULL);
		kill(getpid(), atoi(argv[1]));
		report("survived=1 handled=%d", (int)handled_signal);
	} else if (!strcmp(argv[0], "fork_exec") && argc > 1) {
		target_fork_exec(argv[1]);
	} else if (!strcmp(argv[0], "getpid_loop") && argc > 1) {
		long n = atol(argv[1]), start_ns, i;
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		start_ns = ts.tv_sec * 1000000000L + ts.tv_nsec;
		for (i = 0; i < n; i++)
			syscall3_regs(SYS_getpid, 0, 0, 0, after);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		report("calls=%ld ns_per_call=%ld", n,
		       (ts.tv_sec * 1000000000L + ts.tv_nsec - start_ns) / (n ? n : 1));
	} else if (!strcmp(argv[0], "sleep") && argc > 1) {
		sleep_ms(atol(argv[1]));
		report("slept=1");
	} else if (!strcmp(argv[0], "blocking") && argc > 1) {
		target_blocking(atol(argv[1]));
	} else if (!strcmp(argv[0], "vfork") && argc > 1) {
		target_vfork(atoi(argv[1]));
	} else if (!strcmp(argv[0], "steps")) {
		target_steps();
	} else if (!strcmp(argv[0], "replace_blocked")) {
		target_replace_blocked();
	} else if (!strcmp(argv[0], "thread_getpid")) {
		target_thread_getpid();
	} else if (!strcmp(argv[0], "skip_insn")) {
		target_skip_insn();
	} else if (!strcmp(argv[0], "getpid_handled") && argc > 1) {
		struct sigaction sa = { .sa_handler = note_signal };
		long ret;

		if (sigaction(atoi(argv[1]), &sa, NULL) < 0)
			_exit(123);
		ret = syscall3_regs(SYS_getpid, 0, 0, 0, after);
		report("ret=%ld handled=%d", ret, (int)handled_signal);
	} else if (!strcmp(argv[0], "immutable_sigsys")) {
		target_immutable_sigsys();
	} else if (!strcmp(argv[0], "pidns_stop")) {
		target_pidns_stop();
	} else if (!strcmp(argv[0], "pidns_init") && argc > 1) {
		target_pidns_init(atoi(argv[1]));
	} else if (!strcmp(argv[0], "raise_core") && argc > 1) {
		struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };

		if (setrlimit(RLIMIT_CORE, &unlimited) < 0 || chdir("/tmp") < 0)
			_exit(123);
		kill(getpid(), atoi(argv[1]));
		report("survived=1");
	} else {
		report("error=unknown-mode");
		_exit(2);
	}
	_exit(0);
}

static struct target *find_target(pid_t pid)
{
	int i;

	for (i = 0; i < MAX_TARGETS; i++)
		if (targets[i].pid == pid)
			return &targets[i];
	return NULL;
}

/* As PID 1 we inherit orphans: reap them, keeping our targets' status. */
static void reap_children(void)
{
	struct target *t;
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		t = find_target(pid);
		if (t) {
			t->status = status;
			t->reaped = 1;
		}
	}
}

/* In a forked target: the other targets' pipes are none of its business. */
static void close_target_fds(void)
{
	int i;

	for (i = 0; i < MAX_TARGETS; i++) {
		if (!targets[i].pid)
			continue;
		if (targets[i].go_fd >= 0)
			close(targets[i].go_fd);
		if (targets[i].report_fd >= 0)
			close(targets[i].report_fd);
	}
}

static void cmd_spawn(int argc, char **argv)
{
	struct target *t = find_target(0);
	int go[2], rep[2];
	pid_t pid;

	if (argc < 2 || !t) {
		send_line("ERR usage-or-full");
		return;
	}
	/* Close-on-exec: a program a target or EXEC runs must not hold them. */
	if (pipe2(go, O_CLOEXEC) < 0) {
		send_line("ERR pipe errno=%d", errno);
		return;
	}
	if (pipe2(rep, O_CLOEXEC) < 0) {
		send_line("ERR pipe errno=%d", errno);
		close(go[0]);
		close(go[1]);
		return;
	}
	pid = fork();
	if (pid < 0) {
		send_line("ERR fork errno=%d", errno);
		close(go[0]);
		close(go[1]);
		close(rep[0]);
		close(rep[1]);
		return;
	}
	if (pid == 0) {
		close_target_fds();
		close(go[1]);
		close(rep[0]);
		if (dup2(go[0], FD_GO) < 0 || dup2(rep[1], FD_REPORT) < 0)
			_exit(122);
		close(go[0]);
		close(rep[1]);
		close(proto_fd);
		run_target(argc - 1, argv + 1);
	}
	close(go[0]);
	close(rep[1]);
	fcntl(rep[0], F_SETFL, O_NONBLOCK);
	t->pid = pid;
	t->go_fd = go[1];
	t->report_fd = rep[0];
	t->reaped = 0;
	send_line("OK %d", pid);
}

static struct target *target_arg(int argc, char **argv)
{
	struct target *t;
	long pid;

	if (argc < 2) {
		send_line("ERR usage");
		return NULL;
	}
	if (number_arg(argv[1], 1, INT_MAX, &pid))
		return NULL;
	t = find_target((pid_t)pid);
	if (!t || !t->pid)
		send_line("ERR unknown-target");
	return t && t->pid ? t : NULL;
}

static void cmd_go(int argc, char **argv)
{
	struct target *t = target_arg(argc, argv);

	if (!t)
		return;
	if (t->go_fd >= 0) {
		if (write(t->go_fd, "g", 1) != 1) {
			send_line("ERR go errno=%d", errno);
			return;
		}
		close(t->go_fd);
		t->go_fd = -1;
	}
	send_line("OK");
}

/*
 * Sends what FD holds as OUT lines, at most OUTPUT_MAX - 1 bytes; returns 1
 * when there was more (the output is truncated), else 0.
 */
static int send_report_lines(int fd)
{
	char buf[OUTPUT_MAX], more;
	ssize_t n;
	int len = 0, truncated = 0;

	while (len < (int)sizeof(buf) - 1) {
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	if (len == (int)sizeof(buf) - 1) {
		while ((n = read(fd, &more, 1)) < 0 && errno == EINTR)
			;
		truncated = n > 0;
	}
	buf[len] = '\0';
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		/* send_line cuts what does not fit one protocol line. */
		if (strlen(line) > LINE_MAX_LEN - 1 - strlen("OUT "))
			truncated = 1;
		send_line("OUT %s", line);
	}
	return truncated;
}

/* The final line of WAIT and EXEC: how the process ended. */
static void send_end(int status, int truncated)
{
	const char *cut = truncated ? " truncated=1" : "";

	if (WIFSIGNALED(status))
		send_line("OK signaled=%d core=%d%s", WTERMSIG(status),
			  WCOREDUMP(status) ? 1 : 0, cut);
	else
		send_line("OK exited=%d%s", WEXITSTATUS(status), cut);
}

static void cmd_wait(int argc, char **argv)
{
	struct target *t = target_arg(argc, argv);
	long deadline, wait_ms = 10000;
	int truncated;

	if (!t)
		return;
	if (argc > 2 && number_arg(argv[2], 0, 3600000, &wait_ms))
		return;
	deadline = now_ms() + wait_ms;
	for (;;) {
		reap_children();
		if (t->reaped)
			break;
		if (now_ms() > deadline) {
			send_line("ERR timeout pid=%d", t->pid);
			return;
		}
		sleep_ms(5);
	}
	truncated = send_report_lines(t->report_fd);
	close(t->report_fd);
	if (t->go_fd >= 0)
		close(t->go_fd);
	send_end(t->status, truncated);
	memset(t, 0, sizeof(*t));
}

static char proc_state(pid_t pid)
{
	char path[64], buf[256], *close_paren;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return '?';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = '\0';
	/* "pid (comm) S ...": the state follows the last ')'. */
	close_paren = strrchr(buf, ')');
	return close_paren && close_paren[1] == ' ' ? close_paren[2] : '?';
}

static void cmd_wait_state(int argc, char **argv)
{
	long deadline, pid, wait_ms;
	char state = '?';

	if (argc != 4) {
		send_line("ERR usage");
		return;
	}
	if (number_arg(argv[1], 1, INT_MAX, &pid) || number_arg(argv[3], 0, 3600000, &wait_ms))
		return;
	deadline = now_ms() + wait_ms;
	while (now_ms() <= deadline) {
		state = proc_state((pid_t)pid);
		if (state == argv[2][0]) {
			send_line("OK state=%c", state);
			return;
		}
		sleep_ms(5);
	}
	send_line("ERR timeout state=%c", state);
}

static void cmd_ctl(const char *text)
{
	int fd = open(CTL_PATH, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		send_line("ERR errno=%d %s", errno, strerror(errno));
		return;
	}
	n = write(fd, text, strlen(text));
	if (n < 0)
		send_line("ERR errno=%d %s", errno, strerror(errno));
	else
		send_line("OK");
	close(fd);
}

static void cmd_log(void)
{
	char buf[LINE_MAX_LEN];
	int fd = open(CTL_PATH, O_RDONLY | O_CLOEXEC);
	FILE *f;
	int count = 0;

	if (fd < 0 || !(f = fdopen(fd, "r"))) {
		send_line("ERR errno=%d %s", errno, strerror(errno));
		return;
	}
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		send_line("%s", buf);
		count++;
	}
	fclose(f);
	send_line("OK %d", count);
}

static void cmd_exec(int argc, char **argv)
{
	int out[2], status = 0, truncated;
	pid_t pid;

	if (argc < 2) {
		send_line("ERR usage");
		return;
	}
	if (pipe2(out, O_CLOEXEC) < 0) {
		send_line("ERR pipe errno=%d", errno);
		return;
	}
	pid = fork();
	if (pid == 0) {
		/* dup2 clears close-on-exec on the copies: only 0, 1, 2 survive the exec. */
		dup2(out[1], 1);
		dup2(out[1], 2);
		close_target_fds();
		execv(argv[1], argv + 1);
		_exit(127);
	}
	close(out[1]);
	if (pid < 0) {
		close(out[0]);
		send_line("ERR fork errno=%d", errno);
		return;
	}
	truncated = send_report_lines(out[0]);
	/* Past the limit nobody reads: a program still writing gets SIGPIPE. */
	close(out[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	send_end(status, truncated);
}

static void dispatch(char *line)
{
	char *argv[MAX_ARGS + 1];
	char *rest = NULL, *tok;
	long pid, sig, ms;
	int argc = 0;

	if (!strncmp(line, "CTL ", 4)) {
		cmd_ctl(line + 4);
		return;
	}
	for (tok = strtok_r(line, " ", &rest); tok; tok = strtok_r(NULL, " ", &rest)) {
		if (argc == MAX_ARGS) {
			send_line("ERR too-many-words (at most %d)", MAX_ARGS);
			return;
		}
		argv[argc++] = tok;
	}
	argv[argc] = NULL;
	if (!argc)
		return;

	if (!strcmp(argv[0], "PING")) {
		send_line("OK PONG");
	} else if (!strcmp(argv[0], "SPAWN")) {
		cmd_spawn(argc, argv);
	} else if (!strcmp(argv[0], "GO")) {
		cmd_go(argc, argv);
	} else if (!strcmp(argv[0], "WAIT")) {
		cmd_wait(argc, argv);
	} else if (!strcmp(argv[0], "KILL") && argc == 3) {
		/* Never pid 0, -1 or the agent (1): "KILL abc 9" was kill(0, 9). */
		if (number_arg(argv[1], 2, INT_MAX, &pid) || number_arg(argv[2], 0, 64, &sig))
			return;
		if (kill((pid_t)pid, (int)sig) < 0)
			send_line("ERR errno=%d", errno);
		else
			send_line("OK");
	} else if (!strcmp(argv[0], "WAIT_STATE")) {
		cmd_wait_state(argc, argv);
	} else if (!strcmp(argv[0], "LOG")) {
		cmd_log();
	} else if (!strcmp(argv[0], "SLEEP") && argc == 2) {
		if (number_arg(argv[1], 0, 3600000, &ms))
			return;
		sleep_ms(ms);
		send_line("OK");
	} else if (!strcmp(argv[0], "EXEC")) {
		cmd_exec(argc, argv);
	} else if (!strcmp(argv[0], "POWEROFF")) {
		send_line("OK");
		sync();
		reboot(RB_AUTOBOOT);
	} else {
		send_line("ERR unknown-command %s", argv[0]);
	}
}

static void setup_system(void)
{
	mkdir("/proc", 0555);
	mkdir("/sys", 0555);
	mkdir("/dev", 0755);
	mkdir("/tmp", 01777);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
}

static int open_proto(void)
{
	struct termios tio;
	int fd = open(PROTO_TTY, O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (tcgetattr(fd, &tio) == 0) {
		cfmakeraw(&tio);
		cfsetispeed(&tio, B115200);
		cfsetospeed(&tio, B115200);
		tcsetattr(fd, TCSANOW, &tio);
	}
	return fd;
}

/* As a program run by EXEC: the behaviours the agent's own tests need. */
static int run_helper(int argc, char **argv)
{
	char buf[4096], target[256];
	struct dirent *entry;
	long count;
	ssize_t n;
	DIR *dir;

	if (argc == 3 && !strcmp(argv[1], "exit-code"))
		return atoi(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "kill-self")) {
		signal(atoi(argv[2]), SIG_DFL);
		kill(getpid(), atoi(argv[2]));
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "spew")) {
		memset(buf, 'x', sizeof(buf));
		for (count = atol(argv[2]); count > 0; count -= n) {
			buf[63] = '\n';
			n = write(1, buf, count < 64 ? count : 64);
			if (n <= 0)
				return 3;
		}
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "fds")) {
		dir = opendir("/proc/self/fd");
		while (dir && (entry = readdir(dir))) {
			if (entry->d_name[0] == '.' || atoi(entry->d_name) == dirfd(dir))
				continue;
			n = readlinkat(dirfd(dir), entry->d_name, target, sizeof(target) - 1);
			target[n > 0 ? n : 0] = '\0';
			printf("fd=%s target=%s\n", entry->d_name, target);
		}
		return dir ? 0 : 1;
	}
	fprintf(stderr, "utpk-agent: runs as PID 1 only\n");
	return 2;
}

int main(int argc, char **argv)
{
	char line[LINE_MAX_LEN];
	int len = 0, overlong = 0;

	if (getpid() != 1)
		return run_helper(argc, argv);

	setup_system();
	proto_fd = open_proto();
	if (proto_fd < 0) {
		fprintf(stderr, "utpk-agent: cannot open %s: %s\n", PROTO_TTY,
			strerror(errno));
		reboot(RB_AUTOBOOT);
		return 1;
	}
	printf("utpk-agent: ready on %s\n", PROTO_TTY);
	fflush(stdout);
	send_line("READY utpk-agent 1");

	for (;;) {
		char c;
		ssize_t n = read(proto_fd, &c, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			sleep_ms(10);
			continue;
		}
		if (c == '\r')
			continue;
		if (c != '\n') {
			if (len < LINE_MAX_LEN - 1)
				line[len++] = c;
			else
				overlong = 1;
			continue;
		}
		line[len] = '\0';
		len = 0;
		reap_children();
		if (overlong) {
			/* A cut command could still run, as something else. */
			send_line("ERR line-too-long (at most %d bytes)", LINE_MAX_LEN - 1);
			overlong = 0;
			continue;
		}
		dispatch(line);
	}
}
