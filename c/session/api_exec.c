/* The verbs of the process API (see api_exec.h).  Everything a command does
 * to the daemon happens here, in C, on the selected peers; the Lua grammar
 * only parses and calls these through the FFI.  Routes go into each peer's
 * Adj-RIB-Out and are sent on the next loop iteration (peer_flush_soon), so
 * a burst of commands read together leaves as few UPDATEs as the RIB can
 * pack, and `clear adj-rib out` right behind an announcement drops it before
 * it is ever sent (ExaBGP's api-rib). */
#include "session/api_exec.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "embed/policy.h"
#include "rib/attrset.h"
#include "rib/ribout.h"
#include "session/api.h"
#include "session/api_flow.h"
#include "session/conn.h"
#include "session/daemon.h"
#include "session/peer_operational.h"
#include "session/peer_policy.h"
#include "wire/attrs.h"
#include "wire/family.h"
#include "wire/nlri.h"
#include "wire/notify.h"
#include "wire/operational.h"

/* c/session/process.c; the ack mode is one of enum api_ack_mode. */
void process_set_ack(struct process *p, int mode);
int process_set_api_version(struct process *p, int version);
int process_api_version(const struct process *p);

static struct daemon *daemon_;
static struct process *proc;
static char errbuf[256];

/* Selection: the peers the current command acts on. */
static struct peer **sel;
static int nsel, capsel;
static struct peer **cmdp;            /* peers touched by the current command (enable-sync) */
static int ncmd, capcmd;
static int hold;                     /* group start .. group end */
static struct peer **held;
static int nheld, capheld;

void api_exec_set_daemon(struct daemon *d) { daemon_ = d; }
struct daemon *api_exec_daemon(void) { return daemon_; }
void *api_exec_process(void) { return proc; }
const char *lb_api_error(void) { return errbuf; }

void api_exec_set_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(errbuf, sizeof errbuf, fmt, ap);
	va_end(ap);
}

/* ----- which peers a helper may drive --------------------------------------- */

/* A helper reaches the neighbors whose api blocks name it, or whose
 * processes-match expression matches its name (ExaBGP). */
static bool peer_attached(const struct peer *p, const char *name)
{
	const struct neighbor_conf *nc = p->conf;
	if (!name)
		return true;   /* no helper (tests, control socket): every peer */
	for (int i = 0; i < nc->napi; i++) {
		const struct api_binding *b = &nc->api[i];
		for (int j = 0; j < b->nprocesses; j++)
			if (!strcmp(b->processes[j], name))
				return true;
		for (int j = 0; j < b->nprocesses_match; j++) {
			regex_t re;
			if (regcomp(&re, b->processes_match[j], REG_EXTENDED | REG_NOSUB))
				continue;
			int rc = regexec(&re, name, 0, NULL, 0);
			regfree(&re);
			if (!rc)
				return true;
		}
	}
	return false;
}

/* The attached peers of the last helper, recomputed when the helper, the
 * peer array or the configuration changed. */
static struct {
	struct process *proc;
	struct peer **peers_array;
	int npeers;
	struct conf *conf;
	unsigned gen;
	struct peer **v;
	int n, cap;
} att;
static unsigned att_gen;

static void attached_refresh(void)
{
	struct daemon *d = daemon_;
	if (att.proc == proc && att.peers_array == d->peers && att.npeers == d->npeers && att.conf == d->conf &&
	    att.gen == att_gen)
		return;
	att.proc = proc;
	att.peers_array = d->peers;
	att.npeers = d->npeers;
	att.conf = d->conf;
	att.gen = att_gen;
	att.n = 0;
	const char *name = proc ? process_name(proc) : NULL;
	for (int i = 0; i < d->npeers; i++) {
		struct peer *p = d->peers[i];
		if (!p || p->removed || !peer_attached(p, name))
			continue;
		if (att.n == att.cap) {
			att.cap = att.cap ? att.cap * 2 : 8;
			att.v = xrealloc(att.v, (size_t)att.cap * sizeof *att.v);
		}
		att.v[att.n++] = p;
	}
}

static void sel_push(struct peer *p)
{
	for (int i = 0; i < nsel; i++)
		if (sel[i] == p)
			return;
	if (nsel == capsel) {
		capsel = capsel ? capsel * 2 : 8;
		sel = xrealloc(sel, (size_t)capsel * sizeof *sel);
	}
	sel[nsel++] = p;
}

int lb_api_begin(void *process)
{
	proc = process;
	errbuf[0] = 0;
	ncmd = 0;
	if (!daemon_) {
		nsel = 0;
		return 0;
	}
	attached_refresh();
	nsel = 0;
	for (int i = 0; i < att.n; i++)
		sel_push(att.v[i]);
	return nsel;
}

