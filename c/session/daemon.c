/* The reactor: listeners, peers, signals.  Nothing here polls: the loop
 * sleeps until a socket is ready, a timer fires or a signal arrives. */
#include "session/daemon.h"
#include "session/events.h"
#include "session/peer_policy.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/log.h"
#include "base/tcp_md5.h"
#include "daemon/privileges.h"
#include "daemon/settings.h"
#include "embed/policy.h"
#include "session/conn.h"
#include "session/process.h"

/* ----- listeners -------------------------------------------------------- */

static bool same_addr(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr == ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	const struct in6_addr *x = &((const struct sockaddr_in6 *)a)->sin6_addr;
	const struct in6_addr *y = &((const struct sockaddr_in6 *)b)->sin6_addr;
	return memcmp(x, y, 16) == 0;
}

/* Compare an accepted peer address (maybe IPv4-mapped) with a configured one. */
static bool peer_addr_matches(const struct sockaddr_storage *remote, const struct sockaddr_storage *conf)
{
	if (remote->ss_family == AF_INET6 && conf->ss_family == AF_INET) {
		const struct in6_addr *r = &((const struct sockaddr_in6 *)remote)->sin6_addr;
		if (IN6_IS_ADDR_V4MAPPED(r))
			return memcmp(r->s6_addr + 12, &((const struct sockaddr_in *)conf)->sin_addr, 4) == 0;
		return false;
	}
	return same_addr(remote, conf);
}

/* ----- TCP-MD5 keys on listeners (RFC 2385) -------------------------------- */

static bool listener_key_installed(const struct listener *l, const struct neighbor_conf *nc)
{
	for (int i = 0; i < l->nkeys; i++) {
		const struct listener_key *k = &l->keys[i];
		if (same_addr(&k->addr, &nc->peer_addr))
			return k->ok && k->keylen == nc->md5_keylen && !memcmp(k->key, nc->md5_key, k->keylen);
	}
	return false;
}

/* The neighbor whose key a listener should hold for an address: the first
 * live one with a password, as the accept path takes the first match. */
static const struct neighbor_conf *keyed_neighbor(const struct daemon *d, const struct sockaddr_storage *addr)
{
	for (int i = 0; i < d->npeers; i++) {
		const struct peer *p = d->peers[i];
		if (p && !p->removed && same_addr(&p->conf->peer_addr, addr))
			return p->conf->md5_keylen ? p->conf : NULL;
	}
	return NULL;
}

/* Bring every listener's keys in line with the peers: each live neighbor
 * with md5-password has its key on the listeners of its address family (so
 * that its SYNs must be signed), and the key of a neighbor removed, or
 * whose password was removed, is deleted (key length 0).  Called whenever
 * the set of peers changes: start, reload, API create/delete neighbor. */
static void listener_keys_sync(struct daemon *d)
{
	for (struct listener *l = d->listeners; l; l = l->next) {
		/* delete keys no neighbor wants any more */
		for (int i = 0; i < l->nkeys;) {
			struct listener_key *k = &l->keys[i];
			if (keyed_neighbor(d, &k->addr)) {
				i++;
				continue;
			}
			char a[64];
			sockaddr_text(&k->addr, a, sizeof a);
			if (k->ok && tcp_md5_set(l->fd, &k->addr, NULL, 0) < 0 && errno != ENOENT)
				log_warn("listener %s: cannot delete the TCP-MD5 key of %s: %s", l->text, a, strerror(errno));
			else if (k->ok)
				log_info("listener %s: TCP-MD5 key of %s deleted", l->text, a);
			l->keys[i] = l->keys[--l->nkeys];
		}
		/* install new and changed ones */
		for (int j = 0; j < d->npeers; j++) {
			const struct peer *p = d->peers[j];
			if (!p || p->removed || !p->conf->md5_keylen || p->conf->peer_addr.ss_family != l->family)
				continue;
			const struct neighbor_conf *nc = keyed_neighbor(d, &p->conf->peer_addr);
			if (nc != p->conf || listener_key_installed(l, nc))
				continue;
			struct listener_key *k = NULL;
			for (int i = 0; i < l->nkeys && !k; i++)
				if (same_addr(&l->keys[i].addr, &nc->peer_addr))
					k = &l->keys[i];
			if (!k) {
				l->keys = xrealloc(l->keys, (size_t)(l->nkeys + 1) * sizeof *l->keys);
				k = &l->keys[l->nkeys++];
				memset(k, 0, sizeof *k);
				k->addr = nc->peer_addr;
			}
			memcpy(k->key, nc->md5_key, nc->md5_keylen);
			k->keylen = nc->md5_keylen;
			k->ok = tcp_md5_set(l->fd, &k->addr, k->key, k->keylen) == 0;
			if (k->ok)
				log_info("listener %s: TCP-MD5 key of neighbor %s installed", l->text, nc->name);
			else
				log_err("neighbor %s: cannot install the TCP-MD5 key (md5-password) on listener %s: %s;"
				        " its connections there are refused", nc->name, l->text, strerror(errno));
		}
	}
}

