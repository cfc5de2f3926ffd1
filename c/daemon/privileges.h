/* Dropping root, as ExaBGP does (exabgp.daemon.user, default nobody): a
 * daemon started as root binds its listeners (port 179) first, then runs as
 * the unprivileged user; exabgp.daemon.drop says whether the helper
 * processes start after the drop (true, ExaBGP's default) or before it. */
#ifndef LB_DAEMON_PRIVILEGES_H
#define LB_DAEMON_PRIVILEGES_H

#include <stddef.h>

/* Nothing to do (0) unless the process runs as root.  Otherwise switch the
 * group list, group and user to `user`'s; 0 on success or when `user` is
 * root itself, -1 with why[] filled when the user is unknown or a switch
 * failed (the caller must not carry on as root then). */
int privileges_drop(const char *user, char *why, size_t whylen);

#endif
