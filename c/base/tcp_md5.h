/* TCP-MD5 signatures (RFC 2385) on a socket, Linux's TCP_MD5SIG. */
#ifndef LB_BASE_TCP_MD5_H
#define LB_BASE_TCP_MD5_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* The kernel's bound on a key (TCP_MD5SIG_MAXKEYLEN). */
#define TCP_MD5_KEY_MAX 80

/* Install on fd the key for segments to and from addr (its port is not
 * looked at), or with keylen 0 delete the key for addr.  On a listening
 * socket the key is inherited by the connections it accepts, and SYNs from
 * addr without a valid signature are dropped.  Returns 0, or -1 with errno
 * (ENOPROTOOPT or EINVAL: no TCP_MD5SIG in this kernel; ENOENT: deleting a
 * key that is not there). */
int tcp_md5_set(int fd, const struct sockaddr_storage *addr, const uint8_t *key, size_t keylen);

#endif