static void listener_accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct listener *l = w->data;
	struct daemon *d = l->daemon;
	for (int i = 0; i < 16; i++) {
		struct sockaddr_storage remote;
		socklen_t len = sizeof remote;
		int fd = accept(l->fd, (struct sockaddr *)&remote, &len);
		if (fd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				log_warn("listener %s: accept: %s", l->text, strerror(errno));
			return;
		}
		fd_nonblock(fd);
		struct peer *match = NULL;
		for (int j = 0; j < d->npeers; j++) {
			struct peer *p = d->peers[j];
			if (p && !p->removed && peer_addr_matches(&remote, &p->conf->peer_addr)) {
				match = p;
				break;
			}
		}
		char text[64];
		sockaddr_text(&remote, text, sizeof text);
		if (!match) {
			/* RFC 4271 section 8: connections from unconfigured peers are refused. */
			log_notice("listener %s: refusing connection from unconfigured %s", l->text, text);
			close(fd);
			continue;
		}
		if (match->conf->md5_keylen && !listener_key_installed(l, match->conf)) {
			/* the kernel did not take the key: this connection was not
			 * checked, and a neighbor with a password gets none unsigned */
			log_err("listener %s: refusing connection from %s: its TCP-MD5 key is not installed here",
			        l->text, text);
			close(fd);
			continue;
		}
		struct sockaddr_storage local;
		socklen_t llen = sizeof local;
		getsockname(fd, (struct sockaddr *)&local, &llen);
		peer_accept(match, fd, &local, llen);
	}
}

static int listener_add(struct daemon *d, const char *addr, int port)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	socklen_t len;
	if (inet_pton(AF_INET, addr, &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
		ss.ss_family = AF_INET;
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)port);
		len = sizeof(struct sockaddr_in);
	} else if (inet_pton(AF_INET6, addr, &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
		ss.ss_family = AF_INET6;
		((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)port);
		len = sizeof(struct sockaddr_in6);
	} else {
		log_err("cannot listen on '%s': not an IP address", addr);
		return -1;
	}
	for (struct listener *l = d->listeners; l; l = l->next) {
		char want[80];
		snprintf(want, sizeof want, "%s:%d", addr, port);
		if (!strcmp(l->text, want))
			return 0;
	}
	int fd = socket(ss.ss_family, SOCK_STREAM, 0);
	if (fd < 0) {
		log_err("listen %s: %s", addr, strerror(errno));
		return -1;
	}
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, 64) < 0 || fd_nonblock(fd) < 0) {
		log_err("cannot listen on %s port %d: %s", addr, port, strerror(errno));
		close(fd);
		return -1;
	}
	struct listener *l = xcalloc(1, sizeof *l);
	l->fd = fd;
	l->family = ss.ss_family;
	l->daemon = d;
	snprintf(l->text, sizeof l->text, "%s:%d", addr, port);
	ev_io_init(&l->io, listener_accept_cb, fd, EV_READ);
	l->io.data = l;
	ev_io_start(d->loop, &l->io);
	l->next = d->listeners;
	d->listeners = l;
	log_notice("listening on %s port %d", addr, port);
	return 0;
}

