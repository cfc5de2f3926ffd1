/* Adj-RIB-Out of one peer (RFC 4271 sections 3.2 and 9.2).
 *
 * One node per prefix the peer has or should have: `adv` is what was put on
 * the wire, r.attrs what we want it to have (NULL: withdrawn).  A node whose
 * two differ is pending and sits in exactly one FIFO list: the withdrawal
 * list of its family, or the list of its (family, attribute set) group.
 * Queuing a change moves the node to the tail of the right list, and a change
 * back to `adv` takes it out of the lists altogether, which is how an
 * unchanged route is never resent (ExaBGP conf-watchdog) while the last of
 * several changes wins (RFC 4271 section 9.2.1.1 lets a speaker do this).
 *
 * Flushing pops nodes from the heads of the lists into UPDATEs: every sent
 * node leaves its list, so a flush stopped by the output budget resumes at
 * the heads with no rescan, and the total work is O(changes queued). */
#include "rib/ribout.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "rib/rib_impl.h"

enum {
	RO_PENDING = 1,     /* in a list */
	RO_FORCE = 2,       /* resend even though r.attrs == adv (refresh) */
};

struct ro_node {
	struct ro_node *qnext, *qprev;
	struct attrset *adv;
	struct rib_route r;              /* last: NLRI inline */
};

/* A FIFO of pending nodes: one per family for withdrawals (attrs NULL),
 * one per (family, attribute set) for announcements. */
struct ro_group {
	struct ro_group *hnext;          /* group hash chain */
	struct ro_group *onext, *oprev;  /* announcement groups in creation order */
	struct attrset *attrs;           /* referenced while the group lives */
	fam_t fam;
	struct ro_node *head, *tail;
	size_t count;
};

struct rib_out {
	struct rib_hash h;               /* every node */
	size_t wanted;                   /* nodes with r.attrs != NULL */
	size_t pending;
	size_t pend_fam[FAM_MAX];
	struct ro_group wd[FAM_MAX];     /* withdrawals per family */
	struct ro_group **gb;            /* announcement groups by (fam, attrs) */
	size_t gmask, gcount;
	struct ro_group *ghead, *gtail;
	struct ro_group *glast;          /* lookup cache: batches share attributes */
	struct rib_out_unsent unsent;    /* since rib_out_unsent_take */
};

static inline struct ro_node *node_of(const struct rib_route *r)
{
	return (struct ro_node *)((char *)r - offsetof(struct ro_node, r));
}

static inline size_t node_size(size_t len)
{
	return offsetof(struct ro_node, r) + rib_route_size(len);
}

/* ---- groups ---------------------------------------------------------------- */

static inline uint32_t group_hash(fam_t fam, const struct attrset *a)
{
	return a->hash ^ (uint32_t)fam * 0x9e3779b1u;
}

static struct ro_group *group_find(struct rib_out *o, fam_t fam, struct attrset *a)
{
	if (o->glast && o->glast->attrs == a && o->glast->fam == fam)
		return o->glast;
	if (!o->gb)
		return NULL;
	for (struct ro_group *g = o->gb[group_hash(fam, a) & o->gmask]; g; g = g->hnext)
		if (g->attrs == a && g->fam == fam)
			return o->glast = g;
	return NULL;
}

static void group_hash_grow(struct rib_out *o)
{
	size_t n = o->gb ? (o->gmask + 1) * 2 : 16;
	struct ro_group **nb = xcalloc(n, sizeof *nb);
	for (size_t i = 0; o->gb && i <= o->gmask; i++) {
		struct ro_group *g = o->gb[i], *next;
		for (; g; g = next) {
			next = g->hnext;
			size_t k = group_hash(g->fam, g->attrs) & (n - 1);
			g->hnext = nb[k];
			nb[k] = g;
		}
	}
	free(o->gb);
	o->gb = nb;
	o->gmask = n - 1;
}

static struct ro_group *group_get(struct rib_out *o, fam_t fam, struct attrset *a)
{
	struct ro_group *g = group_find(o, fam, a);
	if (g)
		return g;
	if (!o->gb || o->gcount > o->gmask)
		group_hash_grow(o);
	g = rib_node_alloc(sizeof *g);   /* 1M distinct sets: 1M groups, no malloc header */
	memset(g, 0, sizeof *g);
	g->attrs = attrset_ref(a);
	g->fam = fam;
	size_t k = group_hash(fam, a) & o->gmask;
	g->hnext = o->gb[k];
	o->gb[k] = g;
	o->gcount++;
	g->oprev = o->gtail;
	if (o->gtail)
		o->gtail->onext = g;
	else
		o->ghead = g;
	o->gtail = g;
	return o->glast = g;
}