int lb_api_selected(void)
{
	return nsel;
}

static bool addr_text_equal(const struct sockaddr_storage *ss, const char *text)
{
	uint8_t b[16];
	if (ss->ss_family == AF_INET && inet_pton(AF_INET, text, b) == 1)
		return !memcmp(&((const struct sockaddr_in *)ss)->sin_addr, b, 4);
	if (ss->ss_family == AF_INET6 && inet_pton(AF_INET6, text, b) == 1)
		return !memcmp(&((const struct sockaddr_in6 *)ss)->sin6_addr, b, 16);
	return false;
}

/* ExaBGP's "family-allowed": the neighbor's families joined with '/'
 * ("ipv4-unicast/ipv6-unicast") with multi-session, else "in-open". */
static bool family_allowed(const struct neighbor_conf *nc, const char *want)
{
	if (!nc->cap_multi_session)
		return !strcmp(want, "in-open");
	char text[256] = "";
	size_t len = 0;
	for (int f = 0; f < FAM_MAX; f++) {
		if (!nc->families[f] || !family_ops((fam_t)f))
			continue;
		const struct family_ops *ops = family_ops((fam_t)f);
		int n = snprintf(text + len, sizeof text - len, "%s%s-%s", len ? "/" : "", family_afi_name(ops->afi),
		                 family_safi_name(ops->safi));
		if (n < 0 || (size_t)n >= sizeof text - len)
			break;
		len += (size_t)n;
	}
	return !strcmp(text, want);
}

int lb_api_select(int reset, const char *addr, const char *local_ip, int64_t local_as, int64_t peer_as,
                  const char *router_id, const char *family)
{
	if (!daemon_)
		return 0;
	attached_refresh();
	if (reset)
		nsel = 0;
	for (int i = 0; i < att.n; i++) {
		struct peer *p = att.v[i];
		const struct neighbor_conf *nc = p->conf;
		if (addr && strcmp(addr, "*") && !addr_text_equal(&nc->peer_addr, addr))
			continue;
		if (local_ip && !(nc->have_local_addr && addr_text_equal(&nc->local_addr, local_ip)))
			continue;
		if (local_as >= 0 && nc->local_as != (uint64_t)local_as)
			continue;
		if (peer_as >= 0 && nc->peer_as != (uint64_t)peer_as)
			continue;
		if (router_id) {
			struct in_addr a;
			if (inet_pton(AF_INET, router_id, &a) != 1 || ntohl(a.s_addr) != nc->router_id)
				continue;
		}
		if (family && !family_allowed(nc, family))
			continue;
		sel_push(p);
	}
	return nsel;
}

/* ----- attributes held by the Lua cache ------------------------------------------ */

static struct attrset **handles;
static int nhandles, caphandles;
static int free_handle = -1;         /* chain of free slots through NULL entries */
static int *free_next;

int lb_api_attrs(const char *blob, size_t len)
{
	if (!attrs_valid((const uint8_t *)blob, len)) {
		api_exec_set_error("internal: malformed attribute blob");
		return -1;
	}
	struct attrset *a = attrset_intern((const uint8_t *)blob, len);
	int h;
	if (free_handle >= 0) {
		h = free_handle;
		free_handle = free_next[h];
	} else {
		if (nhandles == caphandles) {
			caphandles = caphandles ? caphandles * 2 : 64;
			handles = xrealloc(handles, (size_t)caphandles * sizeof *handles);
			free_next = xrealloc(free_next, (size_t)caphandles * sizeof *free_next);
		}
		h = nhandles++;
	}
	handles[h] = a;
	return h;
}

void lb_api_attrs_release(int h)
{
	if (h < 0 || h >= nhandles || !handles[h])
		return;
	attrset_unref(handles[h]);
	handles[h] = NULL;
	free_next[h] = free_handle;
	free_handle = h;
}

/* ----- routes -------------------------------------------------------------------- */

/* Peers whose Adj-RIB-Out changed: flushed together a moment later, so that
 * commands a helper wrote back to back are applied as one batch before
 * anything is sent (ExaBGP's api-rib: `announce` then `clear adj-rib out`
 * must never put the route on the wire), and a burst of lines leaves full
 * UPDATEs.  `group start` holds the flush until `group end`. */
static ev_timer flush_timer;
static const ev_tstamp FLUSH_DELAY = 0.002;

static void dirty_flush_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct daemon *d = w->data;
	if (hold)
		return;
	for (int i = 0; i < nheld; i++)
		for (int j = 0; j < d->npeers; j++)
			if (d->peers[j] == held[i] && !held[i]->removed) {
				peer_flush(held[i]);
				break;
			}
	nheld = 0;
}

