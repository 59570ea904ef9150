// SPDX-License-Identifier: GPL-2.0
/*
 * run-selftest SECONDS PROGRAM [ARG...]: what kselftest's runner.sh does for
 * one test, for the guest agent's EXEC.  EXEC cannot stop a program that
 * hangs, so this runs PROGRAM, waits at most SECONDS, and ends the output
 * with one line saying how it ended (EXEC's own "exited=" or "signaled="
 * is run-selftest's):
 *
 *   # run-selftest: exited=N | signaled=N | timeout=SECONDS
 *
 * On a timeout it kills every process but PID 1 (the agent) and itself: the
 * kselftest harness puts each test in its own process group, and any
 * survivor holding the output pipe open would keep EXEC waiting.  It does so
 * only as a child of PID 1, i.e. under the agent in the test VM; anywhere
 * else it kills PROGRAM alone.  The exit status is N, 128+N or 124 (as
 * timeout(1)).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void say(const char *what, int value)
{
	char line[64];
	int len = snprintf(line, sizeof(line), "# run-selftest: %s=%d\n", what, value);

	if (write(STDOUT_FILENO, line, len) != len)
		_exit(125);
}

int main(int argc, char **argv)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	long seconds, waited_ms = 0;
	int status;
	pid_t pid;

	if (argc < 3 || (seconds = atol(argv[1])) <= 0) {
		fprintf(stderr, "usage: run-selftest SECONDS PROGRAM [ARG...]\n");
		return 125;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("run-selftest: fork");
		return 125;
	}
	if (pid == 0) {
		execv(argv[2], argv + 2);
		fprintf(stderr, "run-selftest: exec %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	/* Poll: no SIGALRM handler racing waitpid, and no need for POSIX timers. */
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (waited_ms >= seconds * 1000) {
			kill(getppid() == 1 ? -1 : pid, SIGKILL);
			waitpid(pid, &status, 0);
			say("timeout", (int)seconds);
			return 124;
		}
		nanosleep(&tick, NULL);
		waited_ms += 10;
	}
	if (WIFSIGNALED(status)) {
		say("signaled", WTERMSIG(status));
		return 128 + WTERMSIG(status);
	}
	say("exited", WEXITSTATUS(status));
	return WEXITSTATUS(status);
}
