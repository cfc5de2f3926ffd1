/* ExaBGP's text encoder (`encoder text`, API v4: reactor/api/response/text.py):
 * one line per event, `neighbor 127.0.0.1 up`, and for an UPDATE a block
 * `neighbor A receive update start` / `... announced P next-hop N origin igp ...`
 * / `... end`.  Every function appends complete lines (with '\n') to out. */
#ifndef LB_EVENT_TEXT_H
#define LB_EVENT_TEXT_H

#include "base/buf.h"
#include "wire/notify.h"
#include "wire/open.h"
#include "wire/operational.h"
#include "wire/update.h"

/* Raw message for packets/consolidate: ` header 0x...` and ` body 0x...`. */
struct text_raw {
	const uint8_t *header;      /* 19 bytes or NULL */
	const uint8_t *body;
	size_t body_len;
};

/* direction: "receive" or "send" (ExaBGP's words). */
void text_state(struct buf *out, const char *peer, const char *state, const char *reason);
void text_shutdown(struct buf *out, long pid, long ppid);
void text_notification(struct buf *out, const char *peer, const char *direction,
                       const struct wire_notification *n, const struct text_raw *raw);
void text_keepalive(struct buf *out, const char *peer, const char *direction, const struct text_raw *raw);
void text_open(struct buf *out, const char *peer, const char *direction, const struct wire_open *o,
               const struct text_raw *raw);
void text_refresh(struct buf *out, const char *peer, const char *direction, const struct wire_route_refresh *rr,
                  const struct text_raw *raw);
void text_update(struct buf *out, const char *peer, const char *direction, const struct wire_update *u,
                 const uint8_t *blob, size_t bloblen, const struct text_raw *raw);
/* `neighbor A receive operational ADM afi ipv4 safi unicast advisory "..."`
 * (RPCQ: name and family; RPCP: router-id, sequence, counter; a type ExaBGP
 * does not know: `unknown type operational-type-N data 0x...`). */
void text_operational(struct buf *out, const char *peer, const char *direction,
                      const struct wire_operational *op, const struct text_raw *raw);
/* `neighbor A receive 2 header 0x... body 0x...` (receive { packets; }). */
void text_packets(struct buf *out, const char *peer, const char *direction, unsigned category,
                  const struct text_raw *raw);
/* The attributes as ExaBGP prints them: ` origin igp as-path [ 65001 ] ...`
 * (each with a leading space; NEXT_HOP is not included). */
void text_attributes(struct buf *out, const uint8_t *blob, size_t bloblen);

#endif
