/* API changes of FlowSpec routes go on the wire one by one, at once, as
 * ExaBGP sends them (api-flow.ci, api-broken-flow.ci; vectors README
 * section 11): no coalescing of a withdrawal with the announcement that
 * follows, a withdrawal carries the attributes of the withdraw command
 * (its `then` actions), and one of a route the peer never had is still
 * sent, preceded by ExaBGP's attributes-only UPDATE.  Duplicate
 * announcements stay suppressed by the Adj-RIB-Out. */
#include "session/api_flow.h"

#include <stdint.h>

#include "base/log.h"
#include "rib/attrset.h"
#include "rib/ribout.h"
#include "session/conn.h"
#include "session/daemon.h"
#include "session/events.h"
#include "session/peer_policy.h"
#include "wire/update.h"

bool api_flow_family(fam_t fam)
{
	const struct family_ops *ops = family_ops(fam);
	return ops && (ops->safi == SAFI_FLOW || ops->safi == SAFI_FLOW_VPN);
}

/* The UPDATE with path attributes and no NLRI that ExaBGP writes before
 * withdrawing a flow it never announced. */
static void attrs_only(struct buf *out, struct peer *p, const uint8_t *blob, size_t len)
{
	struct buf attrs;
	buf_init(&attrs);
	if (wire_attrs_encode(&attrs, blob, len, &p->enc, false) && attrs.len <= 4000) {
		size_t start = wire_msg_begin(out, BGP_UPDATE);
		buf_put_u16(out, 0);
		buf_put_u16(out, (uint16_t)attrs.len);
		buf_put(out, attrs.data, attrs.len);
		wire_msg_finish(out, start);
	}
	buf_free(&attrs);
}

bool api_flow_route(struct peer *p, const struct nlri_ref *ref, struct attrset *a, bool announce)
{
	struct conn *c = p->conn;
	if (!c || c->state != FSM_ESTABLISHED)
		return false;   /* queued: the Adj-RIB-Out sends it once established */
	peer_flush(p);      /* what was queued before goes first */
	if (rib_out_pending(p->adj_out))
		return false;   /* output is backed up: queue as usual */
	if (announce) {
		peer_policy_announce(p, ref, a);
		peer_flush(p);
		return true;
	}
	/* Withdrawal: let the Adj-RIB-Out forget the route (its own message,
	 * with the advertised attributes, is dropped), then send ours. */
	rib_out_withdraw(p->adj_out, ref);
	bool had = rib_out_pending(p->adj_out);
	if (had) {
		struct buf scratch;
		buf_init(&scratch);
		rib_out_flush(p->adj_out, &scratch, SIZE_MAX, &p->ctx, &p->enc, false);
		buf_free(&scratch);
	}
	static const uint8_t empty[1];
	const uint8_t *blob = a ? a->blob : empty;
	size_t blen = a ? a->len : 0;
	size_t mark = c->out.len;
	if (!had)
		attrs_only(&c->out, p, blob, blen);
	struct wire_update_builder b;
	wire_update_builder_init(&b, &c->out, &p->ctx, &p->enc);
	bool sent = false;
	if (wire_update_begin_withdraw_attrs(&b, ref->fam, blob, blen))
		sent = wire_update_add(&b, ref);
	/* without the attributes it may fit (4 KiB rules, no RFC 8654) */
	if (!sent && wire_update_begin_withdraw(&b, ref->fam))
		sent = wire_update_add(&b, ref);
	wire_update_end(&b);
	if (!sent)
		log_warn("peer %s: %s withdrawal not sent: NLRI of %u bytes does not fit an UPDATE of %zu bytes",
		         peer_name(p), family_name(ref->fam), ref->len, b.limit);
	wire_update_builder_free(&b);
	if (c->out.len > mark)
		events_sent(p, c, c->out.data + mark, c->out.len - mark);
	conn_kick(p->daemon->loop, c);
	return true;
}
