/* RFC 2385 keys are per remote address and live in the kernel; all we do is
 * hand them over.  Shared by the daemon and the test peer (tests/peer). */
#include "base/tcp_md5.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

int tcp_md5_set(int fd, const struct sockaddr_storage *addr, const uint8_t *key, size_t keylen)
{
	if (keylen > TCP_MD5_KEY_MAX || (addr->ss_family != AF_INET && addr->ss_family != AF_INET6)) {
		errno = EINVAL;
		return -1;
	}
#ifdef TCP_MD5SIG
	struct tcp_md5sig sig;
	memset(&sig, 0, sizeof sig);
	/* only family and address matter to the kernel; the port is zeroed so
	 * that a key compares equal however the address was obtained */
	if (addr->ss_family == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&sig.tcpm_addr;
		s4->sin_family = AF_INET;
		s4->sin_addr = ((const struct sockaddr_in *)addr)->sin_addr;
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&sig.tcpm_addr;
		s6->sin6_family = AF_INET6;
		s6->sin6_addr = ((const struct sockaddr_in6 *)addr)->sin6_addr;
	}
	sig.tcpm_keylen = (uint16_t)keylen;
	if (keylen)
		memcpy(sig.tcpm_key, key, keylen);
	return setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &sig, sizeof sig);
#else
	(void)fd;
	(void)key;
	errno = ENOPROTOOPT;
	return -1;
#endif
}
