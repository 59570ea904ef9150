// SPDX-License-Identifier: GPL-2.0
/*
 * /bin/true and /bin/sleep for the test initramfs, which has no shell or
 * coreutils: the kernel's ptrace selftests exec them by name (vmaccess runs
 * "true" and "sleep 2").  One source, installed under both names; argv[0]
 * picks the command.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
	const char *name = argc > 0 ? strrchr(argv[0], '/') : NULL;
	struct timespec ts;
	double seconds;

	name = name ? name + 1 : (argc > 0 ? argv[0] : "");
	if (strcmp(name, "sleep"))
		return 0;
	if (argc != 2)
		return 1;
	seconds = strtod(argv[1], NULL);
	ts.tv_sec = (time_t)seconds;
	ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return 0;
}