static void group_drop(struct rib_out *o, struct ro_group *g)
{
	struct ro_group **pp = &o->gb[group_hash(g->fam, g->attrs) & o->gmask];
	while (*pp != g)
		pp = &(*pp)->hnext;
	*pp = g->hnext;
	o->gcount--;
	if (g->oprev)
		g->oprev->onext = g->onext;
	else
		o->ghead = g->onext;
	if (g->onext)
		g->onext->oprev = g->oprev;
	else
		o->gtail = g->oprev;
	if (o->glast == g)
		o->glast = NULL;
	attrset_unref(g->attrs);
	rib_node_free(g, sizeof *g);
}

/* ---- pending lists ----------------------------------------------------------- */

static void q_link(struct rib_out *o, struct ro_node *n)
{
	struct ro_group *g = n->r.attrs ? group_get(o, n->r.fam, n->r.attrs) : &o->wd[n->r.fam];
	n->qnext = NULL;
	n->qprev = g->tail;
	if (g->tail)
		g->tail->qnext = n;
	else
		g->head = n;
	g->tail = n;
	g->count++;
	n->r.flags |= RO_PENDING;
	o->pending++;
	o->pend_fam[n->r.fam]++;
}

static void q_remove(struct rib_out *o, struct ro_group *g, struct ro_node *n)
{
	if (n->qprev)
		n->qprev->qnext = n->qnext;
	else
		g->head = n->qnext;
	if (n->qnext)
		n->qnext->qprev = n->qprev;
	else
		g->tail = n->qprev;
	g->count--;
	n->r.flags = 0;          /* RO_PENDING and RO_FORCE are all its bits */
	o->pending--;
	o->pend_fam[n->r.fam]--;
}

/* Take n out of its list (before r.attrs changes: it names the list). */
static void q_unlink(struct rib_out *o, struct ro_node *n)
{
	struct ro_group *g = n->r.attrs ? group_find(o, n->r.fam, n->r.attrs) : &o->wd[n->r.fam];
	q_remove(o, g, n);
	if (g->attrs && !g->count)
		group_drop(o, g);
}

static void node_free(struct rib_out *o, struct ro_node *n)
{
	rib_hash_remove(&o->h, &n->r);
	attrset_unref(n->adv);
	attrset_unref(n->r.attrs);
	rib_node_free(n, node_size(n->r.len));
}

/* ---- queuing changes ----------------------------------------------------------- */

static struct ro_node *node_lookup(struct rib_out *o, const struct nlri_ref *n)
{
	uint8_t buf[RIB_KEY_BUF];
	size_t len;
	const uint8_t *key = rib_nlri_key(n->fam, n->data, n->len, buf, &len);
	if (!key)
		return NULL;
	uint32_t hash = rib_key_hash(n->fam, n->path_id, key, len);
	struct rib_route *r = rib_hash_find(&o->h, n->fam, n->path_id, key, len, hash);
	return r ? node_of(r) : NULL;
}

/* rib_out_announce with the key already canonical and hashed. */
static void announce_key(struct rib_out *o, const struct nlri_ref *n, struct attrset *attrs,
                         const uint8_t *key, size_t len, uint32_t hash)
{
	struct rib_route *found = rib_hash_find(&o->h, n->fam, n->path_id, key, len, hash);
	struct ro_node *x = found ? node_of(found) : NULL;
	if (!x) {
		x = rib_node_alloc(node_size(len));
		x->adv = NULL;
		x->r.attrs = attrset_ref(attrs);
		x->r.path_id = n->path_id;
		x->r.hash = hash;
		x->r.fam = n->fam;
		x->r.len = (uint16_t)len;
		x->r.flags = 0;
		memcpy(x->r.nlri, key, len);
		rib_hash_insert(&o->h, &x->r);
		o->wanted++;
		q_link(o, x);
		return;
	}
	if (x->r.attrs == attrs)
		return;                  /* already wanted: keep its place in the queue */
	uint8_t force = x->r.flags & RO_FORCE;
	if (x->r.flags & RO_PENDING)
		q_unlink(o, x);
	if (!x->r.attrs)
		o->wanted++;
	attrset_unref(x->r.attrs);
	x->r.attrs = attrset_ref(attrs);
	if (attrs != x->adv || force) {
		q_link(o, x);
		x->r.flags |= force;
	}
}

