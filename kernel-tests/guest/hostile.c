// SPDX-License-Identifier: GPL-2.0
/*
 * utpk-hostile: what a scenario cannot do through the agent's CTL line,
 * done against /dev/utrace_test from a guest program.  Prints key=value
 * lines (an errno by name, or 0) and done=1 last; exits 0 unless it could
 * not even set up.
 *
 *   utpk-hostile zombie   attach to a zombie, regs/status on it, reap it,
 *                         then control, events, barrier and detach
 *                         (twice) on the engine the reap detached, and
 *                         attach to the reaped pid
 *   utpk-hostile writes   NUL bytes, overlong and partial writes, control
 *                         characters, bad pointers, reads at odd offsets,
 *                         two writers and a reader at once
 *   utpk-hostile access   open() without CAP_SYS_ADMIN, and the pid
 *                         commands without the right to ptrace the target
 */
#define _GNU_SOURCE
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "ctl.h"

#define NOBODY		65534

static int open_ctl(void)
{
	int fd = open(CTL_PATH, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		out("setup=open errno=%s", errno_name(errno));
		exit(2);
	}
	return fd;
}

/*
 * A child that sleeps until killed.  It runs @setup first, when given,
 * and the caller goes on only once that is done.
 */
static pid_t sleeper(void (*setup)(void))
{
	int ready[2];
	pid_t pid;
	char c;

	if (pipe(ready) < 0) {
		out("setup=pipe errno=%s", errno_name(errno));
		exit(2);
	}
	pid = fork();
	if (pid == 0) {
		close(ready[0]);
		if (setup)
			setup();
		if (write(ready[1], "r", 1) != 1)
			_exit(7);
		close(ready[1]);
		for (;;)
			pause();
	}
	close(ready[1]);
	if (pid < 0 || read(ready[0], &c, 1) != 1) {
		out("setup=sleeper errno=%s", errno_name(errno));
		exit(2);
	}
	close(ready[0]);
	return pid;
}

static void end_child(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* ------------------------------------------------------------------ */

/*
 * regs on a zombie.  waitid() sees the zombie as soon as exit_notify() has
 * run, while the child is still on its CPU on the way to its last schedule,
 * which is where its stack goes (put_task_stack() after the switch away
 * from a dead task).  Until then regs may still read it, safely: on a slow
 * kernel (KASAN under TCG) the window is long enough to be hit.  So ask
 * until the stack is gone, for up to a second; regs_zombie_early= counts
 * the answers that came before.
 */
static int regs_of_zombie(int fd, pid_t pid)
{
	struct timespec nap = { 0, 10 * 1000 * 1000 };
	int err, early = 0;

	while ((err = ctl(fd, "regs %d", pid)) == 0 && early < 100) {
		early++;
		nanosleep(&nap, NULL);
	}
	out("regs_zombie_early=%d", early);
	return err;
}

static void cmd_zombie(void)
{
	int fd = open_ctl();
	siginfo_t info;
	pid_t pid;

	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid < 0 || waitid(P_PID, pid, &info, WEXITED | WNOWAIT) < 0) {
		out("setup=zombie errno=%s", errno_name(errno));
		exit(2);
	}
	out("zombie=%d", pid);
	out("attach_zombie=%s",
	    errno_name(ctl(fd, "attach Z %d 10 exit,death,reap", pid)));
	out("regs_zombie=%s", errno_name(regs_of_zombie(fd, pid)));
	out("status_zombie=%s", errno_name(ctl(fd, "status %d", pid)));
	out("attach_flags_zombie=%s", errno_name(ctl(fd, "attach_flags %d", pid)));
	out("wait_stopped_zombie=%s",
	    errno_name(ctl(fd, "wait_stopped %d 100", pid)));

	waitpid(pid, NULL, 0);		/* the reap detaches Z */
	out("control_reaped=%s", errno_name(ctl(fd, "control Z resume")));
	out("events_reaped=%s", errno_name(ctl(fd, "events Z syscall_entry")));
	out("barrier_reaped=%s", errno_name(ctl(fd, "barrier Z")));
	out("detach_reaped=%s", errno_name(ctl(fd, "detach Z")));
	out("detach_again=%s", errno_name(ctl(fd, "detach Z")));
	out("attach_reaped=%s", errno_name(ctl(fd, "attach R %d 10 none", pid)));
	out("status_reaped=%s", errno_name(ctl(fd, "status %d", pid)));
	out("regs_reaped=%s", errno_name(ctl(fd, "regs %d", pid)));
	close(fd);
}

