/* The canonical attribute blob (wire/attrs.h): lookup, edit, validation. */
#include "wire/attrs.h"

#include <string.h>

bool attrs_find(const uint8_t *blob, size_t len, uint8_t code, struct attr_entry *out)
{
	struct attr_iter it;
	attr_iter_init(&it, blob, len);
	struct attr_entry e;
	while (attr_iter_next(&it, &e)) {
		if (e.code == code) {
			*out = e;
			return true;
		}
		if (e.code > code)
			break;
	}
	return false;
}

static void put_entry(struct buf *out, uint8_t flags, uint8_t code, const uint8_t *v, uint16_t vlen)
{
	uint8_t *p = buf_extend(out, 4 + (size_t)vlen);
	p[0] = flags;
	p[1] = code;
	put_be16(p + 2, vlen);
	if (vlen)
		memcpy(p + 4, v, vlen);
}

void attrs_set(struct buf *out, const uint8_t *blob, size_t len, uint8_t flags, uint8_t code,
               const uint8_t *value, uint16_t vlen)
{
	struct attr_iter it;
	attr_iter_init(&it, blob, len);
	struct attr_entry e;
	bool done = false;
	buf_reserve(out, len + 4 + vlen);
	while (attr_iter_next(&it, &e)) {
		if (!done && e.code >= code) {
			if (value)
				put_entry(out, flags, code, value, vlen);
			done = true;
			if (e.code == code)
				continue;
		}
		put_entry(out, e.flags, e.code, e.value, e.len);
	}
	if (!done && value)
		put_entry(out, flags, code, value, vlen);
}

/* RFC 4271 section 5 and the RFCs defining each attribute. */
int attrs_known_flags(uint8_t code)
{
	switch (code) {
	case ATTR_ORIGIN: case ATTR_AS_PATH: case ATTR_NEXT_HOP:
	case ATTR_LOCAL_PREF: case ATTR_ATOMIC_AGGREGATE:
		return ATTR_FLAG_TRANSITIVE;
	case ATTR_MED: case ATTR_ORIGINATOR_ID: case ATTR_CLUSTER_LIST:
	case ATTR_MP_REACH_NLRI: case ATTR_MP_UNREACH_NLRI: case ATTR_AIGP:
	case ATTR_BGP_LS:
		return ATTR_FLAG_OPTIONAL;
	case ATTR_AGGREGATOR: case ATTR_COMMUNITIES: case ATTR_EXT_COMMUNITIES:
	case ATTR_AS4_PATH: case ATTR_AS4_AGGREGATOR: case ATTR_PMSI_TUNNEL:
	case ATTR_TUNNEL_ENCAP: case ATTR_IPV6_EXT_COMMUNITIES: case ATTR_LARGE_COMMUNITIES:
	case ATTR_OTC: case ATTR_PREFIX_SID:
		return ATTR_FLAG_OPTIONAL | ATTR_FLAG_TRANSITIVE;
	default:
		return -1;
	}
}

/* A canonical AS_PATH: whole segments of 4-octet ASNs, none empty. */
static bool aspath4_valid(const uint8_t *v, size_t len)
{
	size_t off = 0;
	while (off < len) {
		if (len - off < 2 || v[off] < AS_SET || v[off] > AS_CONFED_SET || v[off + 1] == 0)
			return false;
		size_t n = 2 + 4 * (size_t)v[off + 1];
		if (len - off < n)
			return false;
		off += n;
	}
	return true;
}

bool attrs_valid(const uint8_t *blob, size_t len)
{
	size_t off = 0;
	int last = -1;
	while (off < len) {
		if (len - off < 4)
			return false;
		uint8_t code = blob[off + 1];
		size_t vlen = get_be16(blob + off + 2);
		if ((int)code <= last)
			return false;
		if (code == ATTR_MP_REACH_NLRI || code == ATTR_MP_UNREACH_NLRI ||
		    code == ATTR_AS4_PATH || code == ATTR_AS4_AGGREGATOR)
			return false;
		if (len - off - 4 < vlen)
			return false;
		const uint8_t *v = blob + off + 4;
		if (code == ATTR_ORIGIN && vlen != 1)
			return false;
		if (code == ATTR_AS_PATH && !aspath4_valid(v, vlen))
			return false;
		if (code == ATTR_NEXT_HOP && vlen != 0 && vlen != 4 && vlen != 16 && vlen != 32)
			return false;
		if (code == ATTR_AGGREGATOR && vlen != 8)
			return false;
		last = code;
		off += 4 + vlen;
	}
	return true;
}
