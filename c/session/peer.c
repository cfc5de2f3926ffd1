/* The BGP finite state machine of RFC 4271 section 8, one instance per
 * configured neighbor, driven only by socket readiness and timers. */
#include "session/peer.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/hex.h"
#include "base/log.h"
#include "base/tcp_md5.h"
#include "daemon/settings.h"
#include "session/api_exec.h"
#include "session/conn.h"
#include "session/daemon.h"
#include "session/events.h"
#include "session/peer_operational.h"
#include "session/peer_policy.h"

/* Seconds between Established and the first UPDATE (see peer_established):
 * the next loop iteration.  A longer grace let API commands that arrive
 * meanwhile (a watchdog announce) join the initial table's UPDATEs, which
 * ExaBGP sends apart (conf-watchdog). */
#define INITIAL_TABLE_DELAY 0.0

/* Output bytes queued beyond which the RIB is not asked for more; refilled
 * once the socket drained under a quarter of it. */
static size_t out_high(void)
{
	return (size_t)settings.out_buffer_kib * 1024;
}

const char *fsm_state_name(enum fsm_state s)
{
	static const char *names[] = { "idle", "connect", "active", "opensent", "openconfirm", "established" };
	return names[s];
}

const char *peer_name(const struct peer *p)
{
	return p->conf->name;
}

static void peer_set_state(struct peer *p, enum fsm_state s)
{
	if (p->state == s)
		return;
	log_debug("peer %s: %s -> %s", peer_name(p), fsm_state_name(p->state), fsm_state_name(s));
	p->state = s;
	events_fsm(p, s);
}

/* ----- the OPEN we send ----------------------------------------------- */

static void peer_build_open(struct peer *p)
{
	const struct neighbor_conf *nc = p->conf;
	struct wire_open *o = &p->local_open;
	memset(o, 0, sizeof *o);
	o->version = 4;
	o->my_as = nc->local_as > 65535 ? 23456 : (uint16_t)nc->local_as;
	o->hold_time = nc->hold_time;
	o->bgp_id = nc->router_id;
	struct wire_caps *cap = &o->caps;
	cap->present = true;
	bool any = false;
	for (int f = 0; f < FAM_MAX; f++)
		if (nc->families[f]) {
			cap->mp[f] = true;
			any = true;
		}
	if (!any)
		cap->mp[FAM_IPV4_UNICAST] = true;
	cap->as4 = nc->cap_asn4;
	cap->as4_value = nc->local_as;
	cap->route_refresh = nc->cap_route_refresh;
	cap->enhanced_route_refresh = nc->cap_enhanced_rr;
	cap->extended_message = nc->cap_extended_message;
	for (int f = 0; f < FAM_MAX; f++)
		if (nc->cap_add_path[f]) {
			cap->addpath[f] = nc->cap_add_path[f];
			cap->addpath_present = true;
		}
	if (nc->cap_graceful_restart >= 0) {
		cap->graceful_restart = true;
		cap->gr_time = (uint16_t)nc->cap_graceful_restart;
		for (int f = 0; f < FAM_MAX; f++)
			if (cap->mp[f])
				cap->gr_fam_flags[f] = 0x01;
	}
	cap->ext_nh_n = nc->ext_nh_n;
	for (int i = 0; i < nc->ext_nh_n && i < 16; i++) {
		cap->ext_nh[i].afi = nc->ext_nh[i].afi;
		cap->ext_nh[i].safi = nc->ext_nh[i].safi;
		cap->ext_nh[i].nh_afi = nc->ext_nh[i].nh_afi;
	}
	cap->link_local_nexthop = nc->cap_link_local_nh;
	cap->operational = nc->cap_operational;
	if (nc->cap_fqdn) {
		cap->fqdn = true;
		snprintf(cap->hostname, sizeof cap->hostname, "%s", nc->host_name ? nc->host_name : "");
		snprintf(cap->domainname, sizeof cap->domainname, "%s", nc->domain_name ? nc->domain_name : "");
	}
	if (nc->cap_software_version) {
		cap->software_present = true;
		if (settings.version_set)
			snprintf(cap->software, sizeof cap->software, "ExaBGP/%s", settings.version);
		else
			snprintf(cap->software, sizeof cap->software, "lunabgp/%s", LUNABGP_VERSION);
	}
}

/* ----- lifecycle ------------------------------------------------------- */

static void connect_timer_cb(struct ev_loop *loop, ev_timer *w, int revents);
static void hold_timer_cb(struct ev_loop *loop, ev_timer *w, int revents);
static void keepalive_timer_cb(struct ev_loop *loop, ev_timer *w, int revents);
static void send_hold_timer_cb(struct ev_loop *loop, ev_timer *w, int revents);
static void rate_timer_cb(struct ev_loop *loop, ev_timer *w, int revents);
/* After a reload changed the import policy of a kept session: Adj-RIB-In
 * holds routes as the old policy left them (rejected ones are gone), so ask
 * the peer to send its routes again (RFC 2918 section 3, one ROUTE-REFRESH
 * per negotiated family); they then pass the new policy.  Without the
 * capability the new policy applies to routes received from now on. */
void peer_request_refresh(struct peer *p, const char *why)
{
	struct conn *c = p->conn;
	if (!c || c->state != FSM_ESTABLISHED)
		return;   /* the next session's routes pass the new policy anyway */
	if (!p->ctx.route_refresh) {
		log_notice("peer %s: %s, but route refresh was not negotiated: the new policy applies to "
		           "routes received from now on", peer_name(p), why);
		return;
	}
	size_t mark = c->out.len;
	int n = 0;
	for (int f = 0; f < FAM_MAX; f++) {
		const struct family_ops *ops = family_ops((fam_t)f);
		if (!p->ctx.fam[f] || !ops)
			continue;
		wire_route_refresh_encode(&c->out, ops->afi, ops->safi, RR_NORMAL);
		n++;
	}
	log_notice("peer %s: %s: ROUTE-REFRESH sent for %d famil%s", peer_name(p), why, n, n == 1 ? "y" : "ies");
	if (c->out.len > mark)
		events_sent(p, c, c->out.data + mark, c->out.len - mark);
	if (conn_out_pending(c))
		conn_kick(p->daemon->loop, c);
}