void rib_out_announce(struct rib_out *o, const struct nlri_ref *n, struct attrset *attrs)
{
	if (!attrs) {
		rib_out_withdraw(o, n);
		return;
	}
	uint8_t buf[RIB_KEY_BUF];
	size_t len;
	const uint8_t *key = rib_nlri_key(n->fam, n->data, n->len, buf, &len);
	if (!key)
		return;
	announce_key(o, n, attrs, key, len, rib_key_hash(n->fam, n->path_id, key, len));
}

/* A large table loaded in one go (the configuration's static routes) is
 * bound by cache misses: on the bucket, then on the node heading its chain.
 * So the routes go through a short pipeline: route i is hashed and its
 * bucket prefetched, RO_AHEAD2 routes later the bucket is read and the
 * chain's first node prefetched, and RO_AHEAD routes later it is queued.
 * Queuing stays in order, so the result is that of rib_out_announce one
 * by one. */
#define RO_AHEAD 16
#define RO_AHEAD2 8
#define RO_RING 32    /* > RO_AHEAD, a power of two */

void rib_out_announce_many(struct rib_out *o, const struct nlri_ref *n, size_t count, struct attrset *attrs)
{
	if (!attrs) {
		for (size_t i = 0; i < count; i++)
			rib_out_withdraw(o, &n[i]);
		return;
	}
	/* keys: a copy in buf (IP prefixes) or the NLRI's own bytes; NULL:
	 * not storable, skipped as rib_out_announce does */
	uint8_t buf[RO_RING][RIB_KEY_BUF];
	const uint8_t *key[RO_RING];
	size_t len[RO_RING];
	uint32_t hash[RO_RING];
	for (size_t i = 0; i < count + RO_AHEAD; i++) {
		if (i < count) {
			size_t k = i % RO_RING;
			const struct nlri_ref *r = &n[i];
			key[k] = rib_nlri_key(r->fam, r->data, r->len, buf[k], &len[k]);
			if (key[k]) {
				hash[k] = rib_key_hash(r->fam, r->path_id, key[k], len[k]);
				if (o->h.b)
					__builtin_prefetch(&o->h.b[hash[k] & o->h.mask]);
			}
		}
		if (i >= RO_AHEAD2 && i - RO_AHEAD2 < count) {
			size_t k = (i - RO_AHEAD2) % RO_RING;
			if (key[k] && o->h.b) {
				const struct rib_route *head = o->h.b[hash[k] & o->h.mask];
				if (head)
					__builtin_prefetch(head);
			}
		}
		if (i >= RO_AHEAD) {
			size_t j = i - RO_AHEAD, k = j % RO_RING;
			if (key[k])
				announce_key(o, &n[j], attrs, key[k], len[k], hash[k]);
		}
	}
}

void rib_out_reserve(struct rib_out *o, size_t n)
{
	rib_hash_reserve(&o->h, n);
}

void rib_out_withdraw(struct rib_out *o, const struct nlri_ref *n)
{
	struct ro_node *x = node_lookup(o, n);
	if (!x || !x->r.attrs)
		return;                  /* nothing wanted: nothing to take back */
	if (x->r.flags & RO_PENDING)
		q_unlink(o, x);
	attrset_unref(x->r.attrs);
	x->r.attrs = NULL;
	o->wanted--;
	if (x->adv)
		q_link(o, x);
	else
		node_free(o, x);         /* never reached the peer: forget it */
}

/* ---- life cycle ------------------------------------------------------------------ */

struct rib_out *rib_out_new(void)
{
	struct rib_out *o = xcalloc(1, sizeof *o);
	rib_hash_init(&o->h);
	for (fam_t f = 0; f < FAM_MAX; f++)
		o->wd[f].fam = f;
	return o;
}

/* Visit every node; fn may free the node it is given. */
static void node_each(struct rib_out *o, void (*fn)(struct rib_out *o, struct ro_node *n, void *arg), void *arg)
{
	for (size_t i = 0; o->h.b && i <= o->h.mask; i++) {
		/* the buckets are read in order, the nodes are scattered: fetch
		 * the node a few buckets ahead (rib_out_free of 1M routes) */
		if (i + 8 <= o->h.mask && o->h.b[i + 8])
			__builtin_prefetch(o->h.b[i + 8]);
		struct rib_route *r = o->h.b[i], *next;
		for (; r; r = next) {
			next = r->next;
			fn(o, node_of(r), arg);
		}
	}
}