/* tcp.bind addresses on tcp.port; a neighbor's `listen PORT` on its local
 * address; and passive neighbors that nothing else covers on their local
 * address (or any address) at tcp.port. */
static int daemon_listen(struct daemon *d)
{
	int rc = 0;
	char bind[sizeof settings.tcp_bind];
	snprintf(bind, sizeof bind, "%s", settings.tcp_bind);
	bool global = false;
	for (char *save = NULL, *tok = strtok_r(bind, " ,", &save); tok; tok = strtok_r(NULL, " ,", &save)) {
		if (listener_add(d, tok, settings.tcp_port) < 0)
			rc = -1;
		global = true;
	}
	for (int i = 0; i < d->npeers; i++) {
		struct neighbor_conf *nc = d->peers[i]->conf;
		bool passive = nc->passive || settings.bgp_passive;
		if (!nc->listen_port && (!passive || global))
			continue;
		char addr[64];
		socklen_t local_len;
		const struct sockaddr_storage *local = neighbor_conf_local(nc, &local_len);
		if (local)
			sockaddr_text(local, addr, sizeof addr);
		else
			snprintf(addr, sizeof addr, "%s", nc->peer_addr.ss_family == AF_INET6 ? "::" : "0.0.0.0");
		if (listener_add(d, addr, nc->listen_port ? nc->listen_port : settings.tcp_port) < 0)
			rc = -1;
	}
	listener_keys_sync(d);
	return rc;
}

static void daemon_close_listeners(struct daemon *d)
{
	while (d->listeners) {
		struct listener *l = d->listeners;
		d->listeners = l->next;
		ev_io_stop(d->loop, &l->io);
		close(l->fd);
		free(l->keys);
		free(l);
	}
}

/* ----- peers ------------------------------------------------------------ */

static void reaper_cb(struct ev_loop *loop, ev_idle *w, int revents)
{
	struct daemon *d = w->data;
	ev_idle_stop(loop, w);
	int alive = 0;
	for (int i = 0; i < d->npeers; i++) {
		struct peer *p = d->peers[i];
		if (p && p->removed && !p->conn) {
			peer_free(p);
			d->peers[i] = NULL;
		} else if (p) {
			alive++;
		}
	}
	if (!alive && settings.tcp_connections > 0 && !d->stopping) {
		log_notice("no neighbor left to connect to, exiting");
		daemon_stop(d, 0);
	}
}

void daemon_peer_gone(struct daemon *d, struct peer *p)
{
	if (!p->removed)
		log_notice("peer %s: no connection attempt left (tcp.connections %d)", peer_name(p),
		           settings.tcp_connections);
	p->removed = true;
	listener_keys_sync(d);
	ev_idle_start(d->loop, &d->reaper);
}

struct peer *daemon_peer_add(struct daemon *d, struct neighbor_conf *nc)
{
	struct conf *c = d->conf;
	c->neighbors = xrealloc(c->neighbors, (size_t)(c->nneighbors + 2) * sizeof *c->neighbors);
	c->neighbors[c->nneighbors++] = nc;
	c->neighbors[c->nneighbors] = NULL;
	d->peers = xrealloc(d->peers, (size_t)(d->npeers + 2) * sizeof *d->peers);
	struct peer *p = peer_new(d, nc);
	d->peers[d->npeers++] = p;
	d->peers[d->npeers] = NULL;
	daemon_listen(d);
	peer_start(p);
	log_notice("peer %s: added", nc->name);
	return p;
}