static void flush_timer_cb(struct ev_loop *loop, ev_timer *w, int revents);

struct peer *peer_new(struct daemon *d, struct neighbor_conf *conf)
{
	struct peer *p = xcalloc(1, sizeof *p);
	p->daemon = d;
	p->conf = conf;
	p->state = FSM_IDLE;
	ev_init(&p->connect_timer, connect_timer_cb);
	ev_init(&p->hold_timer, hold_timer_cb);
	ev_init(&p->keepalive_timer, keepalive_timer_cb);
	ev_init(&p->send_hold_timer, send_hold_timer_cb);
	ev_init(&p->rate_timer, rate_timer_cb);
	ev_timer_init(&p->flush_timer, flush_timer_cb, 0, 0);
	p->flush_timer.data = p;
	p->connect_timer.data = p->hold_timer.data = p->keepalive_timer.data = p;
	p->send_hold_timer.data = p->rate_timer.data = p;
	if (conf->adj_rib_in)
		p->adj_in = rib_table_new();
	p->adj_out = conf->routes ? conf->routes : rib_out_new();
	conf->routes = NULL;
	peer_policy_export_rib(p, p->adj_out);   /* export policy over the static routes */
	buf_init(&p->scratch);
	buf_init(&p->scratch2);
	peer_build_open(p);
	peer_op_new(p);   /* the configuration's operational { } messages */
	return p;
}

static void peer_stop_timers(struct peer *p)
{
	struct ev_loop *loop = p->daemon->loop;
	ev_timer_stop(loop, &p->connect_timer);
	ev_timer_stop(loop, &p->hold_timer);
	ev_timer_stop(loop, &p->keepalive_timer);
	ev_timer_stop(loop, &p->send_hold_timer);
	ev_timer_stop(loop, &p->rate_timer);
	ev_timer_stop(loop, &p->flush_timer);
}

void peer_free(struct peer *p)
{
	if (!p)
		return;
	struct ev_loop *loop = p->daemon->loop;
	peer_stop_timers(p);
	conn_free(loop, p->conn);
	conn_free(loop, p->other);
	if (p->adj_in)
		rib_table_free(p->adj_in);
	rib_out_free(p->adj_out);
	buf_free(&p->scratch);
	buf_free(&p->scratch2);
	events_peer_free(p);
	api_exec_peer_gone(p);
	peer_op_free(p);
	free(p);
}

static void peer_connect(struct peer *p);
static bool peer_held_down(struct peer *p);

void peer_start(struct peer *p)
{
	if (p->conf->passive || settings.bgp_passive) {
		peer_set_state(p, FSM_ACTIVE);
		return;
	}
	peer_connect(p);
}

/* Back-off between connection attempts: 1, 2, 4 ... 30 s (ExaBGP reconnects
 * within seconds; BIRD's default retry is 120 s — operators of scripted
 * speakers expect the former). */
static void peer_schedule_connect(struct peer *p)
{
	if (p->conf->passive || settings.bgp_passive || p->removed || p->daemon->stopping)
		return;
	double delay = 1.0;
	for (unsigned i = 1; i < p->failures && delay < 30; i++)
		delay *= 2;
	if (delay > 30)
		delay = 30;
	ev_timer_stop(p->daemon->loop, &p->connect_timer);
	ev_timer_set(&p->connect_timer, delay, 0);
	ev_timer_start(p->daemon->loop, &p->connect_timer);
	peer_set_state(p, FSM_ACTIVE);
}

static bool peer_attempts_left(const struct peer *p)
{
	return settings.tcp_connections <= 0 || p->attempts < (unsigned)settings.tcp_connections;
}

/* The timer starts the next attempt when there is no connection, and bounds
 * an attempt in progress (RFC 4271 section 8.2.2, ConnectRetryTimer_Expires
 * in Connect): a SYN that gets no answer at all (a filter, a TCP-MD5 key
 * the peer's kernel rejects) would otherwise hold the session in Connect
 * for as long as the kernel retries, about two minutes. */
static void connect_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct peer *p = w->data;
	if (!p->conn)
		peer_connect(p);
	else if (p->conn->outgoing && p->conn->state == FSM_CONNECT)
		peer_conn_failed(p, p->conn, "connection timed out (lunabgp.connect_timeout)");
}

/* outgoing-ttl sets our TTL; incoming-ttl is GTSM (RFC 5082): packets
 * arriving with a lower TTL are dropped by the kernel (IP_MINTTL). */
static void peer_socket_ttl(struct peer *p, int fd)
{
	const struct neighbor_conf *nc = p->conf;
	bool v4 = nc->peer_addr.ss_family == AF_INET;
	if (nc->outgoing_ttl > 0) {
		int ttl = nc->outgoing_ttl;
		if (v4)
			setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof ttl);
		else
			setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof ttl);
	}
	if (nc->incoming_ttl > 0) {
		int min = nc->incoming_ttl;
		if (v4 && setsockopt(fd, IPPROTO_IP, IP_MINTTL, &min, sizeof min) < 0)
			log_warn("peer %s: cannot set incoming-ttl: %s", peer_name(p), strerror(errno));
#ifdef IPV6_MINHOPCOUNT
		if (!v4)
			setsockopt(fd, IPPROTO_IPV6, IPV6_MINHOPCOUNT, &min, sizeof min);
#endif
	}
}