/* ---- enable-sync: acknowledge once the UPDATEs are on the wire -------------
 * A command of a process in sync mode that changed routes is answered only
 * when every peer it touched has no queued change for its negotiated
 * families and an empty output buffer (or is not established: nothing can
 * be written then, so waiting would only hang the helper). */
struct sync_wait {
	struct process *proc;
	struct peer **peers;
	int n;
};
static struct sync_wait *waits;
static int nwaits, capwaits;
static struct { void *proc; bool on; } *syncs;
static int nsyncs;

void lb_api_set_sync(int on)
{
	for (int i = 0; i < nsyncs; i++)
		if (syncs[i].proc == proc) {
			syncs[i].on = on != 0;
			return;
		}
	syncs = xrealloc(syncs, (size_t)(nsyncs + 1) * sizeof *syncs);
	syncs[nsyncs].proc = proc;
	syncs[nsyncs].on = on != 0;
	nsyncs++;
}

static bool peer_synced(const struct peer *p)
{
	const struct conn *c = p->conn;
	if (!c || c->state != FSM_ESTABLISHED)
		return true;
	return !p->paused && !p->eor_due && !ev_is_active(&p->flush_timer) && c->out.len == c->out_off &&
	       !ev_is_active(&flush_timer);
}

bool api_exec_sync_defer(struct process *from)
{
	bool on = false;
	for (int i = 0; i < nsyncs; i++)
		if (syncs[i].proc == from)
			on = syncs[i].on;
	if (!on || !ncmd)
		return false;
	if (nwaits == capwaits) {
		capwaits = capwaits ? capwaits * 2 : 8;
		waits = xrealloc(waits, (size_t)capwaits * sizeof *waits);
	}
	struct sync_wait *w = &waits[nwaits++];
	w->proc = from;
	w->n = ncmd;
	w->peers = xmalloc((size_t)ncmd * sizeof *w->peers);
	memcpy(w->peers, cmdp, (size_t)ncmd * sizeof *cmdp);
	return true;
}

void api_exec_sync_poll(void)
{
	for (int i = 0; i < nwaits;) {
		struct sync_wait *w = &waits[i];
		bool done = true;
		for (int k = 0; k < w->n && done; k++)
			done = !w->peers[k] || peer_synced(w->peers[k]);
		if (!done) {
			i++;
			continue;
		}
		struct process *pr = w->proc;
		free(w->peers);
		waits[i] = waits[--nwaits];   /* order of answers per process: see below */
		if (pr)
			process_answer(pr, true, NULL);
	}
}

void api_exec_peer_gone(struct peer *p)
{
	for (int i = 0; i < nwaits; i++)
		for (int k = 0; k < waits[i].n; k++)
			if (waits[i].peers[k] == p)
				waits[i].peers[k] = NULL;
	for (int i = 0; i < ncmd; i++)
		if (cmdp[i] == p)
			cmdp[i] = NULL;
}

void api_exec_process_gone(struct process *pr)
{
	for (int i = 0; i < nwaits; i++)
		if (waits[i].proc == pr)
			waits[i].proc = NULL;
	for (int i = 0; i < nsyncs; i++)
		if (syncs[i].proc == pr)
			syncs[i] = syncs[--nsyncs];
}

static void touched(struct peer *p)
{
	bool seen = false;
	for (int i = 0; i < ncmd && !seen; i++)
		seen = cmdp[i] == p;
	if (!seen) {
		if (ncmd == capcmd) {
			capcmd = capcmd ? capcmd * 2 : 8;
			cmdp = xrealloc(cmdp, (size_t)capcmd * sizeof *cmdp);
		}
		cmdp[ncmd++] = p;
	}
	for (int i = 0; i < nheld; i++)
		if (held[i] == p)
			goto timer;
	if (nheld == capheld) {
		capheld = capheld ? capheld * 2 : 8;
		held = xrealloc(held, (size_t)capheld * sizeof *held);
	}
	held[nheld++] = p;
timer:
	if (!hold && !ev_is_active(&flush_timer)) {
		ev_timer_init(&flush_timer, dirty_flush_cb, FLUSH_DELAY, 0);
		flush_timer.data = daemon_;
		ev_timer_start(daemon_->loop, &flush_timer);
	}
}

void lb_api_hold(int on)
{
	hold = on;
	if (!on && nheld && daemon_ && !ev_is_active(&flush_timer)) {
		ev_timer_init(&flush_timer, dirty_flush_cb, FLUSH_DELAY, 0);
		flush_timer.data = daemon_;
		ev_timer_start(daemon_->loop, &flush_timer);
	}
}

/* The families the neighbor speaks: its family block, or IPv4 unicast
 * without one (as its OPEN says, c/session/peer.c). */
