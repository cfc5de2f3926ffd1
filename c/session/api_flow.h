/* FlowSpec routes from the process API: sent at once, one UPDATE per
 * change, as ExaBGP does (see api_flow.c). */
#ifndef LB_SESSION_API_FLOW_H
#define LB_SESSION_API_FLOW_H

#include <stdbool.h>

#include "session/peer.h"
#include "wire/nlri.h"

struct attrset;

/* Is fam a FlowSpec family (ipv4/ipv6 flow, flow-vpn)? */
bool api_flow_family(fam_t fam);
/* Announce (with a) or withdraw (with the command's attributes a, may be
 * NULL) ref to p right now.  Returns false when the session is not
 * established or output is backed up: the caller then queues as usual. */
bool api_flow_route(struct peer *p, const struct nlri_ref *ref, struct attrset *a, bool announce);

#endif