/* ------------------------------------------------------------------ */

static char *read_log(int fd, size_t *len)
{
	size_t cap = 1 << 20, got = 0;
	char *buf = malloc(cap);
	ssize_t n;

	if (!buf)
		exit(2);
	while ((n = pread(fd, buf + got, cap - got, got)) > 0)
		got += n;
	*len = got;
	return buf;
}

/* The whole log read with reads of @chunk bytes equals one big read. */
static int chunked_read_matches(int fd, size_t chunk)
{
	size_t len, got = 0;
	char *whole = read_log(fd, &len);
	char *pieces = malloc(len + chunk + 1);
	ssize_t n;
	int same;

	if (!pieces)
		exit(2);
	while ((n = pread(fd, pieces + got, chunk, got)) > 0 && got < len + 1)
		got += n;
	same = got == len && !memcmp(whole, pieces, len);
	free(whole);
	free(pieces);
	return same;
}

struct hammer {
	int good_ok;	/* "events A none" succeeded */
	int bad_ok;	/* a bad command failed with EINVAL */
	int wrong;	/* anything else */
};

static void hammer_writes(int fd, int rounds, struct hammer *h)
{
	static const char nul_cmd[] = "events A\0none";
	int i, err;

	for (i = 0; i < rounds; i++) {
		err = ctl(fd, "events A none");
		if (err)
			h->wrong++;
		else
			h->good_ok++;
		err = ctl_write(fd, nul_cmd, sizeof(nul_cmd) - 1);
		if (err == EINVAL)
			h->bad_ok++;
		else
			h->wrong++;
		err = ctl(fd, "frobnicate %d", i);
		if (err == EINVAL)
			h->bad_ok++;
		else
			h->wrong++;
	}
}

