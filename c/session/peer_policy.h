/* Where routes meet the Lua policies of a neighbor (c/embed/policy.h):
 * import between decoding and Adj-RIB-In, export between static/API routes
 * and the neighbor's Adj-RIB-Out.  An exported route's edits affect only
 * that neighbor's copy. */
#ifndef LB_SESSION_PEER_POLICY_H
#define LB_SESSION_PEER_POLICY_H

#include "session/peer.h"

/* The announced NLRI of one UPDATE field with attributes a, through the
 * import chain, into Adj-RIB-In (rejected: removed from it). */
void peer_policy_import(struct peer *p, const struct wire_nlri_field *f, struct attrset *a);
/* Every route wanted in o (static routes not yet sent) through the export
 * chain: re-queued with the edited attributes, or dropped. */
void peer_policy_export_rib(struct peer *p, struct rib_out *o);
/* One route from the API: through the export chain when there is one,
 * then queued in the Adj-RIB-Out (or withdrawn if rejected). */
void peer_policy_announce(struct peer *p, const struct nlri_ref *n, struct attrset *a);

#endif