static void peer_connect(struct peer *p)
{
	const struct neighbor_conf *nc = p->conf;
	if (!peer_attempts_left(p)) {
		daemon_peer_gone(p->daemon, p);
		return;
	}
	if (peer_held_down(p))
		return;   /* max-prefix: its own timer (or a reload) brings it back */
	p->attempts++;
	int fd = socket(nc->peer_addr.ss_family, SOCK_STREAM, 0);
	if (fd < 0 || fd_nonblock(fd) < 0) {
		log_err("peer %s: socket: %s", peer_name(p), strerror(errno));
		if (fd >= 0)
			close(fd);
		p->failures++;
		peer_schedule_connect(p);
		return;
	}
	/* RFC 2385: the key must be on the socket before the SYN leaves.  A
	 * kernel that refuses it gets no unsigned session in its place. */
	if (nc->md5_keylen && tcp_md5_set(fd, &nc->peer_addr, nc->md5_key, nc->md5_keylen) < 0) {
		log_err("peer %s: cannot install the TCP-MD5 key (md5-password): %s; not connecting unsigned",
		        peer_name(p), strerror(errno));
		close(fd);
		p->failures++;
		peer_schedule_connect(p);
		return;
	}
	socklen_t local_len;
	const struct sockaddr_storage *local = neighbor_conf_local(nc, &local_len);
	if (local) {
		int one = 1;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, (const struct sockaddr *)local, local_len) < 0)
			log_warn("peer %s: cannot bind local address: %s", peer_name(p), strerror(errno));
	}
	peer_socket_ttl(p, fd);
	struct sockaddr_storage dst = nc->peer_addr;
	int port = nc->connect_port ? nc->connect_port : settings.tcp_port;
	if (dst.ss_family == AF_INET)
		((struct sockaddr_in *)&dst)->sin_port = htons((uint16_t)port);
	else
		((struct sockaddr_in6 *)&dst)->sin6_port = htons((uint16_t)port);
	log_info("peer %s: connecting to port %d (attempt %u)", peer_name(p), port, p->attempts);
	struct conn *c = conn_new(p, fd, true);
	p->conn = c;
	peer_set_state(p, FSM_CONNECT);
	if (connect(fd, (struct sockaddr *)&dst, nc->peer_addr_len) < 0 && errno != EINPROGRESS) {
		peer_conn_failed(p, c, strerror(errno));
		return;
	}
	ev_io_start(p->daemon->loop, &c->wio);
	if (settings.connect_timeout > 0) {
		ev_timer_stop(p->daemon->loop, &p->connect_timer);
		ev_timer_set(&p->connect_timer, settings.connect_timeout, 0);
		ev_timer_start(p->daemon->loop, &p->connect_timer);
	}
}

/* ----- sending ---------------------------------------------------------- */

static void peer_send_open(struct peer *p, struct conn *c)
{
	size_t mark = c->out.len;
	wire_open_encode(&c->out, &p->local_open);
	events_sent(p, c, c->out.data + mark, c->out.len - mark);
	conn_kick(p->daemon->loop, c);
}

static void peer_send_keepalive(struct peer *p, struct conn *c)
{
	size_t mark = c->out.len;
	wire_keepalive_encode(&c->out);
	events_sent(p, c, c->out.data + mark, c->out.len - mark);
	p->msgs_out++;
	conn_kick(p->daemon->loop, c);
}

static void peer_close(struct peer *p, struct conn *c, const char *reason, bool retry);

/* Send a NOTIFICATION and close once it is written (bounded by a short
 * timer: a peer that does not read does not keep the connection alive). */
static void peer_notify_close(struct peer *p, struct conn *c, uint8_t code, uint8_t subcode,
                              const uint8_t *data, size_t len, const char *reason)
{
	size_t mark = c->out.len;
	wire_notification_encode(&c->out, code, subcode, data, len);
	events_sent(p, c, c->out.data + mark, c->out.len - mark);
	log_notice("peer %s: sending NOTIFICATION %u/%u (%s, %s): %s", peer_name(p), code, subcode,
	           wire_notification_code_name(code), wire_notification_subcode_name(code, subcode), reason);
	conn_write(p->daemon->loop, c);
	peer_close(p, c, reason, true);
}

/* Cease (with an RFC 9003 communication when text is given) on a connection
 * that got as far as sending its OPEN; written at once, reported as sent. */
static void peer_send_cease(struct peer *p, struct conn *c, uint8_t subcode, const char *text)
{
	if (c->state < FSM_OPENSENT)
		return;
	size_t mark = c->out.len;
	if (text)
		wire_notification_encode_text(&c->out, ERR_CEASE, subcode, text);
	else
		wire_notification_encode(&c->out, ERR_CEASE, subcode, NULL, 0);
	events_sent(p, c, c->out.data + mark, c->out.len - mark);
	conn_write(p->daemon->loop, c);
}

void peer_shutdown(struct peer *p, uint8_t subcode, const char *text)
{
	struct conn *cs[2] = { p->conn, p->other };
	for (int i = 0; i < 2; i++) {
		struct conn *c = cs[i];
		if (!c)
			continue;
		peer_send_cease(p, c, subcode, text);
		peer_close(p, c, text ? text : "shutdown", false);
	}
	p->removed = true;
	peer_stop_timers(p);
}

void peer_teardown(struct peer *p, uint8_t subcode, const char *text)
{
	struct conn *c = p->conn;
	if (!c)
		return;
	peer_send_cease(p, c, subcode, text);
	peer_close(p, c, text ? text : "teardown", true);
}

/* ----- closing ---------------------------------------------------------- */