static void cmd_writes(void)
{
	static const char nul_cmd[] = "reset\0attach";
	char big[4096], name16[] = "ABCDEFGHIJKLMNOP", buf[64];
	struct hammer *h;
	int fd = open_ctl(), rounds = 300, i;
	pid_t target, w[2], reader;
	size_t len;
	char *log;

	target = sleeper(NULL);
	memset(big, 'a', sizeof(big));
	out("bad_verb=%s", errno_name(ctl(fd, "frobnicate")));
	out("nul_byte=%s", errno_name(ctl_write(fd, nul_cmd, sizeof(nul_cmd) - 1)));
	out("only_nul=%s", errno_name(ctl_write(fd, "\0", 1)));
	out("empty=%s", errno_name(ctl_write(fd, "", 0)));
	out("overlong_256=%s", errno_name(ctl_write(fd, big, 256)));
	out("overlong_4096=%s", errno_name(ctl_write(fd, big, sizeof(big))));
	out("two_lines=%s", errno_name(ctl(fd, "counts\ncounts")));
	out("tab=%s", errno_name(ctl(fd, "counts\t")));
	out("high_byte=%s", errno_name(ctl(fd, "counts \xff")));
	out("trailing_newline=%s", errno_name(ctl(fd, "counts\n")));
	out("partial_1=%s", errno_name(ctl(fd, "atta")));
	out("partial_2=%s", errno_name(ctl(fd, "ch A %d 10 none", target)));
	out("name_16=%s", errno_name(ctl(fd, "attach %s %d 10 none", name16,
					 target)));
	name16[15] = '\0';
	out("name_15=%s", errno_name(ctl(fd, "attach %s %d 10 none", name16,
					 target)));
	out("name_bad_char=%s", errno_name(ctl(fd, "attach a=b %d 10 none",
					       target)));
	/* No events: nothing may log while the reads below compare. */
	out("attach_A=%s", errno_name(ctl(fd, "attach A %d 10 none",
					  target)));
	out("on_attach_name_16=%s",
	    errno_name(ctl(fd, "on A syscall_entry attach ABCDEFGHIJKLMNOP 10 none")));
	out("on_name_16=%s",
	    errno_name(ctl(fd, "on ABCDEFGHIJKLMNOP syscall_entry stop")));
	out("bad_pointer_write=%s",
	    errno_name(syscall(SYS_write, fd, (void *)8, 10) < 0 ? errno : 0));
	out("bad_pointer_read=%s",
	    errno_name(syscall(SYS_read, fd, (void *)8, 10) < 0 ? errno : 0));
	out("negative_seek=%s",
	    errno_name(lseek(fd, -1, SEEK_SET) < 0 ? errno : 0));
	out("read_far=%zd", pread(fd, buf, sizeof(buf), (off_t)1 << 40));
	out("read_zero=%zd", read(fd, buf, 0));
	out("chunked_1=%d", chunked_read_matches(fd, 1));
	out("chunked_7=%d", chunked_read_matches(fd, 7));
	out("chunked_4093=%d", chunked_read_matches(fd, 4093));

	/* Two writers and a reader at once. */
	h = mmap(NULL, 2 * sizeof(*h), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (h == MAP_FAILED)
		exit(2);
	memset(h, 0, 2 * sizeof(*h));
	for (i = 0; i < 2; i++) {
		w[i] = fork();
		if (w[i] == 0) {
			int wfd = open_ctl();

			hammer_writes(wfd, rounds, &h[i]);
			_exit(0);
		}
	}
	reader = fork();
	if (reader == 0) {
		for (;;) {
			for (i = 1; i < 200; i += 37)
				if (pread(fd, big, i, i * 3) < 0)
					_exit(1);
		}
	}
	for (i = 0; i < 2; i++)
		waitpid(w[i], NULL, 0);
	end_child(reader);
	out("writers_good=%d writers_refused=%d writers_wrong=%d",
	    h[0].good_ok + h[1].good_ok, h[0].bad_ok + h[1].bad_ok,
	    h[0].wrong + h[1].wrong);
	out("writers_expected_good=%d writers_expected_refused=%d",
	    2 * rounds, 4 * rounds);

	/* The log holds only whole, printable lines. */
	log = read_log(fd, &len);
	for (i = 0; i < (int)len; i++)
		if ((log[i] < 0x20 || log[i] > 0x7e) && log[i] != '\n')
			break;
	out("log_clean=%d", i == (int)len && (!len || log[len - 1] == '\n'));
	free(log);

	out("detach_A=%s", errno_name(ctl(fd, "detach A")));
	out("detach_15=%s", errno_name(ctl(fd, "detach %s", name16)));
	end_child(target);
	close(fd);
}

/* ------------------------------------------------------------------ */

static int caps(struct __user_cap_data_struct data[2], int set)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };

	return syscall(set ? SYS_capset : SYS_capget, &hdr, data);
}

/* Drops @cap from the effective and permitted sets. */
static void drop_cap(int cap)
{
	struct __user_cap_data_struct data[2];

	if (caps(data, 0) < 0)
		_exit(3);
	data[CAP_TO_INDEX(cap)].effective &= ~CAP_TO_MASK(cap);
	data[CAP_TO_INDEX(cap)].permitted &= ~CAP_TO_MASK(cap);
	data[CAP_TO_INDEX(cap)].inheritable &= ~CAP_TO_MASK(cap);
	if (caps(data, 1) < 0)
		_exit(4);
}

static void become_nobody(int keep_caps)
{
	if (keep_caps && prctl(PR_SET_KEEPCAPS, 1) < 0)
		_exit(5);
	if (setgroups(0, NULL) < 0 || setgid(NOBODY) < 0 || setuid(NOBODY) < 0)
		_exit(6);
	/* The uid decides below, not a non-dumpable target. */
	prctl(PR_SET_DUMPABLE, 1);
}

