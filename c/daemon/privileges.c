/* Dropping root to exabgp.daemon.user (see privileges.h). */
#define _GNU_SOURCE
#include "daemon/privileges.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int privileges_drop(const char *user, char *why, size_t whylen)
{
	if (geteuid() != 0 && getuid() != 0)
		return 0;
	errno = 0;
	struct passwd *pw = getpwnam(user);
	if (!pw) {
		snprintf(why, whylen, "unknown user '%s'%s%s", user, errno ? ": " : "", errno ? strerror(errno) : "");
		return -1;
	}
	if (pw->pw_uid == 0)
		return 0;   /* asked to stay root */
	/* Groups first: once the user changed, they could not be. */
	if (initgroups(user, pw->pw_gid) < 0 && setgroups(0, NULL) < 0) {
		snprintf(why, whylen, "cannot set the groups of '%s': %s", user, strerror(errno));
		return -1;
	}
	if (setgid(pw->pw_gid) < 0) {
		snprintf(why, whylen, "cannot set group %u: %s", (unsigned)pw->pw_gid, strerror(errno));
		return -1;
	}
	if (setuid(pw->pw_uid) < 0) {
		snprintf(why, whylen, "cannot set user %u: %s", (unsigned)pw->pw_uid, strerror(errno));
		return -1;
	}
	/* setuid from root is permanent: saved ids follow; check it stuck. */
	if (getuid() != pw->pw_uid || geteuid() != pw->pw_uid || getgid() != pw->pw_gid || setuid(0) == 0) {
		snprintf(why, whylen, "still privileged after switching to '%s'", user);
		return -1;
	}
	return 0;
}