static bool peer_has_family(const struct peer *p, fam_t fam)
{
	const struct neighbor_conf *nc = p->conf;
	for (int f = 0; f < FAM_MAX; f++)
		if (nc->families[f])
			return nc->families[fam];
	return fam == FAM_IPV4_UNICAST;
}

static int prefix_parse(const char *prefix, int family, uint8_t bytes[17], fam_t *fam)
{
	char text[64];
	/* "10.0.0.1" means a host route (ExaBGP). */
	if (!strchr(prefix, '/')) {
		snprintf(text, sizeof text, "%s/%d", prefix, strchr(prefix, ':') ? 128 : 32);
		prefix = text;
	}
	int n = nlri_ip_parse(prefix, bytes, fam);
	if (n < 0) {
		api_exec_set_error("invalid prefix '%s'", prefix);
		return -1;
	}
	if ((family == 4 && *fam != FAM_IPV4_UNICAST) || (family == 6 && *fam != FAM_IPV6_UNICAST)) {
		api_exec_set_error("prefix '%s' is not an IPv%d prefix", prefix, family);
		return -1;
	}
	return n;
}

int lb_api_prefix_valid(const char *prefix, int family)
{
	uint8_t bytes[17];
	fam_t fam;
	return prefix_parse(prefix, family, bytes, &fam) < 0 ? -1 : 0;
}

int lb_api_route(int announce, const char *prefix, uint32_t path_id, int attrs, int split, int family)
{
	uint8_t bytes[17];
	fam_t fam;
	int n = prefix_parse(prefix, family, bytes, &fam);
	if (n < 0)
		return -1;
	struct attrset *a = NULL;
	if (announce) {
		if (attrs < 0 || attrs >= nhandles || !handles[attrs]) {
			api_exec_set_error("internal: bad attribute handle");
			return -1;
		}
		a = handles[attrs];
	}
	unsigned bits = fam == FAM_IPV4_UNICAST ? 32 : 128;
	unsigned plen = bytes[0];
	unsigned count = 1;
	if (split) {
		if ((unsigned)split < plen || (unsigned)split > bits) {
			api_exec_set_error("invalid split /%d for %s", split, prefix);
			return -1;
		}
		if (split - plen > 20) {
			api_exec_set_error("split /%d of %s gives too many routes", split, prefix);
			return -1;
		}
		count = 1u << (split - plen);
	}
	for (int i = 0; i < nsel; i++) {
		struct peer *p = sel[i];
		if (!peer_has_family(p, fam))
			continue;
		for (unsigned k = 0; k < count; k++) {
			uint8_t nb[17];
			uint16_t nlen = (uint16_t)n;
			memcpy(nb, bytes, (size_t)n);
			if (split) {
				/* the k-th /split inside the prefix: k's bits just after plen */
				uint8_t addr[16] = { 0 };
				memcpy(addr, bytes + 1, (size_t)n - 1);
				for (unsigned j = 0; j < (unsigned)split - plen; j++)
					if (k & (1u << j)) {
						unsigned pos = (unsigned)split - 1 - j;
						addr[pos / 8] |= (uint8_t)(0x80 >> (pos % 8));
					}
				nb[0] = (uint8_t)split;
				nlen = (uint16_t)(1 + (split + 7) / 8);
				memcpy(nb + 1, addr, (size_t)nlen - 1);
			}
			struct nlri_ref ref = { fam, path_id, nlen, nb };
			if (announce)
				peer_policy_announce(p, &ref, a);   /* export policy, if any */
			else
				rib_out_withdraw(p->adj_out, &ref);
		}
		touched(p);
	}
	return 0;
}

/* Any family: NLRI already in wire form (built by the family's grammar in
 * Lua, path identifier apart), checked by the family's own decoder. */
int lb_api_route_raw(int announce, const char *family, const uint8_t *nlri, size_t len, uint32_t path_id,
                     int attrs)
{
	char name[32];
	snprintf(name, sizeof name, "%s", family);
	char *sp = strchr(name, ' ');
	fam_t fam = sp ? (*sp = 0, family_by_name(name, sp + 1)) : FAM_NONE;
	if (fam == FAM_NONE) {
		api_exec_set_error("family '%s' is not supported", family);
		return -1;
	}
	if (!nlri_one_valid(fam, nlri, len)) {
		api_exec_set_error("malformed %s NLRI", family);
		return -1;
	}
	struct attrset *a = NULL;
	if (announce || attrs >= 0) {   /* a withdrawal may give its attributes (FlowSpec) */
		if (attrs < 0 || attrs >= nhandles || !handles[attrs]) {
			api_exec_set_error("internal: bad attribute handle");
			return -1;
		}
		a = handles[attrs];
	}
	for (int i = 0; i < nsel; i++) {
		struct peer *p = sel[i];
		if (!peer_has_family(p, fam))
			continue;
		struct nlri_ref ref = { fam, path_id, (uint16_t)len, nlri };
		/* FlowSpec, and a withdrawal that gives its own attributes (VPLS,
		 * MVPN: ExaBGP sends those with it, api-vpls.ci): sent at once,
		 * as ExaBGP (api_flow.c) */
		if ((api_flow_family(fam) || (!announce && a)) && api_flow_route(p, &ref, a, announce))
			continue;
		if (announce)
			peer_policy_announce(p, &ref, a);
		else
			rib_out_withdraw(p->adj_out, &ref);
		touched(p);
	}
	return 0;
}

