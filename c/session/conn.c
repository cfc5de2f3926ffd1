/* TCP plumbing of a session: non-blocking sockets, the read and write
 * watchers and the two buffers.  Messages are framed here and handed to the
 * FSM (peer.c); output is drained here and refilled by the peer when it falls
 * under the low-water mark (backpressure: the RIB is only asked for more when
 * the socket took what it had). */
#include "session/conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/log.h"
#include "session/daemon.h"

enum { READ_CHUNK = 256 * 1024, READ_BUDGET = 1024 * 1024 };

void sockaddr_text(const struct sockaddr_storage *ss, char *out, size_t n)
{
	char host[INET6_ADDRSTRLEN] = "?";
	if (ss->ss_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, host, sizeof host);
	else if (ss->ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, host, sizeof host);
	snprintf(out, n, "%s", host);
}

int fd_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	return 0;
}

static void conn_read_cb(struct ev_loop *loop, ev_io *w, int revents);
static void conn_write_cb(struct ev_loop *loop, ev_io *w, int revents);

struct conn *conn_new(struct peer *p, int fd, bool outgoing)
{
	struct conn *c = xcalloc(1, sizeof *c);
	c->peer = p;
	c->fd = fd;
	c->outgoing = outgoing;
	c->state = FSM_CONNECT;
	buf_init(&c->in);
	buf_init(&c->out);
	ev_io_init(&c->rio, conn_read_cb, fd, EV_READ);
	ev_io_init(&c->wio, conn_write_cb, fd, EV_WRITE);
	c->rio.data = c;
	c->wio.data = c;
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return c;
}

void conn_addresses(struct conn *c)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	if (getsockname(c->fd, (struct sockaddr *)&ss, &len) == 0) {
		c->local = ss;
		c->local_len = len;
		sockaddr_text(&ss, c->local_text, sizeof c->local_text);
	}
	len = sizeof ss;
	if (getpeername(c->fd, (struct sockaddr *)&ss, &len) == 0)
		sockaddr_text(&ss, c->remote_text, sizeof c->remote_text);
}

void conn_free(struct ev_loop *loop, struct conn *c)
{
	if (!c)
		return;
	ev_io_stop(loop, &c->rio);
	ev_io_stop(loop, &c->wio);
	if (c->fd >= 0) {
		/* Closing with unread input makes the kernel send a RST, and a RST
		 * can destroy what we wrote last (the NOTIFICATION, or the KEEPALIVE
		 * the peer is waiting for): read what is there, then close with a
		 * FIN.  Bounded: a few non-blocking reads. */
		char sink[4096];
		for (int i = 0; i < 16 && read(c->fd, sink, sizeof sink) > 0; i++)
			;
		shutdown(c->fd, SHUT_WR);
		close(c->fd);
	}
	buf_free(&c->in);
	buf_free(&c->out);
	free(c);
}

size_t conn_out_pending(const struct conn *c)
{
	return c->out.len - c->out_off;
}

/* Write as much as the kernel takes.  Returns -1 on a fatal socket error. */
int conn_write(struct ev_loop *loop, struct conn *c)
{
	while (c->out_off < c->out.len) {
		ssize_t n = write(c->fd, c->out.data + c->out_off, c->out.len - c->out_off);
		if (n > 0) {
			c->out_off += (size_t)n;
			peer_wrote(c->peer, c);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			ev_io_start(loop, &c->wio);
			return 0;
		}
		return -1;
	}
	c->out.len = c->out_off = 0;
	ev_io_stop(loop, &c->wio);
	return 0;
}

/* Queue bytes already appended to c->out: compact, then try to write. */
void conn_kick(struct ev_loop *loop, struct conn *c)
{
	if (c->out_off > 65536 && c->out_off * 2 > c->out.len) {
		buf_consume(&c->out, c->out_off);
		c->out_off = 0;
	}
	/* Write now: a KEEPALIVE answering an OPEN must be on the wire even if
	 * the peer's NOTIFICATION right behind it makes us close in this same
	 * callback.  The watcher then reports errors and asks the peer for more
	 * once the buffer drained (no recursion from here). */
	conn_write(loop, c);
	if (!ev_is_active(&c->wio))
		ev_io_start(loop, &c->wio);
}

static void conn_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct conn *c = w->data;
	if (c->state == FSM_CONNECT) {
		/* non-blocking connect finished (or failed) */
		ev_io_stop(loop, &c->wio);
		peer_connected(c->peer, c);
		return;
	}
	if (conn_write(loop, c) < 0) {
		peer_conn_failed(c->peer, c, strerror(errno));
		return;
	}
	peer_output_drained(c->peer, c);
}

/* Frame and dispatch the complete messages already buffered.  Returns
 * false when the connection was closed (c is gone). */
static bool conn_frame(struct conn *c)
{
	struct peer *p = c->peer;
	while (c->in.len - c->in_off >= BGP_HEADER_LEN && !p->paused_reading) {
		const uint8_t *hdr = c->in.data + c->in_off;
		uint16_t len;
		uint8_t type;
		struct wire_error e;
		size_t max = c->state == FSM_ESTABLISHED ? p->ctx.max_msg : BGP_MAX_MSG;
		if (wire_header_check(hdr, max, &len, &type, &e) < 0) {
			peer_conn_error(p, c, &e, hdr, BGP_HEADER_LEN);
			return false;
		}
		if (c->in.len - c->in_off < len)
			break;
		c->in_off += len;
		/* The handler may close c: it returns false then. */
		if (!peer_message(p, c, type, hdr, len))
			return false;
	}
	if (c->in_off == c->in.len) {
		c->in.len = c->in_off = 0;
	} else if (c->in_off) {
		buf_consume(&c->in, c->in_off);
		c->in_off = 0;
	}
	return true;
}

static void conn_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct conn *c = w->data;
	struct peer *p = c->peer;
	size_t budget = READ_BUDGET;
	/* messages left from before a pause (rate limit, API backpressure) first */
	if (!conn_frame(c))
		return;
	while (budget && !p->paused_reading) {
		buf_reserve(&c->in, READ_CHUNK);
		ssize_t n = read(c->fd, c->in.data + c->in.len, READ_CHUNK);
		if (n == 0) {
			peer_conn_failed(p, c, "connection closed by peer");
			return;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			peer_conn_failed(p, c, strerror(errno));
			return;
		}
		c->in.len += (size_t)n;
		budget = (size_t)n >= budget ? 0 : budget - (size_t)n;
		if (!conn_frame(c))
			return;
	}
	if (p->paused_reading)
		ev_io_stop(loop, &c->rio);
}

/* Re-run the framing loop on what is buffered (after rate limiting paused it). */
void conn_resume_reading(struct ev_loop *loop, struct conn *c)
{
	ev_io_start(loop, &c->rio);
	ev_feed_event(loop, &c->rio, EV_READ);
}
