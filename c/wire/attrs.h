/* The canonical attribute blob: how lunabgp holds the path attributes of a
 * route everywhere after decoding (RIB, interning, JSON, Lua).
 *
 * A blob is a sequence of entries  [flags:1][code:1][len:2, big-endian][value]
 * sorted by code, each code at most once.  Values are the RFC wire values,
 * normalised so that one route has one representation whoever sent it:
 *   - AS_PATH (2) always has 4-octet ASNs; AS4_PATH (17) never appears
 *     (a 2-octet peer's AS_PATH + AS4_PATH are merged, RFC 6793 section 4.2.3).
 *     An empty AS_PATH is an entry of length 0.
 *   - AGGREGATOR (7) is always 8 bytes (4-octet AS, IPv4); AS4_AGGREGATOR never.
 *   - NEXT_HOP (3) carries the next hop of the route whatever its family:
 *     4 bytes (IPv4), 16 (IPv6), 32 (IPv6 global + link-local), or 0 meaning
 *     "self" (resolved per peer when encoding).  MP_REACH/MP_UNREACH never appear.
 *   - Known attributes carry their canonical flags (optional/transitive as
 *     defined, no extended-length bit); unknown ones keep the flags received
 *     (with Partial set when passed on, RFC 4271 section 5), except the
 *     extended-length bit, which the encoder decides from the length.
 *   - Pseudo-attributes with codes >= 0xF0 are local (never sent), reserved
 *     for later issues (e.g. labels/RD of VPN routes live in the NLRI instead).
 * Because the form is canonical, two routes have the same attributes exactly
 * when their blobs are byte-equal: interning is hashing and memcmp. */
#ifndef LB_WIRE_ATTRS_H
#define LB_WIRE_ATTRS_H

#include "wire/wire.h"

struct attr_entry {
	uint8_t flags;
	uint8_t code;
	uint16_t len;
	const uint8_t *value;
};

struct attr_iter {
	const uint8_t *p, *end;
};

static inline void attr_iter_init(struct attr_iter *it, const uint8_t *blob, size_t len)
{
	it->p = blob;
	it->end = blob + len;
}

static inline bool attr_iter_next(struct attr_iter *it, struct attr_entry *e)
{
	if (it->end - it->p < 4)
		return false;
	e->flags = it->p[0];
	e->code = it->p[1];
	e->len = get_be16(it->p + 2);
	e->value = it->p + 4;
	it->p += 4 + (size_t)e->len;
	return true;
}

/* Find one attribute; returns false when absent. */
bool attrs_find(const uint8_t *blob, size_t len, uint8_t code, struct attr_entry *out);
/* Build a blob in out from blob with attribute `code` set to value (added or
 * replaced, keeping the order); value NULL removes it. */
void attrs_set(struct buf *out, const uint8_t *blob, size_t len, uint8_t flags, uint8_t code,
               const uint8_t *value, uint16_t vlen);
/* Canonical flags of a known attribute code (0x40 for ORIGIN...), or -1. */
int attrs_known_flags(uint8_t code);
/* Check that a blob is well-formed (sorted, unique, lengths consistent);
 * used on blobs that come from outside C (Lua). */
bool attrs_valid(const uint8_t *blob, size_t len);

/* How to encode a blob for one peer (RFC 4271 section 5.1, RFC 6793). */
struct wire_encode_ctx {
	bool asn4;            /* 4-octet AS negotiated: else AS_PATH 2-octet + AS4_PATH */
	bool ebgp;            /* prepend local_as, drop LOCAL_PREF/ORIGINATOR/CLUSTER */
	uint32_t local_as;
	bool add_local_pref;  /* iBGP: add LOCAL_PREF 100 when the route has none */
	uint8_t self_v4[4];   /* next-hop self: our address on this session */
	uint8_t self_v6[16];
	bool have_self_v4, have_self_v6;
	/* draft-ietf-idr-linklocal-capability: with the capability negotiated
	 * and a configured local-link-local, a 16-byte IPv6 next hop is sent as
	 * global + link-local (32 bytes). */
	uint8_t link_local[16];
	bool have_link_local;
};

/* Append the wire path attributes for blob, in type-code order, without
 * NEXT_HOP when `classic_next_hop` is false (the caller puts the next hop in
 * MP_REACH instead) and without MP_*.  ORIGIN and AS_PATH are always emitted
 * (IGP and empty when absent).  Returns false if the encoding does not fit
 * 65535 bytes of attributes. */
bool wire_attrs_encode(struct buf *out, const uint8_t *blob, size_t len,
                       const struct wire_encode_ctx *ctx, bool classic_next_hop);

#endif
