/* Event fan-out.  Each peer keeps the list of helpers its api bindings
 * subscribe (resolved once per change of the process set or of the peer's
 * configuration, not per event), and each event is encoded straight into
 * the helper's output queue: a received UPDATE with 1000 prefixes is one
 * JSON line appended to one buffer, no intermediate copies, no allocation
 * per prefix.
 *
 * ExaBGP's rules (reactor/protocol.py, reactor/api/processes.py): a message
 * of kind K is reported to a helper subscribed to receive/send K; the form
 * is `consolidate` (parsed + raw header/body), else `packets` (raw) and/or
 * `parsed`; none of them selects nothing.  neighbor-changes gives the state
 * events.  Live events say "receive"/"send" as ExaBGP does; the --events
 * stdout stream keeps the "in" of `lunabgp decode`. */
#include "session/events.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "event/json.h"
#include "event/text.h"
#include "session/control.h"
#include "session/daemon.h"
#include "session/process.h"

bool events_to_stdout;

extern unsigned processes_generation;

enum { KINDS = 7 };   /* message types 1..6 */

struct sub {
	struct process *proc;
	bool changes, fsm, negotiated, signal;
	struct api_flags rx, tx;
};

struct events_subs {
	unsigned gen;
	const struct neighbor_conf *nc;
	bool any_rx[KINDS], any_tx[KINDS], any_changes, any_fsm;
	int n;
	struct sub v[];
};

static char hostname[256];

static bool kind_wanted(const struct api_flags *f, unsigned type)
{
	switch (type) {
	case BGP_OPEN: return f->open;
	case BGP_UPDATE: return f->update;
	case BGP_NOTIFICATION: return f->notification;
	case BGP_KEEPALIVE: return f->keepalive;
	case BGP_ROUTE_REFRESH: return f->refresh;
	case BGP_OPERATIONAL: return f->operational;
	default: return false;
	}
}

static bool format_wanted(const struct api_flags *f)
{
	return f->parsed || f->packets || f->consolidate;
}

static void flags_or(struct api_flags *a, const struct api_flags *b)
{
	a->parsed |= b->parsed;
	a->packets |= b->packets;
	a->consolidate |= b->consolidate;
	a->open |= b->open;
	a->update |= b->update;
	a->keepalive |= b->keepalive;
	a->notification |= b->notification;
	a->refresh |= b->refresh;
	a->operational |= b->operational;
}

/* The helpers subscribed for this peer, rebuilt when processes or the
 * peer's configuration changed. */
static struct events_subs *subs_get(struct peer *p)
{
	struct events_subs *s = p->subs;
	struct daemon *d = p->daemon;
	if (s && s->gen == processes_generation && s->nc == p->conf)
		return s;
	free(s);
	int np = d->nprocesses;
	s = xcalloc(1, sizeof *s + (size_t)(np + 1) * sizeof s->v[0]);
	s->gen = processes_generation;
	s->nc = p->conf;
	for (int i = 0; i < np; i++) {
		struct process *proc = d->processes[i];
		if (!proc || proc->retired)
			continue;
		struct sub sub;
		memset(&sub, 0, sizeof sub);
		bool attached = false;
		for (int j = 0; j < p->conf->napi; j++) {
			const struct api_binding *b = &p->conf->api[j];
			if (!process_in_binding(proc, b))
				continue;
			attached = true;
			sub.changes |= b->neighbor_changes;
			sub.fsm |= b->fsm;
			sub.negotiated |= b->negotiated;
			sub.signal |= b->signal;
			flags_or(&sub.rx, &b->receive);
			flags_or(&sub.tx, &b->send);
		}
		if (!attached)
			continue;
		sub.proc = proc;
		for (unsigned k = 1; k < KINDS; k++) {
			s->any_rx[k] |= kind_wanted(&sub.rx, k) && format_wanted(&sub.rx);
			s->any_tx[k] |= kind_wanted(&sub.tx, k) && format_wanted(&sub.tx);
		}
		s->any_changes |= sub.changes;
		s->any_fsm |= sub.fsm;
		s->v[s->n++] = sub;
	}
	p->subs = s;
	return s;
}

void events_peer_free(struct peer *p)
{
	processes_forget_peer(p->daemon, p);
	free(p->subs);
	p->subs = NULL;
}

bool events_send_wanted(struct peer *p)
{
	struct events_subs *s = subs_get(p);
	for (unsigned k = 1; k < KINDS; k++)
		if (s->any_tx[k])
			return true;
	return false;
}

/* ----- the envelope ------------------------------------------------------ */

struct ev_ctx {
	struct json_peer jp;
	char router_id[INET_ADDRSTRLEN];
};