void daemon_peer_remove(struct daemon *d, struct peer *p)
{
	peer_shutdown(p, ERR_CEASE_PEER_DECONFIGURED, NULL);
	ev_timer_stop(d->loop, &p->connect_timer);
	p->removed = true;
	listener_keys_sync(d);   /* its TCP-MD5 key goes with it */
	ev_idle_start(d->loop, &d->reaper);
	log_notice("peer %s: removed", peer_name(p));
}

/* ----- signals, stop ---------------------------------------------------- */

static void stop_timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	ev_break(loop, EVBREAK_ALL);
}

static ev_timer stop_timer;

void daemon_stop(struct daemon *d, int code)
{
	if (d->stopping)
		return;
	d->stopping = true;
	d->exit_code = code;
	for (int i = 0; i < d->npeers; i++)
		if (d->peers[i])
			peer_shutdown(d->peers[i], ERR_CEASE_ADMIN_SHUTDOWN, NULL);
	daemon_close_listeners(d);
	processes_stop(d);
	ev_signal_stop(d->loop, &d->sig_usr1);
	ev_signal_stop(d->loop, &d->sig_usr2);
	/* Everything closed: leave the loop on the next iteration. */
	ev_timer_init(&stop_timer, stop_timeout_cb, 0, 0);
	ev_timer_start(d->loop, &stop_timer);
}

static void signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct daemon *d = w->data;
	/* api { signal; }: the helpers hear of it before the daemon acts on it */
	static const struct { int n; const char *name; } names[] = {
		{ SIGTERM, "SIGTERM" }, { SIGINT, "SIGINT" }, { SIGHUP, "SIGHUP" },
		{ SIGUSR1, "SIGUSR1" }, { SIGUSR2, "SIGUSR2" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].n == w->signum)
			events_signal(d, w->signum, names[i].name);
	switch (w->signum) {
	case SIGUSR1:
	case SIGUSR2:
		log_notice("signal %d: reloading the configuration", w->signum);
		daemon_reload(d);
		if (w->signum == SIGUSR2)
			processes_reload(d, true);   /* ExaBGP: SIGUSR2 also restarts the helpers */
		break;
	default:
		log_notice("signal %d: shutting down", w->signum);
		daemon_stop(d, 0);
		break;
	}
}

/* ----- reload ------------------------------------------------------------ */

static bool sockaddr_equal(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	return same_addr(a, b);
}

/* Session parameters whose change needs a new session (OPEN content or
 * transport); static routes and descriptive fields do not. */
static bool neighbor_session_equal(const struct neighbor_conf *a, const struct neighbor_conf *b)
{
	if (!sockaddr_equal(&a->peer_addr, &b->peer_addr) || a->have_local_addr != b->have_local_addr)
		return false;
	if (a->have_local_addr && !sockaddr_equal(&a->local_addr, &b->local_addr))
		return false;
	/* a new TCP-MD5 key or md5-ip: the running connection carries the old
	 * one, so the session restarts with the new (ExaBGP does the same) */
	if (a->md5_keylen != b->md5_keylen || memcmp(a->md5_key, b->md5_key, a->md5_keylen) ||
	    a->have_md5_ip != b->have_md5_ip || (a->have_md5_ip && !sockaddr_equal(&a->md5_ip, &b->md5_ip)))
		return false;
	return a->router_id == b->router_id && a->local_as == b->local_as && a->peer_as == b->peer_as &&
	       a->hold_time == b->hold_time && a->passive == b->passive && a->listen_port == b->listen_port &&
	       a->connect_port == b->connect_port && !memcmp(a->families, b->families, sizeof a->families) &&
	       a->cap_asn4 == b->cap_asn4 && a->cap_route_refresh == b->cap_route_refresh &&
	       a->cap_graceful_restart == b->cap_graceful_restart &&
	       !memcmp(a->cap_add_path, b->cap_add_path, sizeof a->cap_add_path) &&
	       a->cap_extended_message == b->cap_extended_message && a->cap_operational == b->cap_operational;
}

struct route_diff {
	struct rib_out *target;
	struct rib_table *keep;
};

