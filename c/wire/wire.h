/* BGP wire constants, the bounds-checked reader and the error value every
 * decoder returns.  Pure code: no I/O, no allocation beyond struct buf. */
#ifndef LB_WIRE_WIRE_H
#define LB_WIRE_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* RFC 4271 section 4.1; RFC 8654 raises the maximum to 65535. */
enum {
	BGP_MARKER_LEN = 16,
	BGP_HEADER_LEN = 19,
	BGP_MAX_MSG = 4096,
	BGP_MAX_EXT_MSG = 65535,
};

enum bgp_msg_type {
	BGP_OPEN = 1,
	BGP_UPDATE = 2,
	BGP_NOTIFICATION = 3,
	BGP_KEEPALIVE = 4,
	BGP_ROUTE_REFRESH = 5,
	BGP_OPERATIONAL = 6,   /* draft-ietf-idr-operational-message, as ExaBGP */
};

/* Path attribute type codes (IANA "BGP Path Attributes"). */
enum bgp_attr_code {
	ATTR_ORIGIN = 1,
	ATTR_AS_PATH = 2,
	ATTR_NEXT_HOP = 3,
	ATTR_MED = 4,
	ATTR_LOCAL_PREF = 5,
	ATTR_ATOMIC_AGGREGATE = 6,
	ATTR_AGGREGATOR = 7,
	ATTR_COMMUNITIES = 8,
	ATTR_ORIGINATOR_ID = 9,
	ATTR_CLUSTER_LIST = 10,
	ATTR_MP_REACH_NLRI = 14,
	ATTR_MP_UNREACH_NLRI = 15,
	ATTR_EXT_COMMUNITIES = 16,
	ATTR_AS4_PATH = 17,
	ATTR_AS4_AGGREGATOR = 18,
	ATTR_PMSI_TUNNEL = 22,
	ATTR_TUNNEL_ENCAP = 23,
	ATTR_IPV6_EXT_COMMUNITIES = 25,
	ATTR_AIGP = 26,
	ATTR_BGP_LS = 29,
	ATTR_LARGE_COMMUNITIES = 32,
	ATTR_OTC = 35,
	ATTR_PREFIX_SID = 40,
};

/* Attribute flag bits (RFC 4271 section 4.3). */
enum {
	ATTR_FLAG_OPTIONAL = 0x80,
	ATTR_FLAG_TRANSITIVE = 0x40,
	ATTR_FLAG_PARTIAL = 0x20,
	ATTR_FLAG_EXTENDED = 0x10,
};

/* AS_PATH segment types (RFC 4271, RFC 5065). */
enum { AS_SET = 1, AS_SEQUENCE = 2, AS_CONFED_SEQUENCE = 3, AS_CONFED_SET = 4 };

/* NOTIFICATION error codes and subcodes (RFC 4271 section 4.5, RFC 4486,
 * RFC 7313, RFC 8203/9003). */
enum {
	ERR_HEADER = 1, ERR_OPEN = 2, ERR_UPDATE = 3, ERR_HOLD = 4, ERR_FSM = 5, ERR_CEASE = 6,
	ERR_ROUTE_REFRESH = 7,
};
enum { ERR_HEADER_SYNC = 1, ERR_HEADER_LENGTH = 2, ERR_HEADER_TYPE = 3 };
enum {
	ERR_OPEN_VERSION = 1, ERR_OPEN_PEER_AS = 2, ERR_OPEN_BGP_ID = 3, ERR_OPEN_OPTPARAM = 4,
	ERR_OPEN_HOLD = 6, ERR_OPEN_CAPABILITY = 7, ERR_OPEN_ROLE = 11,
};
enum {
	ERR_UPDATE_ATTR_LIST = 1, ERR_UPDATE_UNKNOWN_WELLKNOWN = 2, ERR_UPDATE_MISSING_WELLKNOWN = 3,
	ERR_UPDATE_FLAGS = 4, ERR_UPDATE_LENGTH = 5, ERR_UPDATE_ORIGIN = 6, ERR_UPDATE_NEXTHOP = 8,
	ERR_UPDATE_OPTIONAL = 9, ERR_UPDATE_NETWORK = 10, ERR_UPDATE_AS_PATH = 11,
};
enum {
	ERR_CEASE_MAX_PREFIX = 1, ERR_CEASE_ADMIN_SHUTDOWN = 2, ERR_CEASE_PEER_DECONFIGURED = 3,
	ERR_CEASE_ADMIN_RESET = 4, ERR_CEASE_CONNECTION_REJECTED = 5, ERR_CEASE_CONFIG_CHANGE = 6,
	ERR_CEASE_COLLISION = 7, ERR_CEASE_OUT_OF_RESOURCES = 8, ERR_CEASE_HARD_RESET = 9,
};

