#define _GNU_SOURCE   /* struct ucred */
/* The control socket (control.h): unix stream listeners, one ev_io pair and
 * two buffers per client.  Frames are parsed here; their meaning is the
 * embed layer's.  A client is only one of the daemon's users, so everything
 * about it is bounded: frame size, queued output, and a client that does not
 * read its answers is dropped rather than let grow. */
#include "session/control.h"

#include <errno.h>
#include <ev.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/log.h"
#include "session/conn.h"

struct control_listener {
	struct control_listener *next;
	int fd;
	bool readonly;
	char *path;
	int lockfd;
	ev_io io;
};

struct control_client {
	struct control_client *next, **pprev;
	int fd;
	unsigned id;
	bool readonly, busy, dead;
	int in_use;
	ev_io rio, wio;
	ev_timer kick;                 /* process queued frames after busy ends */
	struct buf in, out;
	size_t out_off;
};

static struct control_listener *listeners;
static struct control_client *clients;
static unsigned next_id = 1;

static void client_free(struct control_client *c)
{
	ev_io_stop(EV_DEFAULT, &c->rio);
	ev_io_stop(EV_DEFAULT, &c->wio);
	ev_timer_stop(EV_DEFAULT, &c->kick);
	if (c->next)
		c->next->pprev = c->pprev;
	*c->pprev = c->next;
	close(c->fd);
	buf_free(&c->in);
	buf_free(&c->out);
	free(c);
}

/* Forget the client in the embed layer first (its command is cancelled),
 * then free it unless a callback up the stack still uses it. */
static void client_drop(struct control_client *c)
{
	if (c->dead)
		return;
	c->dead = true;
	log_debug("control: client %u gone", c->id);
	ctl_client_gone(c);
	if (!c->in_use)
		client_free(c);
}

static void client_flush(struct control_client *c)
{
	while (c->out_off < c->out.len) {
		ssize_t n = write(c->fd, c->out.data + c->out_off, c->out.len - c->out_off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			client_drop(c);
			return;
		}
		c->out_off += (size_t)n;
	}
	if (c->out_off == c->out.len) {
		buf_reset(&c->out);
		c->out_off = 0;
		ev_io_stop(EV_DEFAULT, &c->wio);
	} else {
		ev_io_start(EV_DEFAULT, &c->wio);
	}
}

void control_send(struct control_client *c, char type, const char *data, size_t len)
{
	if (c->dead)
		return;
	if (len > CONTROL_FRAME_MAX)
		len = CONTROL_FRAME_MAX;   /* a longer answer is cut (the client sees it end) */
	if (c->out.len - c->out_off + len > CONTROL_OUT_MAX) {
		log_warn("control: client %u does not read its output, dropping it", c->id);
		client_drop(c);
		return;
	}
	uint8_t hdr[5];
	hdr[0] = (uint8_t)type;
	put_be32(hdr + 1, (uint32_t)len);
	buf_put(&c->out, hdr, 5);
	buf_put(&c->out, data, len);
	if (!ev_is_active(&c->wio))
		client_flush(c);
}

bool control_readonly(const struct control_client *c) { return c->readonly; }
unsigned control_id(const struct control_client *c) { return c->id; }

/* Hand complete frames to the embed layer: all of them while idle; only
 * cancels ('K') while a command runs (the rest waits its turn). */
static void client_frames(struct control_client *c)
{
	size_t off = 0;
	c->in_use++;
	while (!c->dead && c->in.len - off >= 5) {
		uint8_t *p = c->in.data + off;
		uint32_t len = get_be32(p + 1);
		if (len > CONTROL_FRAME_MAX) {
			log_warn("control: client %u: frame of %u bytes, dropping it", c->id, len);
			client_drop(c);
			break;
		}
		if (c->in.len - off - 5 < len)
			break;
		char type = (char)p[0];
		if (c->busy && type != 'K') {
			off += 5 + len;   /* skip for now: kept for later */
			continue;
		}
		/* Copy: the buffer may move while the request runs. */
		char *payload = xmalloc(len + 1);
		memcpy(payload, p + 5, len);
		payload[len] = 0;
		memmove(p, p + 5 + len, c->in.len - off - 5 - len);
		c->in.len -= 5 + len;
		ctl_request(c, type, payload, len);
		free(payload);
		if (c->busy && type != 'K')
			off = 0;      /* rescan from the start for cancels */
	}
	c->in_use--;
	if (c->dead && !c->in_use)
		client_free(c);
}

static void kick_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	client_frames(w->data);
}

void control_set_busy(struct control_client *c, bool busy)
{
	c->busy = busy;
	if (!busy && !c->dead && c->in.len >= 5) {
		ev_timer_set(&c->kick, 0, 0);
		ev_timer_start(EV_DEFAULT, &c->kick);
	}
}