static void peer_close(struct peer *p, struct conn *c, const char *reason, bool retry)
{
	struct ev_loop *loop = p->daemon->loop;
	bool was_established = c->state == FSM_ESTABLISHED;
	if (c == p->conn) {
		p->conn = p->other;
		p->other = NULL;
	} else if (c == p->other) {
		p->other = NULL;
	}
	conn_free(loop, c);
	if (was_established) {
		log_notice("peer %s: session down: %s", peer_name(p), reason);
		rib_out_session_down(p->adj_out);
		if (p->adj_in)
			rib_table_clear(p->adj_in);
		events_state(p, "down", reason);
	} else {
		log_info("peer %s: connection closed: %s", peer_name(p), reason);
	}
	if (p->conn) {
		peer_set_state(p, p->conn->state);
		return;
	}
	ev_timer_stop(loop, &p->hold_timer);
	ev_timer_stop(loop, &p->keepalive_timer);
	ev_timer_stop(loop, &p->send_hold_timer);
	ev_timer_stop(loop, &p->connect_timer);   /* an attempt's timeout; the retry sets its own */
	p->paused_reading = false;
	peer_set_state(p, p->conf->passive ? FSM_ACTIVE : FSM_IDLE);
	if (!retry || p->removed)
		return;
	p->failures++;
	/* tcp.connections counts sessions both ways: a passive neighbor that used
	 * its attempts is done too (ExaBGP's --once with a passive peer). */
	if (!peer_attempts_left(p)) {
		daemon_peer_gone(p->daemon, p);
		return;
	}
	peer_schedule_connect(p);
}

void peer_conn_failed(struct peer *p, struct conn *c, const char *why)
{
	peer_close(p, c, why, true);
}

void peer_conn_error(struct peer *p, struct conn *c, const struct wire_error *e, const uint8_t *msg, size_t len)
{
	struct buf hex = BUF_INIT;
	hex_encode(&hex, msg, len);
	log_warn("peer %s: %s; message %s", peer_name(p), e->why, buf_cstr(&hex));
	buf_free(&hex);
	peer_notify_close(p, c, e->code, e->subcode, e->data, e->data_len, e->why);
}

/* ----- timers ----------------------------------------------------------- */

static void hold_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct peer *p = w->data;
	struct conn *c = p->conn;
	if (!c)
		return;
	if (c->state == FSM_OPENSENT)
		peer_notify_close(p, c, ERR_HOLD, 0, NULL, 0, "no OPEN received in time (bgp.openwait)");
	else
		peer_notify_close(p, c, ERR_HOLD, 0, NULL, 0, "hold timer expired");
}

static void keepalive_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct peer *p = w->data;
	if (p->conn && p->conn->state >= FSM_OPENCONFIRM)
		peer_send_keepalive(p, p->conn);
}

/* RFC 9687: a peer that stops reading our messages (its TCP window stays
 * closed) is dropped after the send hold time instead of holding memory. */
static void send_hold_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct peer *p = w->data;
	struct conn *c = p->conn;
	if (!c || conn_out_pending(c) == 0)
		return;
	log_warn("peer %s: send hold timer expired: %zu bytes not accepted by the peer", peer_name(p),
	         conn_out_pending(c));
	peer_close(p, c, "send hold timer expired (RFC 9687)", true);
}

static void rate_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct peer *p = w->data;
	p->rate_count = 0;
	p->rate_second = ev_now(loop);
	if (p->paused_reading && p->conn) {
		p->paused_reading = false;
		conn_resume_reading(loop, p->conn);
	}
}

void peer_wrote(struct peer *p, struct conn *c)
{
	if (c->state == FSM_ESTABLISHED && ev_is_active(&p->send_hold_timer))
		ev_timer_again(p->daemon->loop, &p->send_hold_timer);
}

/* An API helper's output queue is full and this peer's messages feed it:
 * stop reading the peer (TCP pushes back on it, nothing is lost) until the
 * helper caught up.  The hold timer is suspended meanwhile: the peer is not
 * silent, we are not listening.  Our keepalives still go out on time. */
void peer_api_pause(struct peer *p, bool on)
{
	struct ev_loop *loop = p->daemon->loop;
	if (on) {
		if (p->paused_reading)
			return;
		p->paused_reading = true;
		ev_timer_stop(loop, &p->hold_timer);
		return;
	}
	if (!p->paused_reading)
		return;
	p->paused_reading = false;
	if (p->conn && p->conn->state >= FSM_OPENCONFIRM && p->ctx.hold_time)
		ev_timer_again(loop, &p->hold_timer);
	if (p->conn)
		conn_resume_reading(loop, p->conn);
}

/* ----- establishing ----------------------------------------------------- */

static void peer_conn_opened(struct peer *p, struct conn *c)
{
	conn_addresses(c);
	c->state = FSM_OPENSENT;
	ev_io_start(p->daemon->loop, &c->rio);
	peer_send_open(p, c);
	if (c == p->conn) {
		peer_set_state(p, FSM_OPENSENT);
		p->hold_timer.repeat = settings.bgp_openwait > 0 ? settings.bgp_openwait : 240;
		ev_timer_again(p->daemon->loop, &p->hold_timer);
	}
	events_state(p, "connected", NULL);
}

void peer_connected(struct peer *p, struct conn *c)
{
	int err = 0;
	socklen_t len = sizeof err;
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err) {
		peer_conn_failed(p, c, strerror(err));
		return;
	}
	if (c == p->conn)
		ev_timer_stop(p->daemon->loop, &p->connect_timer);
	log_info("peer %s: TCP connection established", peer_name(p));
	peer_conn_opened(p, c);
}