int lb_api_watchdog(int announce, const char *name)
{
	for (int i = 0; i < nsel; i++) {
		struct peer *p = sel[i];
		struct neighbor_conf *nc = p->conf;
		bool any = false;
		for (int k = 0; k < nc->nwatch; k++) {
			struct watch_route *w = &nc->watch[k];
			if (!w->name || strcmp(w->name, name))
				continue;
			struct nlri_ref ref = { w->fam, w->path_id, w->len, w->nlri };
			if (announce)
				peer_policy_announce(p, &ref, w->attrs);   /* export policy, if any */
			else
				rib_out_withdraw(p->adj_out, &ref);
			w->withdrawn = !announce;
			any = true;
		}
		if (any)
			touched(p);
	}
	return 0;
}

/* ----- messages ------------------------------------------------------------------ */

static fam_t family_words(const char *afi, const char *safi)
{
	if (!afi)
		return FAM_IPV4_UNICAST;
	fam_t f = family_by_name(afi, safi ? safi : "unicast");
	if (f == FAM_NONE)
		api_exec_set_error("unsupported family '%s %s'", afi, safi ? safi : "");
	return f;
}

static struct conn *established(struct peer *p)
{
	struct conn *c = p->conn;
	return c && c->state == FSM_ESTABLISHED ? c : NULL;
}

int lb_api_eor(const char *afi, const char *safi)
{
	fam_t f = family_words(afi, safi);
	if (f == FAM_NONE)
		return -1;
	for (int i = 0; i < nsel; i++) {
		struct peer *p = sel[i];
		struct conn *c = established(p);
		if (!c)
			continue;
		/* Pending routes first: the marker ends what was queued before it. */
		peer_flush(p);
		wire_update_eor_encode(&c->out, f);
		conn_kick(daemon_->loop, c);
	}
	return 0;
}

int lb_api_refresh(const char *afi, const char *safi)
{
	fam_t f = family_words(afi, safi);
	if (f == FAM_NONE)
		return -1;
	const struct family_ops *ops = family_ops(f);
	for (int i = 0; i < nsel; i++) {
		struct peer *p = sel[i];
		struct conn *c = established(p);
		if (!c)
			continue;
		if (!p->ctx.route_refresh)
			log_info("peer %s: route-refresh sent although the peer did not offer it", peer_name(p));
		wire_route_refresh_encode(&c->out, ops->afi, ops->safi, RR_NORMAL);
		conn_kick(daemon_->loop, c);
	}
	return 0;
}

int lb_api_operational(const char *what, const char *afi, const char *safi, const char *router_id,
                       int64_t sequence, int64_t counter, const char *advisory, size_t advisory_len)
{
	struct operational_msg m;
	memset(&m, 0, sizeof m);
	m.type = wire_operational_by_name(what);
	if (!m.type) {
		api_exec_set_error("unknown operational message '%s'", what ? what : "");
		return -1;
	}
	if (!afi || !safi) {   /* the names themselves are checked by the grammar */
		api_exec_set_error("operational: AFI and SAFI expected");
		return -1;
	}
	m.fam = family_by_name(afi, safi);
	struct in_addr a;
	if (router_id) {
		if (inet_pton(AF_INET, router_id, &a) != 1) {
			api_exec_set_error("invalid router-id '%s'", router_id);
			return -1;
		}
		m.has_router_id = true;
		m.router_id = ntohl(a.s_addr);
	}
	if (sequence < 0 || sequence > UINT32_MAX || counter < 0 || counter > UINT32_MAX) {
		api_exec_set_error("sequence and counter must be 0..4294967295");
		return -1;
	}
	m.sequence = (uint32_t)sequence;
	m.counter = (uint32_t)counter;
	m.advisory = (uint8_t *)advisory;   /* copied by peer_op_send when kept */
	m.advisory_len = advisory ? advisory_len : 0;
	if (m.fam == FAM_NONE) {
		/* valid names, but no family of ours: no neighbor carries it
		 * (ExaBGP logs it and answers done) */
		log_warn("operational %s not sent: family %s %s is not configured on any neighbor", what, afi, safi);
		return 0;
	}
	for (int i = 0; i < nsel; i++)
		peer_op_send(sel[i], &m);
	return 0;
}

