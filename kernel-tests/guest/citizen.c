// SPDX-License-Identifier: GPL-2.0
/*
 * utpk-citizen PID: shows how a task parked in a utrace stop looks to the
 * rest of the system.  PID must be held by an engine when this runs.
 *
 *   state=         its /proc/PID/stat state letter: "I" means the sleep does
 *                  not count towards the load average (TASK_NOLOAD), "D"
 *                  would make every traced task look like stuck I/O
 *   cgroup_frozen= 1 when a cgroup v2 freeze of a group holding only PID
 *                  completes (cgroup.events says "frozen 1") within 3 s;
 *                  cgroup_thawed= the same for the thaw
 *   suspend_freeze= what writing "freeze" to /sys/power/state returned with
 *                  pm_test set to "freezer": the suspend freezer freezes every
 *                  task and thaws them again without sleeping; EBUSY means a
 *                  task refused to freeze within 3 s
 *   state_after=   the state letter after both: still parked, since neither
 *                  freezer may end an engine's hold.  A thaw wakes the task
 *                  and it goes back to sleep in its stop: the first I within
 *                  3 s counts, else the last letter seen
 *
 * done=1 last.  A step that cannot run says why in NAME_error=.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include "ctl.h"

#define CGROOT		"/sys/fs/cgroup"
#define CGDIR		CGROOT "/utpk-citizen"
#define WAIT_MS		3000

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Writes TEXT to PATH; returns 0 or the errno. */
static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int err;

	if (fd < 0)
		return errno;
	err = ctl_write(fd, text, strlen(text));
	close(fd);
	return err;
}

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

/* The state letter follows the command name, which is in parentheses. */
static char task_state(const char *pid)
{
	char path[64], buf[512], *paren;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	if (read_file(path, buf, sizeof(buf)))
		return '?';
	paren = strrchr(buf, ')');
	return paren && paren[1] == ' ' ? paren[2] : '?';
}

static char settled_state(const char *pid)
{
	long deadline = now_ms() + WAIT_MS;
	char state;

	do {
		state = task_state(pid);
		if (state == 'I')
			break;
		nap_ms(10);
	} while (now_ms() < deadline);
	return state;
}

/* Polls cgroup.events until its "frozen" line reads WANT. */
static int wait_frozen(char want)
{
	char buf[256], *line;
	long deadline = now_ms() + WAIT_MS;

	do {
		if (read_file(CGDIR "/cgroup.events", buf, sizeof(buf)))
			return 0;
		line = strstr(buf, "frozen ");
		if (line && line[7] == want)
			return 1;
		nap_ms(10);
	} while (now_ms() < deadline);
	return 0;
}

static void cgroup_freeze(const char *pid)
{
	int err;

	if (mkdir(CGROOT, 0755) && errno != EEXIST) {
		printf("cgroup_error=mkdir-%s\n", errno_name(errno));
		return;
	}
	if (access(CGROOT "/cgroup.procs", F_OK) &&
	    mount("cgroup2", CGROOT, "cgroup2", 0, NULL)) {
		printf("cgroup_error=mount-%s\n", errno_name(errno));
		return;
	}
	if (mkdir(CGDIR, 0755) && errno != EEXIST) {
		printf("cgroup_error=mkdir-%s\n", errno_name(errno));
		return;
	}
	err = write_file(CGDIR "/cgroup.procs", pid);
	if (err) {
		printf("cgroup_error=procs-%s\n", errno_name(err));
		goto out;
	}
	err = write_file(CGDIR "/cgroup.freeze", "1");
	printf("cgroup_frozen=%d\n", !err && wait_frozen('1'));
	err = write_file(CGDIR "/cgroup.freeze", "0");
	printf("cgroup_thawed=%d\n", !err && wait_frozen('0'));
	err = write_file(CGROOT "/cgroup.procs", pid);
	if (err)
		printf("cgroup_error=back-%s\n", errno_name(err));
out:
	rmdir(CGDIR);
}

static void suspend_freeze(void)
{
	int err;

	/* Fail in 3 s rather than the default 20 when a task will not freeze. */
	err = write_file("/sys/power/pm_freeze_timeout", "3000");
	if (!err)
		err = write_file("/sys/module/suspend/parameters/pm_test_delay", "0");
	if (!err)
		err = write_file("/sys/power/pm_test", "freezer");
	if (err) {
		printf("suspend_error=%s\n", errno_name(err));
		return;
	}
	printf("suspend_freeze=%s\n", errno_name(write_file("/sys/power/state", "freeze")));
	write_file("/sys/power/pm_test", "none");
}

int main(int argc, char **argv)
{
	if (argc != 2 || !argv[1][0] ||
	    strspn(argv[1], "0123456789") != strlen(argv[1])) {
		printf("usage_error=1\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("state=%c\n", task_state(argv[1]));
	cgroup_freeze(argv[1]);
	suspend_freeze();
	printf("state_after=%c\n", settled_state(argv[1]));
	printf("done=1\n");
	return 0;
}