void peer_accept(struct peer *p, int fd, const struct sockaddr_storage *local, socklen_t local_len)
{
	if (p->removed || p->daemon->stopping) {
		close(fd);
		return;
	}
	if (peer_held_down(p)) {
		log_info("peer %s: connection refused: held down after max-prefix", peer_name(p));
		close(fd);
		return;
	}
	peer_socket_ttl(p, fd);
	struct conn *c = conn_new(p, fd, false);
	if (p->conf->passive || settings.bgp_passive)
		p->attempts++;
	if (!p->conn) {
		p->conn = c;
		ev_timer_stop(p->daemon->loop, &p->connect_timer);
	} else if (!p->other && p->conn->state != FSM_ESTABLISHED) {
		/* Collision candidate: both proceed until an OPEN tells which stays. */
		p->other = c;
	} else {
		/* RFC 4271 section 6.8: a connection colliding with an established
		 * session is closed with Cease / Connection Collision Resolution. */
		log_notice("peer %s: rejecting a second connection (session established)", peer_name(p));
		c->state = FSM_OPENSENT;
		wire_notification_encode(&c->out, ERR_CEASE, ERR_CEASE_COLLISION, NULL, 0);
		conn_write(p->daemon->loop, c);
		conn_free(p->daemon->loop, c);
		return;
	}
	log_info("peer %s: incoming connection accepted", peer_name(p));
	peer_conn_opened(p, c);
}

/* RFC 4271 section 6.8: of two connections between the same speakers, keep
 * the one opened by the speaker with the higher BGP Identifier. Returns the
 * connection to close. */
static struct conn *collision_loser(struct peer *p, struct conn *a, struct conn *b)
{
	uint32_t local_id = p->local_open.bgp_id;
	uint32_t remote_id = a->have_open ? a->remote_open.bgp_id : b->remote_open.bgp_id;
	bool keep_outgoing = local_id > remote_id;
	if (a->outgoing == keep_outgoing)
		return b;
	return a;
}

static bool peer_handle_open(struct peer *p, struct conn *c, const uint8_t *body, size_t len)
{
	struct wire_open o;
	struct wire_error e;
	if (c->state != FSM_OPENSENT) {
		peer_notify_close(p, c, ERR_FSM, 0, NULL, 0, "OPEN received in wrong state");
		return false;
	}
	if (wire_open_decode(body, len, &o, &e) < 0) {
		peer_conn_error(p, c, &e, body - BGP_HEADER_LEN, len + BGP_HEADER_LEN);
		return false;
	}
	uint32_t asn = wire_open_asn(&o);
	if (p->conf->peer_as && asn != p->conf->peer_as) {
		uint8_t data[2];
		put_be16(data, o.my_as);
		char why[96];
		snprintf(why, sizeof why, "peer AS %u, expected %u", asn, p->conf->peer_as);
		peer_notify_close(p, c, ERR_OPEN, ERR_OPEN_PEER_AS, data, 2, why);
		return false;
	}
	/* RFC 6286 section 2.1: identical identifiers are only an error inside one AS. */
	if (asn == p->conf->local_as && o.bgp_id == p->local_open.bgp_id) {
		uint8_t data[4];
		put_be32(data, o.bgp_id);
		peer_notify_close(p, c, ERR_OPEN, ERR_OPEN_BGP_ID, data, 4, "BGP identifier equals ours (iBGP)");
		return false;
	}
	c->remote_open = o;
	c->have_open = true;
	events_open_in(p, c, &o, body - BGP_HEADER_LEN, len + BGP_HEADER_LEN);

	struct conn *other = c == p->conn ? p->other : p->conn;
	if (other) {
		if (other->state == FSM_ESTABLISHED) {
			peer_notify_close(p, c, ERR_CEASE, ERR_CEASE_COLLISION, NULL, 0, "connection collision");
			return false;
		}
		if (other->have_open || other->state >= FSM_OPENSENT) {
			struct conn *loser = collision_loser(p, c, other);
			log_notice("peer %s: connection collision, closing the %s connection", peer_name(p),
			           loser->outgoing ? "outgoing" : "incoming");
			wire_notification_encode(&loser->out, ERR_CEASE, ERR_CEASE_COLLISION, NULL, 0);
			conn_write(p->daemon->loop, loser);
			bool lost_self = loser == c;
			peer_close(p, loser, "connection collision", false);
			if (lost_self)
				return false;
		}
	}
	/* The surviving connection is the peer's main one. */
	if (c != p->conn) {
		p->other = p->conn;
		p->conn = c;
	}
	wire_negotiate(&p->local_open, &o, &p->ctx);
	p->ctx.local_as = p->conf->local_as;
	p->ctx.peer_as = asn;
	p->ctx.ebgp = p->conf->local_as != asn;
	events_negotiated(p);   /* api { negotiated; }: as ExaBGP, once both OPENs are in */
	memset(&p->enc, 0, sizeof p->enc);
	p->enc.asn4 = p->ctx.asn4;
	p->enc.ebgp = p->ctx.ebgp;
	p->enc.local_as = p->conf->local_as;
	p->enc.add_local_pref = !p->ctx.ebgp;
	if (c->local.ss_family == AF_INET) {
		memcpy(p->enc.self_v4, &((struct sockaddr_in *)&c->local)->sin_addr, 4);
		p->enc.have_self_v4 = true;
	} else if (c->local.ss_family == AF_INET6) {
		const struct in6_addr *a6 = &((struct sockaddr_in6 *)&c->local)->sin6_addr;
		memcpy(p->enc.self_v6, a6, 16);
		p->enc.have_self_v6 = true;
		if (IN6_IS_ADDR_V4MAPPED(a6)) {
			memcpy(p->enc.self_v4, a6->s6_addr + 12, 4);
			p->enc.have_self_v4 = true;
		}
	}
	if (p->ctx.link_local_nexthop && p->conf->have_link_local) {
		memcpy(p->enc.link_local, p->conf->link_local, 16);
		p->enc.have_link_local = true;
	}
	if (p->conf->have_local_addr && p->conf->local_addr.ss_family == AF_INET && !p->enc.have_self_v4) {
		memcpy(p->enc.self_v4, &((struct sockaddr_in *)&p->conf->local_addr)->sin_addr, 4);
		p->enc.have_self_v4 = true;
	}
	c->state = FSM_OPENCONFIRM;
	peer_set_state(p, FSM_OPENCONFIRM);
	peer_send_keepalive(p, c);
	struct ev_loop *loop = p->daemon->loop;
	if (p->ctx.hold_time) {
		p->hold_timer.repeat = p->ctx.hold_time;
		ev_timer_again(loop, &p->hold_timer);
		p->keepalive_timer.repeat = p->ctx.hold_time / 3.0;
		ev_timer_again(loop, &p->keepalive_timer);
	} else {
		/* Hold time 0: no keepalives, no hold timer (RFC 4271 section 4.4). */
		ev_timer_stop(loop, &p->hold_timer);
		ev_timer_stop(loop, &p->keepalive_timer);
	}
	return true;
}

