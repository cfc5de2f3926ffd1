/* What the session reports: ExaBGP's API events, routed to the helper
 * processes each neighbor's `api { ... }` bindings subscribe (in each
 * helper's encoder, json v4/v6 or text), and to stdout with `--events`.
 * The session calls these at the points where ExaBGP emits the same events. */
#ifndef LB_SESSION_EVENTS_H
#define LB_SESSION_EVENTS_H

#include "session/peer.h"
#include "wire/operational.h"

/* `--events`: every event as ExaBGP v4 JSON on stdout (the README demo and
 * the functional tests), whatever the subscriptions. */
extern bool events_to_stdout;

/* neighbor-changes: "connected", "up", "down" (with reason). */
void events_state(struct peer *p, const char *state, const char *reason);
/* api { fsm; }: every state change of the peer. */
void events_fsm(struct peer *p, enum fsm_state s);
/* api { negotiated; }: after the OPEN exchange (p->ctx is negotiated). */
void events_negotiated(struct peer *p);
/* api { signal; }: the daemon got signum (SIGUSR1, SIGUSR2...), reported to
 * the helpers of every peer whose binding asks for it. */
struct daemon;
void events_signal(struct daemon *d, int signum, const char *name);
void events_open_in(struct peer *p, struct conn *c, const struct wire_open *o, const uint8_t *msg, size_t len);
void events_update_in(struct peer *p, struct conn *c, const struct wire_update *u, const uint8_t *blob,
                      size_t bloblen, const uint8_t *msg, size_t len);
void events_notification_in(struct peer *p, struct conn *c, const struct wire_notification *n,
                            const uint8_t *msg, size_t len);
void events_keepalive_in(struct peer *p, struct conn *c, const uint8_t *msg, size_t len);
void events_refresh_in(struct peer *p, struct conn *c, const struct wire_route_refresh *rr,
                       const uint8_t *msg, size_t len);
/* A received OPERATIONAL message (api receive { operational; }). */
void events_operational_in(struct peer *p, struct conn *c, const struct wire_operational *op,
                           const uint8_t *msg, size_t len);
/* Messages queued for the peer (complete BGP messages back to back), for
 * api send { ... } subscribers (direction "send"). */
void events_sent(struct peer *p, struct conn *c, const uint8_t *msgs, size_t len);
/* Whether anyone subscribed to sent messages of this peer (cheap). */
bool events_send_wanted(struct peer *p);
/* The peer goes away: drop its cached subscriptions. */
void events_peer_free(struct peer *p);

#endif