static void client_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct control_client *c = w->data;
	for (int i = 0; i < 8; i++) {
		uint8_t *p = buf_extend(&c->in, 65536);
		ssize_t n = read(c->fd, p, 65536);
		c->in.len -= 65536 - (n > 0 ? (size_t)n : 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			client_drop(c);
			return;
		}
		if (n < 65536)
			break;
	}
	/* Frames waiting behind a busy command are bounded too. */
	if (c->in.len > 4 * CONTROL_FRAME_MAX) {
		log_warn("control: client %u: too much input queued, dropping it", c->id);
		client_drop(c);
		return;
	}
	client_frames(c);
}

static void client_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	client_flush(w->data);
}

static void accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct control_listener *l = w->data;
	for (int i = 0; i < 16; i++) {
		int fd = accept(l->fd, NULL, NULL);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				log_warn("control %s: accept: %s", l->path, strerror(errno));
			return;
		}
		/* The socket's mode is the first fence, the peer's uid the second:
		 * the control socket runs Lua as the daemon's user. */
		struct ucred cred;
		socklen_t clen = sizeof cred;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) < 0 ||
		    (cred.uid != geteuid() && cred.uid != 0)) {
			log_warn("control %s: refusing a client with uid %ld", l->path,
			         clen == sizeof cred ? (long)cred.uid : -1L);
			close(fd);
			continue;
		}
		fd_nonblock(fd);
		struct control_client *c = xcalloc(1, sizeof *c);
		c->fd = fd;
		c->id = next_id++;
		c->readonly = l->readonly;
		ev_io_init(&c->rio, client_read_cb, fd, EV_READ);
		ev_io_init(&c->wio, client_write_cb, fd, EV_WRITE);
		ev_timer_init(&c->kick, kick_cb, 0, 0);
		c->rio.data = c->wio.data = c->kick.data = c;
		c->next = clients;
		if (clients)
			clients->pprev = &c->next;
		c->pprev = &clients;
		clients = c;
		ev_io_start(EV_DEFAULT, &c->rio);
		log_debug("control %s: client %u (pid %ld)", l->path, c->id, (long)cred.pid);
	}
}

const char *control_default_path(void)
{
	static char path[256];
	if (geteuid() == 0)
		return "/run/lunabgp.sock";
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	if (xdg && *xdg && strlen(xdg) < 200)
		snprintf(path, sizeof path, "%s/lunabgp.sock", xdg);
	else
		snprintf(path, sizeof path, "/tmp/lunabgp-%ld.sock", (long)geteuid());
	return path;
}

int control_listen(const char *path, bool readonly)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path) {
		log_err("control socket path too long: %s", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		log_err("control socket: %s", strerror(errno));
		return -1;
	}
	/* PATH.lock, held (flock) while the daemon lives, tells a live socket
	 * from one left by a daemon that died: that one is replaced.  (Probing
	 * with connect() would open a session in the live daemon.) */
	char lockpath[sizeof sa.sun_path + 8];
	snprintf(lockpath, sizeof lockpath, "%s.lock", path);
	int lockfd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lockfd < 0 || flock(lockfd, LOCK_EX | LOCK_NB) < 0) {
		if (lockfd >= 0 && (errno == EWOULDBLOCK || errno == EAGAIN))
			log_err("control socket %s: another daemon is using it", path);
		else
			log_err("control socket %s: %s: %s", path, lockpath, strerror(errno));
		if (lockfd >= 0)
			close(lockfd);
		close(fd);
		return -1;
	}
	struct stat st;
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			log_err("control socket %s: exists and is not a socket", path);
			close(lockfd);
			close(fd);
			return -1;
		}
		unlink(path);
	}
	/* Created 0600 from the start: no window where others could connect. */
	mode_t old = umask(0177);
	int rc = bind(fd, (struct sockaddr *)&sa, sizeof sa);
	umask(old);
	if (rc < 0 || listen(fd, 16) < 0 || fd_nonblock(fd) < 0) {
		log_err("control socket %s: %s", path, strerror(errno));
		close(lockfd);
		close(fd);
		return -1;
	}
	struct control_listener *l = xcalloc(1, sizeof *l);
	l->fd = fd;
	l->lockfd = lockfd;
	l->readonly = readonly;
	l->path = xstrdup(path);
	ev_io_init(&l->io, accept_cb, fd, EV_READ);
	l->io.data = l;
	ev_io_start(EV_DEFAULT, &l->io);
	l->next = listeners;
	listeners = l;
	log_notice("control socket %s%s", path, readonly ? " (read-only)" : "");
	return 0;
}

void control_close(void)
{
	while (clients)
		client_drop(clients);
	while (listeners) {
		struct control_listener *l = listeners;
		listeners = l->next;
		ev_io_stop(EV_DEFAULT, &l->io);
		close(l->fd);
		unlink(l->path);
		char lockpath[300];
		snprintf(lockpath, sizeof lockpath, "%s.lock", l->path);
		unlink(lockpath);
		close(l->lockfd);
		free(l->path);
		free(l);
	}
}