static void peer_established(struct peer *p, struct conn *c)
{
	c->state = FSM_ESTABLISHED;
	peer_set_state(p, FSM_ESTABLISHED);
	p->established_at = ev_now(p->daemon->loop);
	p->failures = 0;
	p->eor_due = !p->conf->manual_eor;
	memset(p->eorr_due, 0, sizeof p->eorr_due);
	p->max_prefix_warned = 0;
	log_notice("peer %s: session established (AS %u, hold %u%s)", peer_name(p), p->ctx.peer_as,
	           p->ctx.hold_time, p->ctx.ebgp ? ", eBGP" : ", iBGP");
	/* RFC 9687 send hold time: twice the hold time, at least 8 minutes by
	 * default; with hold 0 it is off. */
	if (p->ctx.hold_time) {
		double t = 2.0 * p->ctx.hold_time;
		p->send_hold_timer.repeat = t < 480 ? 480 : t;
		ev_timer_again(p->daemon->loop, &p->send_hold_timer);
	}
	events_state(p, "up", NULL);
	peer_op_established(p);   /* ASMs and queued OPERATIONAL messages */
	/* Not at once: messages the peer sent right behind its KEEPALIVE (an
	 * error, a NOTIFICATION) are handled before our table goes out (ExaBGP's
	 * unknown-message vector requires the NOTIFICATION before End-of-RIB). */
	ev_timer_stop(p->daemon->loop, &p->flush_timer);
	ev_timer_set(&p->flush_timer, INITIAL_TABLE_DELAY, 0);
	ev_timer_start(p->daemon->loop, &p->flush_timer);
}

/* ----- receiving ------------------------------------------------------- */

static void peer_withdraw_field(struct peer *p, const struct wire_nlri_field *f)
{
	if (!p->adj_in || f->fam == FAM_NONE || !f->len)
		return;
	struct nlri_iter it;
	struct nlri_ref n;
	nlri_iter_init(&it, f->fam, f->addpath, f->data, f->len);
	while (nlri_iter_next(&it, &n))
		rib_table_update(p->adj_in, &n, NULL);
}

static void peer_announce_field(struct peer *p, const struct wire_nlri_field *f, const uint8_t *blob,
                                size_t bloblen, const uint8_t *nh, size_t nhlen)
{
	if (!p->adj_in || f->fam == FAM_NONE || !f->len)
		return;
	buf_reset(&p->scratch2);
	attrs_set(&p->scratch2, blob, bloblen, 0x40, ATTR_NEXT_HOP, nh, (uint16_t)nhlen);
	struct attrset *a = attrset_intern(p->scratch2.data, p->scratch2.len);
	if (p->conf->import) {   /* import policy: Lua, in batches (peer_policy.c) */
		peer_policy_import(p, f, a);
		attrset_unref(a);
		return;
	}
	struct nlri_iter it;
	struct nlri_ref n;
	nlri_iter_init(&it, f->fam, f->addpath, f->data, f->len);
	while (nlri_iter_next(&it, &n))
		rib_table_update(p->adj_in, &n, a);
	attrset_unref(a);
}

/* max-prefix (RFC 4486): after an UPDATE grew family fam's Adj-RIB-In past
 * the limit, Cease/1 with AFI, SAFI and the limit, and no new session for
 * the restart time (or until a reload); with warning-only, one warning per
 * family and session.  Returns false when the session was closed. */
static bool peer_max_prefix_check(struct peer *p, struct conn *c, fam_t fam)
{
	const struct neighbor_conf *nc = p->conf;
	size_t n = rib_table_count_fam(p->adj_in, fam);
	if (n <= nc->max_prefix)
		return true;
	if (nc->max_prefix_warning) {
		if (!(p->max_prefix_warned & (1u << fam)))
			log_warn("peer %s: %s: %zu routes, more than max-prefix %u (warning-only)", peer_name(p),
			         family_name(fam), n, nc->max_prefix);
		p->max_prefix_warned |= 1u << fam;
		return true;
	}
	const struct family_ops *ops = family_ops(fam);
	uint8_t data[7];
	put_be16(data, ops ? ops->afi : 0);
	data[2] = ops ? ops->safi : 0;
	put_be32(data + 3, nc->max_prefix);
	char why[160];
	snprintf(why, sizeof why, "%s: %zu routes, more than max-prefix %u", family_name(fam), n, nc->max_prefix);
	peer_notify_close(p, c, ERR_CEASE, ERR_CEASE_MAX_PREFIX, data, sizeof data, why);
	/* peer_close scheduled a retry with back-off: the hold-down replaces it */
	struct ev_loop *loop = p->daemon->loop;
	ev_timer_stop(loop, &p->connect_timer);
	if (nc->max_prefix_restart > 0) {
		p->max_prefix_until = ev_now(loop) + nc->max_prefix_restart;
		if (!nc->passive && !settings.bgp_passive) {
			ev_timer_set(&p->connect_timer, nc->max_prefix_restart, 0);
			ev_timer_start(loop, &p->connect_timer);
		}
		log_notice("peer %s: no session for %d s (max-prefix restart)", peer_name(p), nc->max_prefix_restart);
	} else {
		p->max_prefix_until = -1;
		peer_set_state(p, FSM_IDLE);   /* so that a reload starts it again */
		log_notice("peer %s: no session until the configuration is reloaded (max-prefix)", peer_name(p));
	}
	return false;
}