static void peer_json(struct peer *p, struct conn *c, struct ev_ctx *e, const char *direction)
{
	if (!hostname[0])
		gethostname(hostname, sizeof hostname - 1);
	struct in_addr a = { htonl(p->conf->router_id) };
	inet_ntop(AF_INET, &a, e->router_id, sizeof e->router_id);
	struct json_peer *jp = &e->jp;
	jp->api = JSON_API_V4;
	jp->version = NULL;
	jp->host = hostname;
	jp->pid = getpid();
	jp->ppid = getppid();
	jp->counter = 0;
	if (c && c->local_text[0])
		snprintf(p->local_text, sizeof p->local_text, "%s", c->local_text);
	jp->local_addr = p->local_text;
	jp->peer_addr = p->conf->name;
	jp->local_as = p->conf->local_as;
	jp->peer_as = p->conf->peer_as;
	jp->router_id = e->router_id;
	jp->direction = direction;
	struct timeval tv;
	gettimeofday(&tv, NULL);
	jp->time = tv.tv_sec + tv.tv_usec / 1e6;
}

static void to_stdout(struct buf *b)
{
	if (!b->len || b->data[b->len - 1] != '\n')
		buf_put_u8(b, '\n');
	fwrite(b->data, 1, b->len, stdout);
	fflush(stdout);
}

/* ----- messages ---------------------------------------------------------- */

struct ev_msg {
	uint8_t type;
	const uint8_t *msg;          /* whole message, header included */
	size_t len;
	const struct wire_open *open;
	const struct wire_update *update;
	const uint8_t *blob;
	size_t bloblen;
	const struct wire_notification *notification;
	const struct wire_route_refresh *refresh;
	const struct wire_operational *operational;
};

static void encode_json(struct buf *b, const struct json_peer *jp, struct peer *p, const struct ev_msg *m,
                        const struct json_raw *raw)
{
	switch (m->type) {
	case BGP_OPEN: json_open(b, jp, m->open, raw); break;
	case BGP_UPDATE: json_update(b, jp, &p->ctx, m->update, m->blob, m->bloblen, raw); break;
	case BGP_NOTIFICATION: json_notification(b, jp, m->notification, raw); break;
	case BGP_KEEPALIVE: json_keepalive(b, jp, raw); break;
	case BGP_ROUTE_REFRESH: json_refresh(b, jp, m->refresh, raw); break;
	case BGP_OPERATIONAL: json_operational(b, jp, m->operational, raw); break;
	default: break;
	}
}

static void encode_text(struct buf *b, const char *peer, const char *dir, const struct ev_msg *m,
                        const struct text_raw *raw)
{
	switch (m->type) {
	case BGP_OPEN: text_open(b, peer, dir, m->open, raw); break;
	case BGP_UPDATE: text_update(b, peer, dir, m->update, m->blob, m->bloblen, raw); break;
	case BGP_NOTIFICATION: text_notification(b, peer, dir, m->notification, raw); break;
	case BGP_KEEPALIVE: text_keepalive(b, peer, dir, raw); break;
	case BGP_ROUTE_REFRESH: text_refresh(b, peer, dir, m->refresh, raw); break;
	case BGP_OPERATIONAL: text_operational(b, peer, dir, m->operational, raw); break;
	default: break;
	}
}

/* One message to every subscribed helper, in its form and encoder. */
static void deliver(struct peer *p, struct conn *c, bool out, const struct ev_msg *m, struct events_subs *s)
{
	if (m->type >= KINDS || !(out ? s->any_tx[m->type] : s->any_rx[m->type]))
		return;
	const char *dir = out ? "send" : "receive";
	struct ev_ctx e;
	peer_json(p, c, &e, dir);
	const uint8_t *hdr = m->msg, *body = m->msg + BGP_HEADER_LEN;
	size_t blen = m->len - BGP_HEADER_LEN;
	for (int i = 0; i < s->n; i++) {
		struct sub *sub = &s->v[i];
		const struct api_flags *f = out ? &sub->tx : &sub->rx;
		if (!kind_wanted(f, m->type) || !format_wanted(f))
			continue;
		struct process *proc = sub->proc;
		struct buf *b = process_event_buf(proc);
		if (!b)
			continue;
		e.jp.api = proc->api_version >= 6 ? JSON_API_V6 : JSON_API_V4;
		if (proc->json) {
			struct json_raw raw = { hdr, body, blen, true };
			if (f->consolidate) {
				e.jp.counter = ++p->counter;
				encode_json(b, &e.jp, p, m, &raw);
			} else {
				if (f->packets) {
					e.jp.counter = ++p->counter;
					json_packets(b, &e.jp, m->type, hdr, body, blen);
				}
				if (f->parsed) {
					e.jp.counter = ++p->counter;
					encode_json(b, &e.jp, p, m, NULL);
				}
			}
		} else {
			struct text_raw raw = { hdr, body, blen };
			if (f->consolidate) {
				encode_text(b, p->conf->name, dir, m, &raw);
			} else {
				if (f->packets)
					text_packets(b, p->conf->name, dir, m->type, &raw);
				if (f->parsed)
					encode_text(b, p->conf->name, dir, m, NULL);
			}
		}
		process_event_done(proc);
		if (!out)
			process_event_from(proc, p);
	}
}

