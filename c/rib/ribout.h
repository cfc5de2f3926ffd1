/* Adj-RIB-Out of one peer: what was advertised, and the pending changes not
 * yet on the wire.  Changes are coalesced per prefix (the last one wins; a
 * change back to what the peer already has cancels out, so an unchanged route
 * is never resent) and drained into as few UPDATEs as the negotiated message
 * size allows: withdrawals first, then one run of messages per attribute set
 * and family (RFC 4271 section 9.2). */
#ifndef LB_RIB_RIBOUT_H
#define LB_RIB_RIBOUT_H

#include "rib/rib.h"
#include "wire/update.h"

struct rib_out;

/* Pack MP_REACH announcements too (default false: ExaBGP sends one NLRI per
 * MP_REACH UPDATE). */
extern bool rib_out_group_mp;

struct rib_out *rib_out_new(void);
void rib_out_free(struct rib_out *o);
/* Queue an announcement (attrs referenced) or a withdrawal. */
void rib_out_announce(struct rib_out *o, const struct nlri_ref *n, struct attrset *attrs);
void rib_out_withdraw(struct rib_out *o, const struct nlri_ref *n);
/* rib_out_announce of n[0], n[1], ... n[count - 1] in that order, all with
 * attrs: the same result, faster for large loads (buckets prefetched). */
void rib_out_announce_many(struct rib_out *o, const struct nlri_ref *n, size_t count, struct attrset *attrs);
/* Room for n routes without rehashing (a hint before loading a large
 * table; changes nothing else, never shrinks). */
void rib_out_reserve(struct rib_out *o, size_t n);
/* Anything left to send? */
bool rib_out_pending(const struct rib_out *o);
size_t rib_out_pending_count(const struct rib_out *o);
/* Write pending changes as UPDATE messages to out until it holds at least
 * `budget` bytes or nothing is pending; only families ctx negotiated are
 * sent (others stay pending).  group_updates false: one NLRI per UPDATE
 * (ExaBGP's group-updates).  Returns true if changes remain. */
bool rib_out_flush(struct rib_out *o, struct buf *out, size_t budget,
                   const struct wire_session_ctx *ctx, const struct wire_encode_ctx *enc,
                   bool group_updates);
/* Changes the flushes could not encode since the last call: an NLRI that
 * with its attributes exceeds the session's message size (a 4 KiB FlowSpec
 * rule without RFC 8654 extended messages), or attributes alone too large.
 * Such an announcement is withdrawn from the Adj-RIB-Out (the peer must not
 * keep an older version), so the caller should say so: fam, nlri_len and
 * limit describe the last one.  Returns false (u zeroed) when there were none. */
struct rib_out_unsent {
	size_t count;
	fam_t fam;
	bool attrs;              /* the attributes alone did not fit */
	size_t nlri_len, limit;
};
bool rib_out_unsent_take(struct rib_out *o, struct rib_out_unsent *u);
/* Session went down: the peer has nothing; every route we want it to have
 * becomes pending again, withdrawals of it are forgotten. */
void rib_out_session_down(struct rib_out *o);
/* ROUTE-REFRESH for fam (FAM_NONE: all): resend every advertised route. */
void rib_out_refresh(struct rib_out *o, fam_t fam);
/* Withdraw everything (advertised and pending). `clear adj-rib out`. */
void rib_out_clear(struct rib_out *o);
/* Routes currently wanted (advertised or pending announce). */
size_t rib_out_count(const struct rib_out *o);
void rib_out_walk(const struct rib_out *o, void (*fn)(const struct rib_route *r, void *arg), void *arg);

#endif
