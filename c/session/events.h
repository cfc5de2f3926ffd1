/* What the session reports: ExaBGP's JSON events, handed to whoever
 * subscribed (API processes, Lua, or stdout with `--events`).  The session
 * calls these at the points where ExaBGP emits the same events. */
#ifndef LB_SESSION_EVENTS_H
#define LB_SESSION_EVENTS_H

#include "session/peer.h"

/* Where events go when nobody else takes them: stdout (the README demo). */
extern bool events_to_stdout;

void events_state(struct peer *p, const char *state, const char *reason);
void events_open_in(struct peer *p, struct conn *c, const struct wire_open *o, const uint8_t *msg, size_t len);
void events_update_in(struct peer *p, struct conn *c, const struct wire_update *u, const uint8_t *blob,
                      size_t bloblen, const uint8_t *msg, size_t len);
void events_notification_in(struct peer *p, struct conn *c, const struct wire_notification *n,
                            const uint8_t *msg, size_t len);
void events_keepalive_in(struct peer *p, struct conn *c, const uint8_t *msg, size_t len);
void events_refresh_in(struct peer *p, struct conn *c, const struct wire_route_refresh *rr,
                       const uint8_t *msg, size_t len);
void events_message_out(struct peer *p, struct conn *c, uint8_t type);

#endif