int lb_api_teardown(int subcode)
{
	if (subcode < 0 || subcode > 255) {
		api_exec_set_error("invalid teardown code %d", subcode);
		return -1;
	}
	/* RFC 9003: a Shutdown Communication accompanies Administrative
	 * Shutdown and Reset; ExaBGP sends the subcode's name. */
	const char *text = NULL;
	if (subcode == ERR_CEASE_ADMIN_SHUTDOWN || subcode == ERR_CEASE_ADMIN_RESET)
		text = wire_notification_subcode_name(ERR_CEASE, (uint8_t)subcode);
	for (int i = 0; i < nsel; i++)
		peer_teardown(sel[i], (uint8_t)subcode, text);
	return 0;
}

int lb_api_rib(int op, int in)
{
	for (int i = 0; i < nsel; i++) {
		struct peer *p = sel[i];
		if (in) {
			if (op == 0 && p->adj_in)
				rib_table_clear(p->adj_in);
			continue;   /* flush adj-rib in: nothing to resend locally */
		}
		if (op == 0)
			rib_out_clear(p->adj_out);        /* pending announcements dropped too */
		else
			rib_out_refresh(p->adj_out, FAM_NONE);
		touched(p);
	}
	return 0;
}

/* ----- output -------------------------------------------------------------------- */

static void (*out_fn)(void *arg, const char *line);
static void *out_arg;

void api_exec_set_output(void (*fn)(void *arg, const char *line), void *arg)
{
	out_fn = fn;
	out_arg = arg;
}

void lb_api_write(const char *line)
{
	if (proc)
		process_write_line(proc, line, strlen(line));
	else if (out_fn)
		out_fn(out_arg, line);
}

void lb_api_answer(int ok, const char *reason)
{
	if (proc)
		process_answer(proc, ok != 0, reason);
}

void lb_api_set_ack(int mode)
{
	if (proc)
		process_set_ack(proc, mode);
}

int lb_api_api_version(int version)
{
	if (!proc)
		return 0;
	if (version && process_set_api_version(proc, version) < 0) {
		api_exec_set_error("API version must be 4 or 6");
		return -1;
	}
	return process_api_version(proc);
}

const char *lb_api_process_name(void)
{
	return proc ? process_name(proc) : "";
}

int lb_api_peer_count(void)
{
	int n = 0;
	for (int i = 0; daemon_ && i < daemon_->npeers; i++)
		if (daemon_->peers[i] && !daemon_->peers[i]->removed)
			n++;
	return n;
}

