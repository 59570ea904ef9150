/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers the guest programs share: writing commands to /dev/utrace_test
 * and naming the errno a command got, for key=value output lines.
 */
#ifndef UTPK_GUEST_CTL_H
#define UTPK_GUEST_CTL_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CTL_PATH	"/dev/utrace_test"

static inline const char *errno_name(int err)
{
	static char buf[16];

	switch (err) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case EINTR: return "EINTR";
	case E2BIG: return "E2BIG";
	case EBADF: return "EBADF";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case ERANGE: return "ERANGE";
	case ENAMETOOLONG: return "ENAMETOOLONG";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ETIMEDOUT: return "ETIMEDOUT";
	case EINPROGRESS: return "EINPROGRESS";
	default:
		snprintf(buf, sizeof(buf), "%d", err);
		return buf;
	}
}

/* Writes one command; returns 0 or the errno. */
static inline int ctl_write(int fd, const char *text, size_t len)
{
	ssize_t n = write(fd, text, len);

	if (n < 0)
		return errno;
	return (size_t)n == len ? 0 : EIO;
}

static inline __attribute__((format(printf, 2, 3)))
int ctl(int fd, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (len < 0 || len >= (int)sizeof(buf))
		return E2BIG;
	return ctl_write(fd, buf, len);
}

/* Prints one key=value line at once (several processes share stdout). */
static inline __attribute__((format(printf, 1, 2)))
void out(const char *fmt, ...)
{
	char buf[1024];
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
	if (write(1, buf, len) < 0)
		_exit(120);
}

#endif /* UTPK_GUEST_CTL_H */