/* A neighbor held down by max-prefix takes no connection. */
static bool peer_held_down(struct peer *p)
{
	if (p->max_prefix_until == 0)
		return false;
	if (p->max_prefix_until > 0 && ev_now(p->daemon->loop) >= p->max_prefix_until) {
		p->max_prefix_until = 0;
		return false;
	}
	return true;
}

static bool peer_handle_update(struct peer *p, struct conn *c, const uint8_t *msg, size_t len)
{
	struct wire_update u;
	const uint8_t *body = msg + BGP_HEADER_LEN;
	size_t blen = len - BGP_HEADER_LEN;
	wire_update_decode(body, blen, &p->ctx, &u, &p->scratch);
	p->updates_in++;
	if (u.err.action != WIRE_OK) {
		struct buf hex = BUF_INIT;
		hex_encode(&hex, msg, len);
		/* WIRE_ATTR_DISCARD also covers a malformed typed route kept raw:
		 * what was dropped is in `why`; the routes stand either way. */
		static const char *names[] = { "ok", "routes stand", "treat-as-withdraw",
		                               "address family disabled", "session reset" };
		log_warn("peer %s: UPDATE error: %s; action: %s; update %s", peer_name(p), u.err.why,
		         names[u.err.action], buf_cstr(&hex));
		buf_free(&hex);
	}
	if (u.err.action == WIRE_SESSION_RESET) {
		peer_notify_close(p, c, u.err.code, u.err.subcode, u.err.data, u.err.data_len, u.err.why);
		return false;
	}
	events_update_in(p, c, &u, p->scratch.data, p->scratch.len, msg, len);
	peer_withdraw_field(p, &u.withdrawn);
	if (u.has_mp_unreach)
		peer_withdraw_field(p, &u.mp_unreach);
	if (u.err.action >= WIRE_TREAT_AS_WITHDRAW) {
		/* RFC 7606 section 2: the routes of this UPDATE are withdrawn. */
		peer_withdraw_field(p, &u.nlri);
		if (u.has_mp_reach)
			peer_withdraw_field(p, &u.mp_reach);
		return true;
	}
	if (u.nlri.len)
		peer_announce_field(p, &u.nlri, p->scratch.data, p->scratch.len, u.nh, u.nh_len);
	if (u.has_mp_reach)
		peer_announce_field(p, &u.mp_reach, p->scratch.data, p->scratch.len, u.mp_nh, u.mp_nh_len);
	if (p->conf->max_prefix && p->adj_in) {
		if (u.nlri.len && !peer_max_prefix_check(p, c, FAM_IPV4_UNICAST))
			return false;
		if (u.has_mp_reach && !peer_max_prefix_check(p, c, u.mp_reach.fam))
			return false;
	}
	return true;
}

static bool peer_handle_notification(struct peer *p, struct conn *c, const uint8_t *msg, size_t len)
{
	struct wire_notification n;
	wire_notification_decode(msg + BGP_HEADER_LEN, len - BGP_HEADER_LEN, &n);
	char reason[400];
	snprintf(reason, sizeof reason, "NOTIFICATION %u/%u received (%s, %s)%s%s", n.code, n.subcode,
	         wire_notification_code_name(n.code), wire_notification_subcode_name(n.code, n.subcode),
	         n.has_text ? ": " : "", n.has_text ? n.text : "");
	log_notice("peer %s: %s", peer_name(p), reason);
	events_notification_in(p, c, &n, msg, len);
	peer_close(p, c, reason, true);
	return false;
}

static bool peer_handle_refresh(struct peer *p, struct conn *c, const uint8_t *msg, size_t len)
{
	struct wire_route_refresh rr;
	struct wire_error e;
	if (wire_route_refresh_decode(msg + BGP_HEADER_LEN, len - BGP_HEADER_LEN, &rr, &e) < 0) {
		peer_conn_error(p, c, &e, msg, len);
		return false;
	}
	events_refresh_in(p, c, &rr, msg, len);
	if (rr.subtype == RR_NORMAL) {
		fam_t fam = family_lookup(rr.afi, rr.safi);
		if (fam == FAM_NONE || !p->ctx.fam[fam]) {
			log_info("peer %s: ROUTE-REFRESH for a family not negotiated (afi %u safi %u), ignored",
			         peer_name(p), rr.afi, rr.safi);
			return true;
		}
		/* RFC 7313 section 4: with enhanced route refresh, the re-advertisement
		 * is framed by BoRR ... EoRR so the peer can purge what was not resent. */
		if (p->ctx.enhanced_route_refresh) {
			wire_route_refresh_encode(&c->out, rr.afi, rr.safi, RR_BORR);
			p->eorr_due[fam] = true;
		}
		rib_out_refresh(p->adj_out, fam);
		peer_flush(p);
	}
	return true;
}

/* Count messages for ExaBGP's per-neighbor rate-limit (messages per second
 * read from the peer); past the limit, stop reading until the next second. */