static void writef(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void writef(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	lb_api_write(line);
}

static const char *state_word(enum fsm_state s)
{
	static const char *w[] = { "idle", "connect", "active", "opensent", "openconfirm", "established" };
	return w[s];
}

static void uptime_text(const struct peer *p, char *out, size_t n)
{
	if (p->state != FSM_ESTABLISHED) {
		snprintf(out, n, "down");
		return;
	}
	long s = (long)(ev_now(daemon_->loop) - p->established_at);
	snprintf(out, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
}

/* show neighbor ... extensive: a policy chain's counters (docs/lua.md
 * "Counters and the failure limit"); nothing without a chain, so ExaBGP's
 * output is unchanged for its configurations. */
static void policy_lines(const char *what, const struct policy_chain *ch)
{
	struct policy_chain_info in;
	if (!policy_chain_info(ch, &in))
		return;
	writef("   %-20s %s (default %s%s)", what, in.names, in.dflt_accept ? "accept" : "reject",
	       in.disabled ? ", disabled" : "");
	writef("   %-20s %llu routes, %llu accepted, %llu rejected, %llu failed batches, %llu defaulted", "",
	       in.st.routes, in.st.accepted, in.st.rejected, in.st.failures, in.st.defaulted);
	for (int k = 0; k < in.nfn; k++) {
		const struct policy_fn_stats *f = &in.fn[k];
		writef("     %-18s seen %llu, accepted %llu, rejected %llu, modified %llu, errors %llu, %.3f ms", f->name,
		       f->seen, f->accepted, f->rejected, f->modified, f->errors, f->time_s * 1000.0);
	}
}

int lb_api_show_neighbor(int mode, int json)
{
	if (!json && mode == 0)
		writef("%-15s %-7s %9s %-12s %10s %10s", "Peer", "AS", "up/down", "state", "#sent", "#recvd");
	if (json)
		lb_api_write("[");
	for (int i = 0; i < nsel; i++) {
		struct peer *p = sel[i];
		const struct neighbor_conf *nc = p->conf;
		char up[32], local[64] = "", rid[INET_ADDRSTRLEN];
		struct in_addr a = { htonl(nc->router_id) };
		inet_ntop(AF_INET, &a, rid, sizeof rid);
		if (nc->have_local_addr)
			sockaddr_text(&nc->local_addr, local, sizeof local);
		uptime_text(p, up, sizeof up);
		size_t sent = rib_out_count(p->adj_out) - rib_out_pending_count(p->adj_out);
		size_t recvd = p->adj_in ? rib_table_count(p->adj_in) : 0;
		if (json) {
			writef("{ \"peer-address\": \"%s\", \"local-address\": \"%s\", \"local-as\": %u, \"peer-as\": %u, "
			       "\"router-id\": \"%s\", \"state\": \"%s\", \"duration\": \"%s\", \"messages\": { \"sent\": %" PRIu64
			       ", \"received\": %" PRIu64 " }, \"routes\": { \"sent\": %zu, \"received\": %zu } }%s",
			       nc->name, local, nc->local_as, nc->peer_as, rid, state_word(p->state), up, p->msgs_out,
			       p->msgs_in, sent, recvd, i + 1 < nsel ? "," : "");
		} else if (mode == 0) {
			writef("%-15s %-7u %9s %-12s %10zu %10zu", nc->name, nc->peer_as, up, state_word(p->state), sent,
			       recvd);
		} else {
			writef("Neighbor %s", nc->name);
			writef("   %-20s %s", "Session", state_word(p->state));
			writef("   %-20s %s", "Up for", up);
			writef("   %-20s %s", "Local Address", local[0] ? local : "auto");
			writef("   %-20s %s", "Router ID", rid);
			writef("   %-20s %u", "Local AS", nc->local_as);
			writef("   %-20s %u", "Peer AS", nc->peer_as);
			writef("   %-20s %u", "Hold Time", nc->hold_time);
			for (int f = 0; f < FAM_MAX; f++)
				if (nc->families[f] && family_ops((fam_t)f))
					writef("   %-20s %s%s", "Family", family_name((fam_t)f),
					       p->state == FSM_ESTABLISHED && p->ctx.fam[f] ? " (negotiated)" : "");
			if (mode == 1) {
				writef("   %-20s %" PRIu64, "Messages Sent", p->msgs_out);
				writef("   %-20s %" PRIu64, "Messages Received", p->msgs_in);
				writef("   %-20s %zu", "Routes Sent", sent);
				writef("   %-20s %zu", "Routes Received", recvd);
				policy_lines("Import Policy", nc->import);
				policy_lines("Export Policy", nc->export);
			}
		}
	}
	if (json)
		lb_api_write("]");
	return 0;
}

struct show_ctx {
	struct peer *p;
	bool json, extensive, first;
	const char *dir;
};

static void route_text(struct buf *b, const struct rib_route *r, bool extensive)
{
	struct nlri_ref n = rib_route_nlri(r);
	const struct family_ops *ops = family_ops(n.fam);
	ops->nlri_text(b, n.data, n.len);
	if (n.path_id)
		buf_printf(b, " path-information %u", n.path_id);
	struct attr_iter it;
	struct attr_entry e;
	attr_iter_init(&it, r->attrs->blob, r->attrs->len);
	while (attr_iter_next(&it, &e)) {
		char ip[INET6_ADDRSTRLEN];
		switch (e.code) {
		case ATTR_NEXT_HOP:
			if (e.len == 0)
				buf_printf(b, " next-hop self");
			else if (e.len == 4)
				buf_printf(b, " next-hop %s", inet_ntop(AF_INET, e.value, ip, sizeof ip));
			else
				buf_printf(b, " next-hop %s", inet_ntop(AF_INET6, e.value, ip, sizeof ip));
			break;
		case ATTR_ORIGIN:
			if (extensive || e.value[0])
				buf_printf(b, " origin %s", e.value[0] == 0 ? "igp" : e.value[0] == 1 ? "egp" : "incomplete");
			break;
		case ATTR_MED:
			if (e.len == 4)
				buf_printf(b, " med %u", get_be32(e.value));
			break;
		case ATTR_LOCAL_PREF:
			if (e.len == 4)
				buf_printf(b, " local-preference %u", get_be32(e.value));
			break;
		case ATTR_AS_PATH:
			if (e.len || extensive) {
				buf_printf(b, " as-path [");
				for (size_t o = 0; o + 2 <= e.len;) {
					unsigned cnt = e.value[o + 1];
					for (unsigned k = 0; k < cnt && o + 2 + 4 * (k + 1) <= e.len; k++)
						buf_printf(b, " %u", get_be32(e.value + o + 2 + 4 * k));
					o += 2 + 4 * (size_t)cnt;
				}
				buf_printf(b, " ]");
			}
			break;
		case ATTR_COMMUNITIES:
			buf_printf(b, " community [");
			for (size_t o = 0; o + 4 <= e.len; o += 4)
				buf_printf(b, " %u:%u", get_be16(e.value + o), get_be16(e.value + o + 2));
			buf_printf(b, " ]");
			break;
		default:
			if (extensive && e.code < 0xF0) {
				buf_printf(b, " attribute [ 0x%02X 0x%02X 0x", e.code, e.flags);
				for (size_t o = 0; o < e.len; o++)
					buf_printf(b, "%02X", e.value[o]);
				buf_printf(b, " ]");
			}
			break;
		}
	}
}

static void show_route_cb(const struct rib_route *r, void *arg)
{
	struct show_ctx *s = arg;
	struct buf b = BUF_INIT;
	struct nlri_ref n = rib_route_nlri(r);
	if (s->json) {
		struct buf t = BUF_INIT;
		route_text(&t, r, s->extensive);
		buf_printf(&b, "{ \"neighbor\": \"%s\", \"family\": \"%s\", \"route\": \"%s\" }", s->p->conf->name,
		           family_name(n.fam), buf_cstr(&t));
		buf_free(&t);
	} else {
		buf_printf(&b, "neighbor %s %s %s ", s->p->conf->name, s->dir, family_name(n.fam));
		route_text(&b, r, s->extensive);
	}
	lb_api_write(buf_cstr(&b));
	buf_free(&b);
}

int lb_api_show_rib(int in, int extensive, int json)
{
	for (int i = 0; i < nsel; i++) {
		struct show_ctx s = { sel[i], json != 0, extensive != 0, true, in ? "in" : "out" };
		if (in) {
			if (sel[i]->adj_in)
				rib_table_walk(sel[i]->adj_in, show_route_cb, &s);
		} else {
			rib_out_walk(sel[i]->adj_out, show_route_cb, &s);
		}
	}
	return 0;
}

/* ----- daemon -------------------------------------------------------------------- */

static ev_timer op_timer;
static int op_pending = -1;

static void op_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct daemon *d = w->data;
	int op = op_pending;
	op_pending = -1;
	if (op == 0)
		daemon_stop(d, 0);
	else if (op == 1 || op == 2)
		daemon_reload(d);
}

/* Reload and stop run on the next loop iteration: the command's answer is
 * written first, and the helper's pipe is not torn down under its own read. */
int lb_api_daemon(int op)
{
	if (!daemon_) {
		api_exec_set_error("no daemon");
		return -1;
	}
	if (op == 2)
		log_notice("restart requested by %s: reloading the configuration", lb_api_process_name());
	op_pending = op;
	if (!ev_is_active(&op_timer)) {
		ev_timer_init(&op_timer, op_cb, 0, 0);
		op_timer.data = daemon_;
		ev_timer_start(daemon_->loop, &op_timer);
	}
	return 0;
}

int api_exec_neighbor_add(struct neighbor_conf *nc)
{
	if (!daemon_)
		return -1;
	for (int i = 0; i < daemon_->npeers; i++) {
		struct peer *p = daemon_->peers[i];
		if (p && !p->removed && !memcmp(&p->conf->peer_addr, &nc->peer_addr, sizeof nc->peer_addr)) {
			api_exec_set_error("neighbor %s already exists", nc->name);
			return -1;
		}
	}
	daemon_peer_add(daemon_, nc);
	att_gen++;
	return 0;
}

int lb_api_neighbor_delete(void)
{
	if (!daemon_)
		return -1;
	for (int i = 0; i < nsel; i++)
		daemon_peer_remove(daemon_, sel[i]);
	nsel = 0;
	att_gen++;
	return 0;
}

/* Until c/session/process.c provides them (it does in the daemon), keep the
 * executable linkable: weak fall-backs that log. */
__attribute__((weak)) void process_write_line(struct process *p, const char *line, size_t len)
{
	log_info("api: %.*s", (int)len, line);
}
__attribute__((weak)) void process_answer(struct process *p, bool ok, const char *reason)
{
	log_info("api: %s%s%s", reason ? reason : "", reason ? " " : "", ok ? "done" : "error");
}
__attribute__((weak)) const char *process_name(const struct process *p)
{
	return "?";
}
__attribute__((weak)) void process_set_ack(struct process *p, int mode)
{
}
__attribute__((weak)) int process_set_api_version(struct process *p, int version)
{
	return version == 4 || version == 6 ? 0 : -1;
}
__attribute__((weak)) int process_api_version(const struct process *p)
{
	return 0;
}
