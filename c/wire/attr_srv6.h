/* BGP Prefix-SID attribute (type 40, RFC 8669) TLV walking and the SRv6
 * service TLVs (RFC 9252 section 2): L3 (type 5) and L2 (type 6) service
 * TLVs, their SRv6 SID Information sub-TLVs (type 1) and the SID Structure
 * sub-sub-TLV (type 1).  Pure bounds-checked parsing (RFC 7606: a
 * malformed value is reported, never read past). */
#ifndef LB_WIRE_ATTR_SRV6_H
#define LB_WIRE_ATTR_SRV6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SRV6_TLV_L3_SERVICE 5
#define SRV6_TLV_L2_SERVICE 6
#define SRV6_MAX_SIDS 8

struct srv6_sid_info {
	uint8_t sid[16];
	uint8_t flags;
	uint16_t behavior;
	bool has_structure;
	uint8_t structure[6];   /* block, node, function, argument, transposition length, offset */
};

struct srv6_service {
	uint8_t type;           /* 5 or 6 */
	size_t nsids;
	struct srv6_sid_info sids[SRV6_MAX_SIDS];
};

/* Next Prefix-SID TLV (type:1, length:2, value) from v[*off..len).  Returns
 * 1 and advances, 0 at the end, -1 when the TLV overruns the attribute. */
int prefix_sid_tlv_next(const uint8_t *v, size_t len, size_t *off, uint8_t *type, const uint8_t **p,
                        size_t *l);
/* RFC 8669 section 6: is a Prefix-SID attribute value malformed?  NULL when
 * it is well-formed, else a static sentence with *at the offset in v of the
 * TLV at fault.  Malformed: shorter than one TLV header, a TLV running past
 * the attribute, a Label-Index TLV (type 1) of a length other than 7, an
 * Originator SRGB TLV (type 3) that is not 2 octets of flags and one or more
 * 6-octet ranges, an SRv6 service TLV (types 5, 6; RFC 9252 section 2)
 * srv6_service_parse refuses.  Other TLV types are not looked into. */
const char *prefix_sid_problem(const uint8_t *v, size_t len, size_t *at);
/* Parse the value of an SRv6 L3/L2 service TLV (after its 3-byte header).
 * Returns 0, or -1 when malformed (truncated or overrunning sub-TLVs, a SID
 * Information sub-TLV shorter than 21 bytes, a SID Structure of a length
 * other than 6, more than SRV6_MAX_SIDS SIDs).  Unknown sub-TLVs and
 * sub-sub-TLVs are skipped (RFC 9252 section 2). */
int srv6_service_parse(uint8_t type, const uint8_t *v, size_t len, struct srv6_service *out);
/* Encode one service TLV (header included) holding one SID into out (at
 * least 3 + 1 + 3 + 21 + 9 = 37 bytes).  Returns the length written. */
size_t srv6_service_encode(uint8_t *out, uint8_t type, const uint8_t sid[16], uint8_t flags, uint16_t behavior,
                           const uint8_t *structure);

#endif