static void peer_rate_account(struct peer *p)
{
	int limit = p->conf->rate_limit;
	if (limit <= 0)
		return;
	struct ev_loop *loop = p->daemon->loop;
	ev_tstamp now = ev_now(loop);
	if (now - p->rate_second >= 1.0) {
		p->rate_second = now;
		p->rate_count = 0;
	}
	if (++p->rate_count >= (unsigned)limit && !p->paused_reading) {
		p->paused_reading = true;
		ev_timer_set(&p->rate_timer, p->rate_second + 1.0 - now, 0);
		ev_timer_start(loop, &p->rate_timer);
	}
}

bool peer_message(struct peer *p, struct conn *c, uint8_t type, const uint8_t *msg, size_t len)
{
	struct ev_loop *loop = p->daemon->loop;
	p->msgs_in++;
	/* RFC 4271 section 6.5: any message restarts the hold timer; do it on
	 * receipt, before the (possibly long) processing. */
	if (c == p->conn && c->state >= FSM_OPENCONFIRM && p->ctx.hold_time)
		ev_timer_again(loop, &p->hold_timer);
	/* OPERATIONAL is a message type only between speakers that both
	 * offered its capability; otherwise it is an unknown type as before. */
	if (type == BGP_OPERATIONAL && !(c->have_open && p->ctx.operational && p->conf->cap_operational)) {
		struct wire_error e;
		wire_error_bad_type(&e, type);
		peer_conn_error(p, c, &e, msg, len);
		return false;
	}
	switch (type) {
	case BGP_OPEN:
		return peer_handle_open(p, c, msg + BGP_HEADER_LEN, len - BGP_HEADER_LEN);
	case BGP_NOTIFICATION:
		return peer_handle_notification(p, c, msg, len);
	case BGP_KEEPALIVE:
		if (c->state == FSM_OPENCONFIRM) {
			peer_established(p, c);
			return p->conn == c;
		}
		if (c->state != FSM_ESTABLISHED) {
			peer_notify_close(p, c, ERR_FSM, 0, NULL, 0, "KEEPALIVE received before OPEN");
			return false;
		}
		events_keepalive_in(p, c, msg, len);
		return true;
	default:
		break;
	}
	if (c->state != FSM_ESTABLISHED) {
		char why[64];
		snprintf(why, sizeof why, "message type %u received in state %s", type, fsm_state_name(c->state));
		peer_notify_close(p, c, ERR_FSM, 0, NULL, 0, why);
		return false;
	}
	peer_rate_account(p);
	switch (type) {
	case BGP_UPDATE:
		return peer_handle_update(p, c, msg, len);
	case BGP_ROUTE_REFRESH:
		return peer_handle_refresh(p, c, msg, len);
	case BGP_OPERATIONAL:
		return peer_op_receive(p, c, msg, len);
	default:
		return true;
	}
}

/* ----- sending routes --------------------------------------------------- */

/* Routes the Adj-RIB-Out could not encode for this session (too large for
 * its message size): never silently. */
static void peer_report_unsent(struct peer *p)
{
	struct rib_out_unsent u;
	if (!rib_out_unsent_take(p->adj_out, &u))
		return;
	if (u.attrs)
		log_warn("peer %s: %zu %s route(s) not sent: their attributes do not fit an UPDATE of %zu bytes",
		         peer_name(p), u.count, family_name(u.fam), u.limit);
	else
		log_warn("peer %s: %zu %s route(s) not sent: an NLRI of %zu bytes does not fit an UPDATE of %zu "
		         "bytes%s", peer_name(p), u.count, family_name(u.fam), u.nlri_len, u.limit,
		         u.limit < BGP_MAX_EXT_MSG ? " (no extended message, RFC 8654)" : "");
}

void peer_flush(struct peer *p)
{
	struct conn *c = p->conn;
	if (!c || c->state != FSM_ESTABLISHED)
		return;
	size_t high = out_high();
	size_t mark = c->out.len;
	/* rib_out_flush stops once the buffer holds `budget` bytes; bytes already
	 * written (before out_off) do not count against the bound. */
	bool more;
	if (conn_out_pending(c) < high)
		more = rib_out_flush(p->adj_out, &c->out, c->out_off + high, &p->ctx, &p->enc,
		                     p->conf->group_updates);
	else
		more = rib_out_pending(p->adj_out);
	peer_report_unsent(p);
	/* more is false once every negotiated family is out; routes of families
	 * the peer did not negotiate stay queued and must not hold back EoR. */
	p->paused = more;
	if (!more && p->eor_due) {
		p->eor_due = false;
		for (int f = 0; f < FAM_MAX; f++)
			if (p->ctx.fam[f])
				wire_update_eor_encode(&c->out, (fam_t)f);
	}
	for (int f = 0; f < FAM_MAX && !more; f++)
		if (p->eorr_due[f]) {
			const struct family_ops *ops = family_ops((fam_t)f);
			p->eorr_due[f] = false;
			if (ops)
				wire_route_refresh_encode(&c->out, ops->afi, ops->safi, RR_EORR);
		}
	if (c->out.len > mark)
		events_sent(p, c, c->out.data + mark, c->out.len - mark);
	if (conn_out_pending(c))
		conn_kick(p->daemon->loop, c);
}

static void flush_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	peer_flush(w->data);
}

void peer_flush_soon(struct peer *p)
{
	if (!ev_is_active(&p->flush_timer)) {
		ev_timer_set(&p->flush_timer, 0, 0);
		ev_timer_start(p->daemon->loop, &p->flush_timer);
	}
}

void peer_output_drained(struct peer *p, struct conn *c)
{
	if (c != p->conn || c->state != FSM_ESTABLISHED)
		return;
	if ((p->paused || p->eor_due) && conn_out_pending(c) < out_high() / 4)
		peer_flush(p);
	if (!conn_out_pending(c))
		api_exec_sync_poll();   /* enable-sync answers wait for this */
}