/* What a decoder asks the session to do with a message (RFC 7606 section 2,
 * strongest last so that max() combines several errors, section 3 (h)). */
enum wire_action {
	WIRE_OK = 0,                 /* use the message as decoded */
	WIRE_ATTR_DISCARD = 1,       /* one or more attributes were dropped; routes stand */
	WIRE_TREAT_AS_WITHDRAW = 2,  /* every NLRI in the UPDATE is withdrawn */
	WIRE_AFISAFI_DISABLE = 3,    /* RFC 4760 section 7: stop using that family */
	WIRE_SESSION_RESET = 4,      /* send NOTIFICATION code/subcode/data, close */
};

/* A decoding error: what to do, what to send, and a sentence for the log. */
struct wire_error {
	enum wire_action action;
	uint8_t code, subcode;       /* NOTIFICATION to send when action is RESET */
	uint8_t attr;                /* attribute type code concerned, 0 if none */
	uint16_t data_len;
	uint8_t data[64];            /* NOTIFICATION data (e.g. the offending attribute) */
	char why[160];               /* "AS_PATH: segment overruns attribute" */
};

void wire_error_set(struct wire_error *e, enum wire_action action, uint8_t code, uint8_t subcode,
                    uint8_t attr, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void wire_error_data(struct wire_error *e, const uint8_t *p, size_t n);

/* Bounds-checked reader over a received byte range.  Every getter returns 0
 * and sets r->err once the range is exhausted: callers test r->err (or the
 * return of wire_reader_need) instead of checking each read. */
struct wire_reader {
	const uint8_t *p;
	size_t left;
	bool err;
};

static inline void wire_reader_init(struct wire_reader *r, const uint8_t *p, size_t n)
{
	r->p = p;
	r->left = n;
	r->err = false;
}

static inline bool wire_reader_need(struct wire_reader *r, size_t n)
{
	if (r->err || r->left < n) {
		r->err = true;
		return false;
	}
	return true;
}

static inline uint8_t wire_get_u8(struct wire_reader *r)
{
	if (!wire_reader_need(r, 1))
		return 0;
	r->left--;
	return *r->p++;
}

static inline uint16_t wire_get_u16(struct wire_reader *r)
{
	if (!wire_reader_need(r, 2))
		return 0;
	uint16_t v = get_be16(r->p);
	r->p += 2;
	r->left -= 2;
	return v;
}

static inline uint32_t wire_get_u32(struct wire_reader *r)
{
	if (!wire_reader_need(r, 4))
		return 0;
	uint32_t v = get_be32(r->p);
	r->p += 4;
	r->left -= 4;
	return v;
}

/* Returns a pointer to the next n bytes and advances, or NULL (and err). */
static inline const uint8_t *wire_get_bytes(struct wire_reader *r, size_t n)
{
	if (!wire_reader_need(r, n))
		return NULL;
	const uint8_t *p = r->p;
	r->p += n;
	r->left -= n;
	return p;
}

/* A message type we do not accept (unknown, or OPERATIONAL without its
 * capability): NOTIFICATION 1/0 with ExaBGP's sentence as data. */
void wire_error_bad_type(struct wire_error *e, uint8_t type);
/* Message framing (RFC 4271 section 4.1 and 6.1).  Given at least 19 bytes,
 * checks the marker, the length against max_len and the type; returns 0 and
 * fills *len and *type, or -1 with e set to NOTIFICATION 1/x. */
int wire_header_check(const uint8_t *hdr, size_t max_len, uint16_t *len, uint8_t *type,
                      struct wire_error *e);
/* Append a 19-byte header with the given type; patch the length with
 * wire_msg_finish once the body is written. Returns the header offset. */
size_t wire_msg_begin(struct buf *out, uint8_t type);
void wire_msg_finish(struct buf *out, size_t start);
void wire_keepalive_encode(struct buf *out);

#endif
