/* ExaBGP's JSON events (the process API's "json" encoder, `lunabgp decode`,
 * and later Lua): one encoder for every consumer.  Output matches ExaBGP's
 * text byte for byte where helpers depend on it (spacing `"nlri": "..."`),
 * and structurally everywhere (see the decoding vectors). */
#ifndef LB_EVENT_JSON_H
#define LB_EVENT_JSON_H

#include "wire/notify.h"
#include "wire/operational.h"
#include "wire/update.h"

enum json_api { JSON_API_V4 = 4, JSON_API_V6 = 6 };

/* Who the event is about: the "neighbor" object and the envelope. */
struct json_peer {
	enum json_api api;          /* "exabgp": "4.0.1" for v4, "6.0.0" (or version) for v6 */
	const char *version;        /* ExaBGP version string for v6 ("5.0.0"); NULL = default */
	const char *host;           /* hostname for "host" */
	long pid, ppid;
	uint64_t counter;           /* per peer message counter */
	const char *local_addr, *peer_addr;   /* text */
	uint32_t local_as, peer_as;
	const char *router_id;      /* our router-id, text */
	const char *direction;      /* "in" / "out" */
	double time;                /* seconds since the epoch */
};

/* Optional raw message for "packets"/"consolidate" reports. */
struct json_raw {
	const uint8_t *header;      /* 19 bytes, or NULL */
	const uint8_t *body;
	size_t body_len;
	bool parsed;                /* include the decoded message */
};

void json_update(struct buf *out, const struct json_peer *p, const struct wire_session_ctx *ctx,
                 const struct wire_update *u, const uint8_t *blob, size_t bloblen,
                 const struct json_raw *raw);
void json_open(struct buf *out, const struct json_peer *p, const struct wire_open *o,
               const struct json_raw *raw);
void json_notification(struct buf *out, const struct json_peer *p, const struct wire_notification *n,
                       const struct json_raw *raw);
void json_keepalive(struct buf *out, const struct json_peer *p, const struct json_raw *raw);
void json_refresh(struct buf *out, const struct json_peer *p, const struct wire_route_refresh *rr,
                  const struct json_raw *raw);
/* "state": "connected" | "up" | "down" (with "reason" when down). */
void json_state(struct buf *out, const struct json_peer *p, const char *state, const char *reason);
/* An OPERATIONAL message (api receive/send { operational; }): ExaBGP's
 * "operational" object per category (advisory, query, counter, unknown). */
void json_operational(struct buf *out, const struct json_peer *p, const struct wire_operational *op,
                      const struct json_raw *raw);
/* Daemon-level notification ("shutdown"). */
void json_notice(struct buf *out, const struct json_peer *p, const char *what);
/* The raw message (api receive/send { packets; }). */
void json_packets(struct buf *out, const struct json_peer *p, unsigned category, const uint8_t *header,
                  const uint8_t *body, size_t body_len);
/* An FSM state change (api { fsm; }); state in ExaBGP's upper case. */
void json_fsm(struct buf *out, const struct json_peer *p, const char *state);
/* api { negotiated; }: the capabilities both OPENs settled (message size,
 * hold time, asn4, refresh, families, extended next hop, add-path). */
void json_negotiated(struct buf *out, const struct json_peer *p, const struct wire_session_ctx *ctx);
/* api { signal; }: the daemon received a signal ("code" as a string, and its
 * name, as ExaBGP). */
void json_signal(struct buf *out, const struct json_peer *p, int signum, const char *name);
/* The attribute object alone: "{ "origin": "igp", ... }" (also used by Lua). */
void json_attributes(struct buf *out, const uint8_t *blob, size_t bloblen);

#endif
