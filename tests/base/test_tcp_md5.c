/* tcp_md5_set: install, replace, delete a key; argument checks.  Passes
 * with a note when the kernel has no TCP_MD5SIG (the functional test
 * md5.sh covers signed sessions). */
#include "base/tcp_md5.h"
#include "unit.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_storage a4, a6, bad;
	memset(&a4, 0, sizeof a4);
	memset(&a6, 0, sizeof a6);
	memset(&bad, 0, sizeof bad);
	a4.ss_family = AF_INET;
	inet_pton(AF_INET, "127.0.0.2", &((struct sockaddr_in *)&a4)->sin_addr);
	((struct sockaddr_in *)&a4)->sin_port = htons(179);   /* ignored */
	a6.ss_family = AF_INET6;
	inet_pton(AF_INET6, "::1", &((struct sockaddr_in6 *)&a6)->sin6_addr);
	bad.ss_family = AF_UNIX;
	uint8_t key[TCP_MD5_KEY_MAX + 1];
	memset(key, 'k', sizeof key);

	int fd = socket(AF_INET, SOCK_STREAM, 0);
	CHECK(fd >= 0);
	errno = 0;
	CHECK_EQ_INT(tcp_md5_set(fd, &a4, key, TCP_MD5_KEY_MAX + 1), -1);
	CHECK_EQ_INT(errno, EINVAL);
	CHECK_EQ_INT(tcp_md5_set(fd, &bad, key, 3), -1);
	CHECK_EQ_INT(errno, EINVAL);
	if (tcp_md5_set(fd, &a4, key, 6) < 0 && (errno == ENOPROTOOPT || errno == EINVAL)) {
		printf("skip: this kernel has no TCP_MD5SIG (%s)\n", strerror(errno));
		close(fd);
		return unit_done();
	}
	CHECK_EQ_INT(tcp_md5_set(fd, &a4, key, TCP_MD5_KEY_MAX), 0);   /* replace, longest key */
	CHECK_EQ_INT(tcp_md5_set(fd, &a4, NULL, 0), 0);                /* delete */
	errno = 0;
	CHECK_EQ_INT(tcp_md5_set(fd, &a4, NULL, 0), -1);               /* nothing left */
	CHECK_EQ_INT(errno, ENOENT);
	close(fd);

	fd = socket(AF_INET6, SOCK_STREAM, 0);
	CHECK(fd >= 0);
	CHECK_EQ_INT(tcp_md5_set(fd, &a6, key, 1), 0);
	CHECK_EQ_INT(tcp_md5_set(fd, &a6, NULL, 0), 0);
	close(fd);
	return unit_done();
}