static void free_one(struct rib_out *o, struct ro_node *n, void *arg)
{
	attrset_unref(n->adv);
	attrset_unref(n->r.attrs);
	rib_node_free(n, node_size(n->r.len));
}

void rib_out_free(struct rib_out *o)
{
	if (!o)
		return;
	node_each(o, free_one, NULL);
	rib_hash_free(&o->h);
	struct ro_group *g, *next;
	for (g = o->ghead; g; g = next) {
		next = g->onext;
		attrset_unref(g->attrs);
		rib_node_free(g, sizeof *g);
	}
	free(o->gb);
	free(o);
}

static void down_one(struct rib_out *o, struct ro_node *n, void *arg)
{
	attrset_unref(n->adv);
	n->adv = NULL;
	if (!n->r.attrs) {
		if (n->r.flags & RO_PENDING)
			q_unlink(o, n);
		node_free(o, n);
	} else if (!(n->r.flags & RO_PENDING)) {
		q_link(o, n);
	}
}

void rib_out_session_down(struct rib_out *o)
{
	node_each(o, down_one, NULL);
}

static void refresh_one(struct rib_out *o, struct ro_node *n, void *arg)
{
	fam_t fam = *(const fam_t *)arg;
	if ((fam != FAM_NONE && n->r.fam != fam) || !n->adv || (n->r.flags & RO_PENDING))
		return;              /* pending ones go out anyway */
	q_link(o, n);
	n->r.flags |= RO_FORCE;
}

void rib_out_refresh(struct rib_out *o, fam_t fam)
{
	node_each(o, refresh_one, &fam);
}

static void clear_one(struct rib_out *o, struct ro_node *n, void *arg)
{
	if (!n->r.attrs)
		return;              /* a withdrawal is already queued */
	if (n->r.flags & RO_PENDING)
		q_unlink(o, n);
	attrset_unref(n->r.attrs);
	n->r.attrs = NULL;
	o->wanted--;
	if (n->adv)
		q_link(o, n);
	else
		node_free(o, n);     /* api-rib: never sent, never will be */
}

void rib_out_clear(struct rib_out *o)
{
	node_each(o, clear_one, NULL);
}

bool rib_out_pending(const struct rib_out *o)
{
	return o->pending != 0;
}

size_t rib_out_pending_count(const struct rib_out *o)
{
	return o->pending;
}

size_t rib_out_count(const struct rib_out *o)
{
	return o->wanted;
}

void rib_out_walk(const struct rib_out *o, void (*fn)(const struct rib_route *r, void *arg), void *arg)
{
	for (size_t i = 0; o->h.b && i <= o->h.mask; i++)
		for (const struct rib_route *r = o->h.b[i]; r; r = r->next)
			if (r->attrs)
				fn(r, arg);
}

/* ---- flushing ---------------------------------------------------------------------- */

/* The node's change is on the wire (or, for abandon, will never be). */
static void node_sent(struct rib_out *o, struct ro_node *n)
{
	attrset_unref(n->adv);
	n->adv = attrset_ref(n->r.attrs);
	if (!n->adv)
		node_free(o, n);
}

/* An announcement that cannot be encoded (attributes larger than a
 * message): the peer must not keep an older version of the route, so the
 * route is withdrawn instead (RFC 4271 section 9.2: what we cannot
 * advertise we must not leave advertised). */
static void node_abandon(struct rib_out *o, struct ro_node *n)
{
	attrset_unref(n->r.attrs);
	n->r.attrs = NULL;
	o->wanted--;
	if (n->adv)
		q_link(o, n);
	else
		node_free(o, n);
}

static void unsent_note(struct rib_out *o, const struct wire_update_builder *b, const struct ro_node *n,
                        bool attrs)
{
	o->unsent.count++;
	o->unsent.fam = n->r.fam;
	o->unsent.attrs = attrs;
	o->unsent.nlri_len = n->r.len;
	o->unsent.limit = b->limit;
}

bool rib_out_unsent_take(struct rib_out *o, struct rib_out_unsent *u)
{
	*u = o->unsent;
	memset(&o->unsent, 0, sizeof o->unsent);
	return u->count != 0;
}