static void diff_add_cb(const struct rib_route *r, void *arg)
{
	struct route_diff *rd = arg;
	struct nlri_ref n = rib_route_nlri(r);
	rib_table_update(rd->keep, &n, r->attrs);
	rib_out_announce(rd->target, &n, r->attrs);
}

struct withdraw_list {
	struct nlri_ref *v;         /* .data: offset into bytes until the walk ends */
	struct buf bytes;           /* the NLRI, back to back (FlowSpec: up to 4097 each) */
	size_t n, cap;
	struct rib_table *keep;
};

static void diff_collect_cb(const struct rib_route *r, void *arg)
{
	struct withdraw_list *wl = arg;
	struct nlri_ref n = rib_route_nlri(r);
	if (rib_table_find(wl->keep, &n))
		return;
	if (wl->n == wl->cap) {
		wl->cap = wl->cap ? wl->cap * 2 : 64;
		wl->v = xrealloc(wl->v, wl->cap * sizeof *wl->v);
	}
	n.data = (const uint8_t *)(uintptr_t)wl->bytes.len;
	buf_put(&wl->bytes, r->nlri, r->len);
	wl->v[wl->n] = n;
	wl->n++;
}

/* Move a peer to its new static routes without touching the session:
 * routes only in the old set are withdrawn, new or changed ones announced,
 * unchanged ones cost nothing (rib_out cancels no-op changes). */
static void peer_apply_routes(struct peer *p, struct rib_out *fresh)
{
	struct route_diff rd = { p->adj_out, rib_table_new() };
	rib_out_walk(fresh, diff_add_cb, &rd);
	struct withdraw_list wl = { NULL, BUF_INIT, 0, 0, rd.keep };
	rib_out_walk(p->adj_out, diff_collect_cb, &wl);
	for (size_t i = 0; i < wl.n; i++) {
		wl.v[i].data = wl.bytes.data + (uintptr_t)wl.v[i].data;
		rib_out_withdraw(p->adj_out, &wl.v[i]);
	}
	free(wl.v);
	buf_free(&wl.bytes);
	rib_table_free(rd.keep);
	rib_out_free(fresh);
}

void daemon_reload(struct daemon *d)
{
	char **files = d->files;
	int nfiles = d->nfiles;
	char *one[1];
	if (settings.debug_rotate && d->nfiles > 1) {
		d->rotate = (d->rotate + 1) % d->nfiles;
		one[0] = d->files[d->rotate];
		files = one;
		nfiles = 1;
	}
	struct conf *fresh = d->load(files, nfiles, d->load_arg);
	if (!fresh) {
		log_err("reload failed: keeping the running configuration");
		return;
	}
	struct peer **peers = xcalloc((size_t)fresh->nneighbors + 1, sizeof *peers);
	int npeers = 0;
	/* Match new neighbors with running peers by address. */
	for (int i = 0; i < fresh->nneighbors; i++) {
		struct neighbor_conf *nc = fresh->neighbors[i];
		struct peer *keep = NULL;
		for (int j = 0; j < d->npeers; j++) {
			struct peer *p = d->peers[j];
			if (p && !p->removed && neighbor_session_equal(p->conf, nc)) {
				keep = p;
				d->peers[j] = NULL;
				break;
			}
		}
		if (keep) {
			struct rib_out *routes = nc->routes ? nc->routes : rib_out_new();
			nc->routes = NULL;
			/* The old chain belongs to the old conf, alive until the end. */
			bool import_changed = !policy_chain_same(keep->conf->import, nc->import);
			keep->conf = nc;
			keep->max_prefix_until = 0;   /* a reload lifts a max-prefix hold-down */
			peer_policy_export_rib(keep, routes);   /* the new export policy, if any */
			peer_apply_routes(keep, routes);
			peer_flush(keep);
			if (import_changed)
				peer_request_refresh(keep, "import policy changed");
			peers[npeers++] = keep;
			log_info("reload: peer %s kept", nc->name);
		} else {
			struct peer *p = peer_new(d, nc);
			peers[npeers++] = p;
			log_notice("reload: peer %s added or changed", nc->name);
		}
	}
	/* Peers not in the new configuration: Cease / Peer De-configured. */
	for (int j = 0; j < d->npeers; j++) {
		struct peer *p = d->peers[j];
		if (!p)
			continue;
		peer_shutdown(p, ERR_CEASE_PEER_DECONFIGURED, NULL);
		peer_free(p);
	}
	free(d->peers);
	/* The old conf's neighbor structs belonged to the peers we kept or freed:
	 * swap them with the new ones. */
	struct conf *old = d->conf;
	for (int i = 0; i < old->nneighbors; i++) {
		bool used = false;
		for (int j = 0; j < npeers; j++)
			if (peers[j]->conf == old->neighbors[i])
				used = true;
		if (!used) {
			neighbor_conf_free(old->neighbors[i]);
			old->neighbors[i] = NULL;
		}
	}
	old->nneighbors = 0;
	conf_free(old);
	d->conf = fresh;
	d->peers = peers;
	d->npeers = npeers;
	processes_reload(d, false);
	daemon_listen(d);
	for (int i = 0; i < npeers; i++)
		if (peers[i]->state == FSM_IDLE && !peers[i]->conn && !ev_is_active(&peers[i]->connect_timer))
			peer_start(peers[i]);
}