static void deliver_in(struct peer *p, struct conn *c, const struct ev_msg *m)
{
	struct events_subs *s = subs_get(p);
	deliver(p, c, false, m, s);
	if (events_to_stdout && m->type != BGP_KEEPALIVE) {
		struct ev_ctx e;
		struct buf b = BUF_INIT;
		peer_json(p, c, &e, "in");
		e.jp.counter = ++p->counter;
		encode_json(&b, &e.jp, p, m, NULL);
		to_stdout(&b);
		buf_free(&b);
	}
}

/* ----- state ------------------------------------------------------------- */

void events_state(struct peer *p, const char *state, const char *reason)
{
	ctl_event_state(peer_name(p), state, reason);   /* event scripts: on("state") */
	struct events_subs *s = subs_get(p);
	if (!s->any_changes && !events_to_stdout)
		return;
	struct ev_ctx e;
	peer_json(p, p->conn, &e, NULL);
	for (int i = 0; i < s->n; i++) {
		struct sub *sub = &s->v[i];
		if (!sub->changes)
			continue;
		struct buf *b = process_event_buf(sub->proc);
		if (!b)
			continue;
		if (sub->proc->json) {
			e.jp.api = sub->proc->api_version >= 6 ? JSON_API_V6 : JSON_API_V4;
			e.jp.counter = ++p->counter;
			json_state(b, &e.jp, state, reason);
		} else {
			text_state(b, p->conf->name, state, reason);
		}
		process_event_done(sub->proc);
	}
	if (events_to_stdout) {
		struct buf b = BUF_INIT;
		e.jp.api = JSON_API_V4;
		e.jp.counter = ++p->counter;
		json_state(&b, &e.jp, state, reason);
		to_stdout(&b);
		buf_free(&b);
	}
}

void events_fsm(struct peer *p, enum fsm_state st)
{
	static const char *const names[] = { "IDLE", "CONNECT", "ACTIVE", "OPENSENT", "OPENCONFIRM", "ESTABLISHED" };
	struct events_subs *s = subs_get(p);
	if (!s->any_fsm)
		return;
	struct ev_ctx e;
	peer_json(p, p->conn, &e, NULL);
	for (int i = 0; i < s->n; i++) {
		struct sub *sub = &s->v[i];
		if (!sub->fsm || !sub->proc->json)
			continue;   /* the text encoder prints nothing for fsm (ExaBGP) */
		struct buf *b = process_event_buf(sub->proc);
		if (!b)
			continue;
		e.jp.api = sub->proc->api_version >= 6 ? JSON_API_V6 : JSON_API_V4;
		e.jp.counter = ++p->counter;
		json_fsm(b, &e.jp, names[st]);
		process_event_done(sub->proc);
	}
}

/* api { negotiated; } and api { signal; }: JSON only, the text encoder
 * prints nothing for either (ExaBGP's Text.negotiated/signal). */
static void deliver_simple(struct peer *p, bool negotiated, int signum, const char *signame)
{
	struct events_subs *s = subs_get(p);
	struct ev_ctx e;
	bool ready = false;
	for (int i = 0; i < s->n; i++) {
		struct sub *sub = &s->v[i];
		if (!(negotiated ? sub->negotiated : sub->signal) || !sub->proc->json)
			continue;
		struct buf *b = process_event_buf(sub->proc);
		if (!b)
			continue;
		if (!ready) {
			peer_json(p, p->conn, &e, NULL);
			ready = true;
		}
		e.jp.api = sub->proc->api_version >= 6 ? JSON_API_V6 : JSON_API_V4;
		e.jp.counter = ++p->counter;
		if (negotiated)
			json_negotiated(b, &e.jp, &p->ctx);
		else
			json_signal(b, &e.jp, signum, signame);
		process_event_done(sub->proc);
	}
}

void events_negotiated(struct peer *p)
{
	deliver_simple(p, true, 0, NULL);
}

void events_signal(struct daemon *d, int signum, const char *name)
{
	for (int i = 0; i < d->npeers; i++)
		if (d->peers[i] && !d->peers[i]->removed)
			deliver_simple(d->peers[i], false, signum, name);
}

/* ----- received messages -------------------------------------------------- */

void events_open_in(struct peer *p, struct conn *c, const struct wire_open *o, const uint8_t *msg, size_t len)
{
	struct ev_msg m = { .type = BGP_OPEN, .msg = msg, .len = len, .open = o };
	deliver_in(p, c, &m);
}