static bool group_begin(struct wire_update_builder *b, const struct ro_group *g)
{
	if (g->attrs)
		return wire_update_begin_announce(b, g->fam, g->attrs->blob, g->attrs->len);
	/* Families whose withdrawals carry the route's attributes: one message
	 * per route, with what was advertised for it. */
	const struct ro_node *n = g->head;
	if (n && n->adv && wire_family_withdraw_attrs(g->fam) &&
	    wire_update_begin_withdraw_attrs(b, g->fam, n->adv->blob, n->adv->len))
		return true;
	return wire_update_begin_withdraw(b, g->fam);   /* the attributes are a courtesy */
}

/* Send g's nodes, one message after another, until g is empty or out holds
 * budget bytes.  Returns true when the budget stopped it. */
static bool group_drain(struct rib_out *o, struct wire_update_builder *b, struct ro_group *g,
                        struct buf *out, size_t budget, bool one)
{
	bool stop = false;
	while (g->head && !stop) {
		if (!group_begin(b, g)) {
			while (g->head) {
				struct ro_node *n = g->head;
				unsent_note(o, b, n, true);
				q_remove(o, g, n);
				if (g->attrs)
					node_abandon(o, n);
				else
					node_sent(o, n);   /* cannot happen for withdrawals */
			}
			break;
		}
		while (g->head) {
			struct ro_node *n = g->head;
			struct nlri_ref ref = rib_route_nlri(&n->r);
			if (!wire_update_add(b, &ref)) {
				if (b->count)
					break;             /* full: next message */
				/* Does not fit even alone: drop rather than loop. */
				unsent_note(o, b, n, false);
				q_remove(o, g, n);
				if (g->attrs)
					node_abandon(o, n);
				else
					node_sent(o, n);
				continue;
			}
			q_remove(o, g, n);
			node_sent(o, n);
			if (one || b->wd_attrs)
				break;
		}
		wire_update_end(b);
		stop = out->len >= budget;
	}
	if (g->attrs && !g->count)
		group_drop(o, g);
	return stop;
}

static bool sendable(const struct rib_out *o, const struct wire_session_ctx *ctx)
{
	for (fam_t f = 0; f < FAM_MAX; f++)
		if (o->pend_fam[f] && ctx->fam[f])
			return true;
	return false;
}

/* ExaBGP packs several NLRI per UPDATE only for IPv4 unicast in the classic
 * fields; MP_REACH announcements go one per message (its conf-ipv6grouping
 * vector pins this).  Off by default for compatibility; lunabgp.group_mp
 * turns on packing for every family. */
bool rib_out_group_mp;

/* Families whose announcements sharing attributes go in one UPDATE: IPv4
 * unicast, and MVPN, which ExaBGP packs too (conf-mvpn.ci); all of them
 * with lunabgp.group_mp. */
static bool family_packs(fam_t fam)
{
	return fam == FAM_IPV4_UNICAST || fam == FAM_IPV4_MCAST_VPN || fam == FAM_IPV6_MCAST_VPN ||
	       rib_out_group_mp;
}

/* Returns true while changes of negotiated families remain: the session
 * calls again once the socket drained.  Changes of other families stay
 * queued (rib_out_pending() still counts them) but do not ask for a call. */
bool rib_out_flush(struct rib_out *o, struct buf *out, size_t budget,
                   const struct wire_session_ctx *ctx, const struct wire_encode_ctx *enc,
                   bool group_updates)
{
	if (!sendable(o, ctx))
		return false;
	if (out->len >= budget)
		return true;
	struct wire_update_builder b;
	wire_update_builder_init(&b, out, ctx, enc);
	bool stop = false;
	/* Withdrawals first: a prefix moving between attribute sets never
	 * depends on them, and the peer frees its memory before growing it. */
	for (fam_t f = 0; f < FAM_MAX && !stop; f++)
		if (o->wd[f].head && ctx->fam[f])
			stop = group_drain(o, &b, &o->wd[f], out, budget, !group_updates);
	struct ro_group *g, *next;
	for (g = o->ghead; g && !stop; g = next) {
		next = g->onext;     /* g may be freed */
		if (ctx->fam[g->fam])
			stop = group_drain(o, &b, g, out, budget, !group_updates || !family_packs(g->fam));
	}
	/* Abandoned announcements may have queued withdrawals. */
	for (fam_t f = 0; f < FAM_MAX && !stop; f++)
		if (o->wd[f].head && ctx->fam[f])
			stop = group_drain(o, &b, &o->wd[f], out, budget, !group_updates);
	wire_update_builder_free(&b);
	return sendable(o, ctx);
}
