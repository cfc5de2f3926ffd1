/* LD_PRELOAD shim for tests/functional/md5.sh: a kernel without
 * CONFIG_TCP_MD5SIG, as seen from user space (setsockopt TCP_MD5SIG fails
 * with ENOPROTOOPT); every other socket option goes through. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

int setsockopt(int fd, int level, int name, const void *value, socklen_t len)
{
	static int (*real)(int, int, int, const void *, socklen_t);
	if (level == IPPROTO_TCP && name == TCP_MD5SIG) {
		errno = ENOPROTOOPT;
		return -1;
	}
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "setsockopt");
	if (!real) {
		errno = ENOSYS;
		return -1;
	}
	return real(fd, level, name, value, len);
}