static void nobody_target(void)
{
	become_nobody(0);
}

static int open_errno(void)
{
	int fd = open(CTL_PATH, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

/* Runs @fn in a child, so the caller keeps its credentials. */
static void in_child(void (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		out("child_failed=%d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static void open_as_nobody(void *arg)
{
	(void)arg;
	become_nobody(0);
	out("uid=%d open_nobody=%s", getuid(), errno_name(open_errno()));
}

static void open_as_nobody_dac(void *arg)
{
	struct __user_cap_data_struct data[2];

	(void)arg;
	become_nobody(1);
	if (caps(data, 0) < 0)
		_exit(3);
	/* Past the 0600 mode with CAP_DAC_OVERRIDE, still no CAP_SYS_ADMIN. */
	data[0].effective = CAP_TO_MASK(CAP_DAC_OVERRIDE);
	data[1].effective = 0;
	if (caps(data, 1) < 0)
		_exit(4);
	out("open_nobody_dac_override=%s", errno_name(open_errno()));
}

static void open_without_sys_admin(void *arg)
{
	(void)arg;
	drop_cap(CAP_SYS_ADMIN);
	out("open_root_without_sys_admin=%s", errno_name(open_errno()));
}

struct targets {
	pid_t other_uid;	/* uid 65534 */
	pid_t privileged;	/* uid 0 with every capability */
};

static void commands_without_ptrace(void *arg)
{
	const struct targets *t = arg;
	pid_t mine;
	int fd;

	drop_cap(CAP_SYS_PTRACE);
	fd = open(CTL_PATH, O_RDWR | O_CLOEXEC);
	out("open_root_without_ptrace=%s", errno_name(fd < 0 ? errno : 0));
	if (fd < 0)
		return;
	out("attach_other_uid=%s",
	    errno_name(ctl(fd, "attach N %d 10 none", t->other_uid)));
	out("status_other_uid=%s", errno_name(ctl(fd, "status %d", t->other_uid)));
	out("regs_other_uid=%s", errno_name(ctl(fd, "regs %d", t->other_uid)));
	out("attach_flags_other_uid=%s",
	    errno_name(ctl(fd, "attach_flags %d", t->other_uid)));
	out("wait_stopped_other_uid=%s",
	    errno_name(ctl(fd, "wait_stopped %d 10", t->other_uid)));
	out("attach_privileged=%s",
	    errno_name(ctl(fd, "attach N %d 10 none", t->privileged)));
	out("attach_self=%s", errno_name(ctl(fd, "attach N %d 10 none", getpid())));

	/* What this process may ptrace, it may attach to. */
	mine = sleeper(NULL);
	out("attach_own_child=%s", errno_name(ctl(fd, "attach N %d 10 none", mine)));
	out("detach_own_child=%s", errno_name(ctl(fd, "detach N")));
	end_child(mine);
	close(fd);
}

static void cmd_access(void)
{
	struct targets t;
	int fd;

	if (getuid() != 0) {
		out("setup=not-root");
		exit(2);
	}
	t.other_uid = sleeper(nobody_target);
	t.privileged = sleeper(NULL);

	in_child(open_as_nobody, NULL);
	in_child(open_as_nobody_dac, NULL);
	in_child(open_without_sys_admin, NULL);
	in_child(commands_without_ptrace, &t);

	/* Full root may, which shows the refusals above are the checks. */
	fd = open_ctl();
	out("attach_root=%s", errno_name(ctl(fd, "attach N %d 10 none", t.other_uid)));
	out("detach_root=%s", errno_name(ctl(fd, "detach N")));
	close(fd);
	end_child(t.other_uid);
	end_child(t.privileged);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*run)(void);
	} cmds[] = {
		{ "zombie", cmd_zombie },
		{ "writes", cmd_writes },
		{ "access", cmd_access },
	};
	size_t i;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (i = 0; argc == 2 && i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (!strcmp(argv[1], cmds[i].name)) {
			cmds[i].run();
			out("done=1");
			return 0;
		}
	}
	out("usage=utpk-hostile zombie|writes|access");
	return 2;
}
