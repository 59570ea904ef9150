// SPDX-License-Identifier: GPL-2.0
/*
 * utpk-provoke: makes a kernel built with CONFIG_LKDTM print a real splat,
 * for the tests that prove the console classifier.  The agent has no shell,
 * so this is the "echo TYPE > /sys/kernel/debug/provoke-crash/DIRECT".
 *
 *   utpk-provoke TYPE            a child writes TYPE (WARNING, BUG,
 *                                SLAB_LINEAR_OVERFLOW...) and is waited for
 *   utpk-provoke TYPE --detach   the same, but the child is left to it: for
 *                                the types that never return (HUNG_TASK,
 *                                SOFTLOCKUP), so that EXEC still answers
 *
 * Prints key=value lines: child= (its pid), then either detached=1, or
 * how it ended (exited= / signaled=) and, when it got that far, what its
 * write returned (write_ret=, write_errno=); done=1 last.  The write runs in
 * a child because the kernel kills the writing task after a BUG.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "ctl.h"

#define DEBUGFS		"/sys/kernel/debug"
#define DIRECT		DEBUGFS "/provoke-crash/DIRECT"

/* The agent mounts proc, sysfs, devtmpfs and tmpfs; debugfs is ours to mount. */
static void mount_debugfs(void)
{
	struct stat st;

	if (stat(DIRECT, &st) == 0)
		return;
	if (mount("debugfs", DEBUGFS, "debugfs", 0, NULL) < 0 && errno != EBUSY) {
		out("setup=mount_debugfs errno=%s", errno_name(errno));
		exit(2);
	}
	if (stat(DIRECT, &st) < 0) {
		out("setup=no_lkdtm errno=%s", errno_name(errno));
		exit(2);
	}
}

/* The child: one write of the crash type.  Reports only if it returns. */
static void provoke(const char *type, int detached)
{
	int fd, null_fd;
	ssize_t n;

	if (detached) {
		/* Never hold the agent's output pipe open: EXEC reads it to EOF. */
		null_fd = open("/dev/null", O_RDWR);
		if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(null_fd, 1) < 0 || dup2(null_fd, 2) < 0)
			_exit(3);
		close(null_fd);
	}
	fd = open(DIRECT, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		out("write_ret=-1 write_errno=%s", errno_name(errno));
		_exit(1);
	}
	n = write(fd, type, strlen(type));
	out("write_ret=%zd write_errno=%s", n, errno_name(n < 0 ? errno : 0));
	_exit(0);
}

int main(int argc, char **argv)
{
	int detached = argc == 3 && !strcmp(argv[2], "--detach");
	int status;
	pid_t child;

	if (argc < 2 || (argc == 3 && !detached) || argc > 3) {
		out("setup=usage");
		return 2;
	}
	mount_debugfs();

	child = fork();
	if (child < 0) {
		out("setup=fork errno=%s", errno_name(errno));
		return 2;
	}
	if (child == 0)
		provoke(argv[1], detached);

	out("child=%d", child);
	if (detached) {
		out("detached=1");
	} else if (waitpid(child, &status, 0) < 0) {
		out("setup=waitpid errno=%s", errno_name(errno));
		return 2;
	} else if (WIFSIGNALED(status)) {
		out("signaled=%d", WTERMSIG(status));
	} else {
		out("exited=%d", WEXITSTATUS(status));
	}
	out("done=1");
	return 0;
}
