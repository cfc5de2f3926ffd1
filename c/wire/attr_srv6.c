/* Prefix-SID SRv6 service TLVs (RFC 9252 section 2, RFC 8669 section 3).
 * Every length is checked against its enclosing length before use, so a
 * malformed attribute is reported rather than read past (RFC 7606). */
#include <string.h>

#include "wire/attr_srv6.h"

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

int prefix_sid_tlv_next(const uint8_t *v, size_t len, size_t *off, uint8_t *type, const uint8_t **p,
                        size_t *l)
{
	if (*off >= len)
		return 0;
	if (len - *off < 3)
		return -1;
	size_t n = be16(v + *off + 1);
	if (len - *off - 3 < n)
		return -1;
	*type = v[*off];
	*p = v + *off + 3;
	*l = n;
	*off += 3 + n;
	return 1;
}

/* SRv6 SID Information sub-TLV value (RFC 9252 3.1): reserved:1, SID:16,
 * flags:1, endpoint behavior:2, reserved:1, sub-sub-TLVs. */
static int sid_info_parse(const uint8_t *v, size_t len, struct srv6_sid_info *s)
{
	if (len < 21)
		return -1;
	memset(s, 0, sizeof *s);
	memcpy(s->sid, v + 1, 16);
	s->flags = v[17];
	s->behavior = be16(v + 18);
	size_t off = 21, l;
	uint8_t t;
	const uint8_t *p;
	int r;
	while ((r = prefix_sid_tlv_next(v, len, &off, &t, &p, &l)) == 1) {
		if (t != 1)
			continue;   /* unknown sub-sub-TLV: ignored */
		if (l != 6 || s->has_structure)
			return -1;
		s->has_structure = true;
		memcpy(s->structure, p, 6);
	}
	return r;
}

int srv6_service_parse(uint8_t type, const uint8_t *v, size_t len, struct srv6_service *out)
{
	memset(out, 0, sizeof *out);
	out->type = type;
	if (len < 1)
		return -1;   /* the reserved octet */
	size_t off = 1, l;
	uint8_t t;
	const uint8_t *p;
	int r;
	while ((r = prefix_sid_tlv_next(v, len, &off, &t, &p, &l)) == 1) {
		if (t != 1)
			continue;   /* unknown service sub-TLV: ignored */
		if (out->nsids == SRV6_MAX_SIDS)
			return -1;
		if (sid_info_parse(p, l, &out->sids[out->nsids]) < 0)
			return -1;
		out->nsids++;
	}
	return r;
}

size_t srv6_service_encode(uint8_t *out, uint8_t type, const uint8_t sid[16], uint8_t flags, uint16_t behavior,
                           const uint8_t *structure)
{
	size_t sub = 21 + (structure ? 9 : 0);
	size_t val = 1 + 3 + sub;
	size_t o = 0;
	out[o++] = type;
	out[o++] = (uint8_t)(val >> 8);
	out[o++] = (uint8_t)val;
	out[o++] = 0;   /* reserved */
	out[o++] = 1;   /* SRv6 SID Information sub-TLV */
	out[o++] = (uint8_t)(sub >> 8);
	out[o++] = (uint8_t)sub;
	out[o++] = 0;
	memcpy(out + o, sid, 16);
	o += 16;
	out[o++] = flags;
	out[o++] = (uint8_t)(behavior >> 8);
	out[o++] = (uint8_t)behavior;
	out[o++] = 0;
	if (structure) {
		out[o++] = 1;   /* SID Structure sub-sub-TLV */
		out[o++] = 0;
		out[o++] = 6;
		memcpy(out + o, structure, 6);
		o += 6;
	}
	return o;
}

const char *prefix_sid_problem(const uint8_t *v, size_t len, size_t *at)
{
	size_t off = 0, l;
	uint8_t t;
	const uint8_t *p;
	*at = 0;
	if (len < 3)
		return "shorter than a TLV header";
	while (off < len) {
		struct srv6_service s;
		*at = off;
		if (prefix_sid_tlv_next(v, len, &off, &t, &p, &l) < 0)
			return "TLV runs past the attribute";
		switch (t) {
		case 1:   /* Label-Index: reserved 1, flags 2, label index 4 */
			if (l != 7)
				return "Label-Index TLV length is not 7";
			break;
		case 3:   /* Originator SRGB: flags 2, then base 3 + range 3 each */
			if (l < 8 || (l - 2) % 6)
				return "Originator SRGB TLV length is not 2 + 6n";
			break;
		case SRV6_TLV_L3_SERVICE:
		case SRV6_TLV_L2_SERVICE:
			if (srv6_service_parse(t, p, l, &s) < 0)
				return "SRv6 service TLV malformed";
			break;
		default:   /* not ours to judge: kept and passed on */
			break;
		}
	}
	return NULL;
}
