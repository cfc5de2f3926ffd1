/* OPERATIONAL messages per peer (see peer_operational.h).  ExaBGP keeps the
 * last ASM of each family and sends it again whenever a session comes up;
 * other messages wait in a queue until the session is established and are
 * dropped with the session.  Nothing answers queries by itself: a helper
 * that wants to reply sends RPCP/APCP/LPCP through the API. */
#include "session/peer_operational.h"

#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "session/conn.h"
#include "session/daemon.h"
#include "session/events.h"
#include "wire/operational.h"

/* Messages waiting for a session; more are dropped (logged). */
#define PEER_OP_QUEUE_MAX 1024

struct peer_op {
	struct operational_msg *asm_[FAM_MAX];   /* last ASM per family, or NULL */
	struct operational_msg *queue;
	int n, cap;
	bool dropped_logged;
};

static struct operational_msg *op_copy(const struct operational_msg *m, struct operational_msg *dst)
{
	*dst = *m;
	dst->advisory = NULL;
	if (m->advisory_len) {
		dst->advisory = xmalloc(m->advisory_len);
		memcpy(dst->advisory, m->advisory, m->advisory_len);
	}
	return dst;
}

static void op_clear(struct operational_msg *m)
{
	free(m->advisory);
	m->advisory = NULL;
}

static struct peer_op *op_state(struct peer *p)
{
	if (!p->op)
		p->op = xcalloc(1, sizeof *p->op);
	return p->op;
}

static void op_keep_asm(struct peer_op *o, const struct operational_msg *m)
{
	if (m->fam >= FAM_MAX)
		return;
	if (!o->asm_[m->fam])
		o->asm_[m->fam] = xcalloc(1, sizeof *o->asm_[m->fam]);
	else
		op_clear(o->asm_[m->fam]);
	op_copy(m, o->asm_[m->fam]);
}

static void op_enqueue(struct peer *p, struct peer_op *o, const struct operational_msg *m)
{
	if (o->n >= PEER_OP_QUEUE_MAX) {
		if (!o->dropped_logged)
			log_warn("peer %s: %d OPERATIONAL messages wait for the session: dropping more", peer_name(p),
			         o->n);
		o->dropped_logged = true;
		return;
	}
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 8;
		o->queue = xrealloc(o->queue, (size_t)o->cap * sizeof *o->queue);
	}
	op_copy(m, &o->queue[o->n++]);
}

static void op_queue_clear(struct peer_op *o)
{
	for (int i = 0; i < o->n; i++)
		op_clear(&o->queue[i]);
	o->n = 0;
	o->dropped_logged = false;
}

/* The families a neighbor carries: its family block, IPv4 unicast without one. */
static bool peer_carries(const struct peer *p, fam_t fam)
{
	const struct neighbor_conf *nc = p->conf;
	bool any = false;
	for (int f = 0; f < FAM_MAX; f++)
		any |= nc->families[f];
	if (fam == FAM_NONE || fam >= FAM_MAX)
		return false;
	return any ? nc->families[fam] : fam == FAM_IPV4_UNICAST;
}

void peer_op_new(struct peer *p)
{
	const struct neighbor_conf *nc = p->conf;
	for (int i = 0; i < nc->noperational; i++) {
		const struct operational_msg *m = &nc->operational[i];
		if (!peer_carries(p, m->fam)) {
			log_warn("peer %s: operational %s for %s, a family the neighbor does not carry: ignored",
			         peer_name(p), wire_operational_name(m->type), family_name(m->fam));
			continue;
		}
		struct peer_op *o = op_state(p);
		if (m->type == OP_ASM)
			op_keep_asm(o, m);
		else
			op_enqueue(p, o, m);
	}
}

void peer_op_free(struct peer *p)
{
	struct peer_op *o = p->op;
	if (!o)
		return;
	for (int f = 0; f < FAM_MAX; f++) {
		if (o->asm_[f])
			op_clear(o->asm_[f]);
		free(o->asm_[f]);
	}
	op_queue_clear(o);
	free(o->queue);
	free(o);
	p->op = NULL;
}

/* Encode m for the established connection c (no kick). */
static void op_write(struct peer *p, struct conn *c, const struct operational_msg *m)
{
	const struct family_ops *ops = family_ops(m->fam);
	struct wire_operational w = {
		.type = m->type,
		.afi = ops ? ops->afi : 0,
		.safi = ops ? ops->safi : 0,
		/* ExaBGP: the router-id of our OPEN unless the command gave one */
		.router_id = m->has_router_id ? m->router_id : p->local_open.bgp_id,
		.sequence = m->sequence,
		.counter = m->counter,
		.data = m->advisory,
		.data_len = m->advisory_len,
	};
	size_t mark = c->out.len;
	wire_operational_encode(&c->out, &w);
	events_sent(p, c, c->out.data + mark, c->out.len - mark);
	log_info("peer %s: OPERATIONAL %s sent for %s", peer_name(p), wire_operational_name(m->type),
	         family_name(m->fam));
}

void peer_op_established(struct peer *p)
{
	struct peer_op *o = p->op;
	struct conn *c = p->conn;
	if (!o || !c)
		return;
	if (!p->conf->cap_operational || !p->ctx.operational) {
		if (o->n)
			log_notice("peer %s: OPERATIONAL not negotiated, %d queued message%s dropped", peer_name(p), o->n,
			           o->n == 1 ? "" : "s");
		op_queue_clear(o);
		return;
	}
	for (int f = 0; f < FAM_MAX; f++)
		if (o->asm_[f] && peer_carries(p, (fam_t)f))
			op_write(p, c, o->asm_[f]);
	for (int i = 0; i < o->n; i++)
		op_write(p, c, &o->queue[i]);
	op_queue_clear(o);
	conn_kick(p->daemon->loop, c);
}

void peer_op_send(struct peer *p, const struct operational_msg *m)
{
	const char *name = wire_operational_name(m->type);
	if (!p->conf->cap_operational) {
		/* ExaBGP drops them without the capability configured */
		log_info("peer %s: operational %s not sent: the capability is not configured", peer_name(p), name);
		return;
	}
	if (!peer_carries(p, m->fam)) {
		log_warn("peer %s: operational %s not sent: family %s is not configured on the neighbor",
		         peer_name(p), name, family_name(m->fam));
		return;
	}
	struct peer_op *o = op_state(p);
	struct conn *c = p->conn;
	bool up = c && c->state == FSM_ESTABLISHED;
	if (m->type == OP_ASM) {
		op_keep_asm(o, m);   /* every later session sends it too */
		if (!up)
			return;
	} else if (!up) {
		op_enqueue(p, o, m);
		return;
	}
	if (!p->ctx.operational) {
		log_notice("peer %s: operational %s not sent: the peer did not offer the capability", peer_name(p),
		           name);
		return;
	}
	op_write(p, c, m);
	conn_kick(p->daemon->loop, c);
}

bool peer_op_receive(struct peer *p, struct conn *c, const uint8_t *msg, size_t len)
{
	struct wire_operational op;
	struct wire_error e;
	if (wire_operational_decode(msg + BGP_HEADER_LEN, len - BGP_HEADER_LEN, &op, &e) < 0) {
		peer_conn_error(p, c, &e, msg, len);
		return false;
	}
	const char *name = wire_operational_name(op.type);
	if (name)
		log_info("peer %s: OPERATIONAL %s received (afi %u safi %u)", peer_name(p), name, op.afi, op.safi);
	else
		log_info("peer %s: OPERATIONAL of unknown type %u received", peer_name(p), op.type);
	events_operational_in(p, c, &op, msg, len);
	return true;
}
