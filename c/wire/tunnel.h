/* Tunnel Encapsulation attribute (type 23, RFC 9012) framing, shared by the
 * UPDATE decoder (its RFC 7606 check) and the JSON encoder (event/
 * json_tunnel.c): tunnel TLVs of [type:2][length:2], sub-TLVs of [type:1]
 * [length:1] (types < 128) or [length:2] (types >= 128, RFC 9012 section 2),
 * and the SR Policy tunnel type's code points (RFC 9830, RFC 9831). */
#ifndef LB_WIRE_TUNNEL_H
#define LB_WIRE_TUNNEL_H

#include "wire/wire.h"

enum {
	TUNNEL_TYPE_SR_POLICY = 15,
	/* SR Policy sub-TLVs (RFC 9830 section 2.4) */
	TUNNEL_SUB_PREFERENCE = 12, TUNNEL_SUB_BINDING_SID = 13, TUNNEL_SUB_PRIORITY = 15,
	TUNNEL_SUB_SRV6_BINDING_SID = 20, TUNNEL_SUB_SEGMENT_LIST = 128,
	TUNNEL_SUB_CANDIDATE_PATH_NAME = 129, TUNNEL_SUB_POLICY_NAME = 130,
	/* Segment List sub-sub-TLVs (RFC 9830 2.4.4.2, RFC 9831 section 2) */
	TUNNEL_SEG_A = 1, TUNNEL_SEG_C = 3, TUNNEL_SEG_D = 4, TUNNEL_SEG_E = 5, TUNNEL_SEG_F = 6,
	TUNNEL_SEG_G = 7, TUNNEL_SEG_H = 8, TUNNEL_SEG_WEIGHT = 9, TUNNEL_SEG_B = 13,
	TUNNEL_SEG_I = 14, TUNNEL_SEG_J = 15, TUNNEL_SEG_K = 16,
	/* Segment flags: B = SRv6 Endpoint Behavior and SID Structure follow */
	TUNNEL_SEG_FLAG_A = 0x40, TUNNEL_SEG_FLAG_B = 0x10,
	TUNNEL_SRV6_BSID_FLAG_B = 0x20,
};

struct tunnel_tlv {
	uint16_t type;
	uint16_t len;
	const uint8_t *value;
};
struct tunnel_tlv_iter {
	const uint8_t *p;
	size_t n, off;
	bool error;   /* a TLV ran past the attribute */
};
void tunnel_tlv_iter_init(struct tunnel_tlv_iter *it, const uint8_t *v, size_t n);
bool tunnel_tlv_next(struct tunnel_tlv_iter *it, struct tunnel_tlv *t);

struct tunnel_sub {
	uint8_t type;
	uint16_t len;
	const uint8_t *value;
};
struct tunnel_sub_iter {
	const uint8_t *p;
	size_t n, off;
	bool error;   /* a sub-TLV header or value ran past its tunnel TLV */
};
void tunnel_sub_iter_init(struct tunnel_sub_iter *it, const uint8_t *v, size_t n);
bool tunnel_sub_next(struct tunnel_sub_iter *it, struct tunnel_sub *s);

/* RFC 9012 section 13 / RFC 7606: NULL when every tunnel TLV, sub-TLV and
 * (for SR Policy) segment sub-sub-TLV is framed within its container, else
 * a static reason and *where, the offset in the attribute value. */
const char *tunnel_encap_problem(const uint8_t *v, size_t n, size_t *where);

#endif