void events_update_in(struct peer *p, struct conn *c, const struct wire_update *u, const uint8_t *blob,
                      size_t bloblen, const uint8_t *msg, size_t len)
{
	if (ctl_updates_wanted)
		ctl_update_in(p, u, blob, bloblen);     /* event scripts: on("update") */
	struct events_subs *s = subs_get(p);
	if (!s->any_rx[BGP_UPDATE] && !events_to_stdout)
		return;
	struct ev_msg m = { .type = BGP_UPDATE, .msg = msg, .len = len, .update = u, .blob = blob,
	                    .bloblen = bloblen };
	struct wire_update w;
	if (u->err.action >= WIRE_TREAT_AS_WITHDRAW) {
		/* RFC 7606: report what the UPDATE did to the RIB, a withdrawal of
		 * everything it carried. */
		w = *u;
		if (u->nlri.len) {
			w.withdrawn = u->nlri;
			w.nlri.len = 0;
		}
		if (u->has_mp_reach && !u->has_mp_unreach) {
			w.mp_unreach = u->mp_reach;
			w.has_mp_unreach = true;
			w.has_mp_reach = false;
		}
		w.err.action = WIRE_OK;
		m.update = &w;
		m.blob = NULL;
		m.bloblen = 0;
	}
	deliver_in(p, c, &m);
}

void events_notification_in(struct peer *p, struct conn *c, const struct wire_notification *n,
                            const uint8_t *msg, size_t len)
{
	struct ev_msg m = { .type = BGP_NOTIFICATION, .msg = msg, .len = len, .notification = n };
	deliver_in(p, c, &m);
}

void events_keepalive_in(struct peer *p, struct conn *c, const uint8_t *msg, size_t len)
{
	struct events_subs *s = subs_get(p);
	if (!s->any_rx[BGP_KEEPALIVE])
		return;
	struct ev_msg m = { .type = BGP_KEEPALIVE, .msg = msg, .len = len };
	deliver(p, c, false, &m, s);
}

void events_refresh_in(struct peer *p, struct conn *c, const struct wire_route_refresh *rr,
                       const uint8_t *msg, size_t len)
{
	struct ev_msg m = { .type = BGP_ROUTE_REFRESH, .msg = msg, .len = len, .refresh = rr };
	deliver_in(p, c, &m);
}

void events_operational_in(struct peer *p, struct conn *c, const struct wire_operational *op,
                           const uint8_t *msg, size_t len)
{
	struct ev_msg m = { .type = BGP_OPERATIONAL, .msg = msg, .len = len, .operational = op };
	deliver_in(p, c, &m);
}

/* ----- sent messages ------------------------------------------------------- */

void events_sent(struct peer *p, struct conn *c, const uint8_t *msgs, size_t len)
{
	struct events_subs *s = subs_get(p);
	bool any = false;
	for (unsigned k = 1; k < KINDS; k++)
		any |= s->any_tx[k];
	if (!any)
		return;
	static struct buf blob;
	size_t off = 0;
	while (off + BGP_HEADER_LEN <= len) {
		const uint8_t *m = msgs + off;
		size_t mlen = get_be16(m + 16);
		uint8_t type = m[18];
		if (mlen < BGP_HEADER_LEN || off + mlen > len)
			break;
		off += mlen;
		if (type >= KINDS || !s->any_tx[type])
			continue;
		const uint8_t *body = m + BGP_HEADER_LEN;
		size_t blen = mlen - BGP_HEADER_LEN;
		struct ev_msg em = { .type = type, .msg = m, .len = mlen };
		struct wire_open o;
		struct wire_update u;
		struct wire_notification n;
		struct wire_route_refresh rr;
		struct wire_operational op;
		struct wire_error e;
		switch (type) {
		case BGP_OPEN:
			if (wire_open_decode(body, blen, &o, &e) < 0)
				continue;
			em.open = &o;
			break;
		case BGP_UPDATE:
			wire_update_decode(body, blen, &p->ctx, &u, &blob);
			if (u.err.action == WIRE_SESSION_RESET)
				continue;
			em.update = &u;
			em.blob = blob.data;
			em.bloblen = blob.len;
			break;
		case BGP_NOTIFICATION:
			wire_notification_decode(body, blen, &n);
			em.notification = &n;
			break;
		case BGP_ROUTE_REFRESH:
			if (wire_route_refresh_decode(body, blen, &rr, &e) < 0)
				continue;
			em.refresh = &rr;
			break;
		case BGP_OPERATIONAL:
			if (wire_operational_decode(body, blen, &op, &e) < 0)
				continue;
			em.operational = &op;
			break;
		default:
			break;
		}
		deliver(p, c, true, &em, s);
	}
}