/* ----- run --------------------------------------------------------------- */

int daemon_run(struct daemon *d, struct conf *conf)
{
	d->loop = ev_default_loop(EVFLAG_AUTO);
	d->conf = conf;
	d->npeers = conf->nneighbors;
	d->peers = xcalloc((size_t)d->npeers + 1, sizeof *d->peers);
	for (int i = 0; i < conf->nneighbors; i++)
		d->peers[i] = peer_new(d, conf->neighbors[i]);
	ev_idle_init(&d->reaper, reaper_cb);
	d->reaper.data = d;
	signal(SIGPIPE, SIG_IGN);
	ev_signal_init(&d->sig_term, signal_cb, SIGTERM);
	ev_signal_init(&d->sig_int, signal_cb, SIGINT);
	ev_signal_init(&d->sig_hup, signal_cb, SIGHUP);   /* ExaBGP: SIGHUP shuts down */
	ev_signal_init(&d->sig_usr1, signal_cb, SIGUSR1);
	ev_signal_init(&d->sig_usr2, signal_cb, SIGUSR2);
	ev_signal *sigs[] = { &d->sig_term, &d->sig_int, &d->sig_hup, &d->sig_usr1, &d->sig_usr2 };
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		sigs[i]->data = d;
		ev_signal_start(d->loop, sigs[i]);
	}
	if (daemon_listen(d) < 0 && !d->npeers) {
		log_err("nothing to do: no neighbor and no listener");
		d->exit_code = 1;
		goto out;
	}
	/* Listeners are bound: root is no longer needed (ExaBGP's order; with
	 * exabgp.daemon.drop false the helpers still start as root). */
	if (!settings.daemon_drop)
		processes_start(d);
	char why[160];
	bool was_root = geteuid() == 0;
	if (privileges_drop(settings.daemon_user, why, sizeof why) < 0) {
		log_err("cannot drop privileges (exabgp.daemon.user): %s", why);
		d->exit_code = 1;
		goto out;
	}
	if (was_root && geteuid() != 0)
		log_notice("running as user %s (exabgp.daemon.user)", settings.daemon_user);
	if (settings.daemon_drop)
		processes_start(d);
	for (int i = 0; i < d->npeers; i++)
		peer_start(d->peers[i]);
	if (!d->npeers)
		log_notice("no neighbor configured");
	ev_run(d->loop, 0);
out:
	processes_free(d);
	for (int i = 0; i < d->npeers; i++)
		peer_free(d->peers[i]);
	free(d->peers);
	daemon_close_listeners(d);
	return d->exit_code;
}
