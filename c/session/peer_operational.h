/* OPERATIONAL messages of a peer (draft-ietf-idr-operational-message, as
 * ExaBGP runs them): what the configuration and the API send, and what the
 * peer sends us, which goes to the API helpers.  Both directions need the
 * capability in both OPENs (wire_session_ctx.operational). */
#ifndef LB_SESSION_PEER_OPERATIONAL_H
#define LB_SESSION_PEER_OPERATIONAL_H

#include "session/peer.h"

/* Messages of the peer's configuration: ASMs (kept per family, sent on every
 * new session) and the others (queued for the first session). */
void peer_op_new(struct peer *p);
void peer_op_free(struct peer *p);
/* The session is up: the ASMs, then what was queued while it was down. */
void peer_op_established(struct peer *p);
/* Send m now when established, else queue it for the next session; an ASM
 * is also kept for later sessions.  Not sent (logged) without the
 * capability configured or negotiated, or for a family the neighbor does
 * not carry, as ExaBGP. */
void peer_op_send(struct peer *p, const struct operational_msg *m);
/* A received OPERATIONAL message (whole message, header included) on an
 * established session that negotiated the capability.  Returns false when
 * the session was closed (malformed: NOTIFICATION 5/0). */
bool peer_op_receive(struct peer *p, struct conn *c, const uint8_t *msg, size_t len);

#endif
