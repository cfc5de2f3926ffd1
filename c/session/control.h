/* The control socket: a unix stream socket (never TCP) for `lunabgp ctl`.
 * This file owns the sockets (bind with umask 0177, SO_PEERCRED check,
 * framing, bounded output per client); what a request means is decided by
 * the embed layer (c/embed/control.c), through the two ctl_* functions at
 * the end.
 *
 * Framing (both directions): [type: 1 byte][length: 4 bytes, big-endian]
 * [payload: length bytes], payload at most CONTROL_FRAME_MAX.  See
 * docs/lua.md for the frame types. */
#ifndef LB_SESSION_CONTROL_H
#define LB_SESSION_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

#define CONTROL_FRAME_MAX (1u << 20)
/* Output not yet read by a client beyond this: the client is dropped. */
#define CONTROL_OUT_MAX (8u << 20)

struct control_client;

/* The default socket path: /run/lunabgp.sock for root, else
 * $XDG_RUNTIME_DIR/lunabgp.sock, else /tmp/lunabgp-UID.sock. */
const char *control_default_path(void);

/* Listen on path (an existing socket file is replaced if nothing answers on
 * it).  A read-only socket accepts only show-type API commands. */
int control_listen(const char *path, bool readonly);
/* Close listeners (unlinking their paths) and every client. */
void control_close(void);

void control_send(struct control_client *c, char type, const char *data, size_t len);
bool control_readonly(const struct control_client *c);
/* A number for logs. */
unsigned control_id(const struct control_client *c);
/* While busy, the client's further frames wait (except 'K', cancel). */
void control_set_busy(struct control_client *c, bool busy);

/* A received UPDATE for on("update") (c/session/ctl_update.c): when
 * ctl_updates_wanted, the UPDATE in compact text, one line per field:
 *   a FAMILY<TAB>NEXT-HOP<TAB>ROUTE<TAB>ROUTE ...   announced
 *   w FAMILY<TAB>ROUTE<TAB>ROUTE ...                withdrawn
 * (ROUTE: the family's text form, which may hold spaces)
 *   t ATTRIBUTES                                  ExaBGP words (` origin igp ...`)
 *   e FAMILY                                      End-of-RIB
 * handed to ctl_event_update().  A treat-as-withdraw UPDATE (RFC 7606)
 * reports its prefixes as withdrawn. */
struct peer;
struct wire_update;
void ctl_update_in(struct peer *p, const struct wire_update *u, const uint8_t *blob, size_t bloblen);
void ctl_update_text(struct buf *out, const struct wire_update *u, const uint8_t *blob, size_t bloblen);

/* --- provided by the embed layer (c/embed/control.c) --------------------- */
void ctl_request(struct control_client *c, char type, const char *data, size_t len);
/* The client went away (or was dropped): forget everything about it. */
void ctl_client_gone(struct control_client *c);
/* A peer's state changed ("connected", "up", "down"; reason or NULL), from
 * the event fan-out (c/session/events.c): delivered to scripts' on("state"). */
void ctl_event_state(const char *peer, const char *state, const char *reason);
/* True while some running script has an on("update") handler: only then
 * does the receive path build the compact form (c/session/ctl_update.c). */
extern bool ctl_updates_wanted;
/* A received UPDATE in compact text form (ctl_update_text), for on("update"). */
void ctl_event_update(const char *peer, const char *text, size_t len);

#endif
