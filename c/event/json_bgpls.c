/* ExaBGP's JSON for the BGP-LS attribute (type 29, RFC 9552 section 5.3;
 * ExaBGP attribute/bgpls/): one member per TLV, except the TLVs ExaBGP
 * merges (router-ids, areas, adjacency and SRv6 SIDs, unknown TLVs), whose
 * values of one key are gathered in one array.  A value that does not pass
 * bgpls_attr_problem is not rendered here (the caller prints it generic). */
#include "event/json_int.h"
#include "wire/bgpls.h"

#include <stdio.h>
#include <string.h>

static void put_float(struct buf *out, const uint8_t *p)
{
	uint32_t u = get_be32(p);
	float f;
	memcpy(&f, &u, sizeof f);
	double d = f;
	char s[40];
	snprintf(s, sizeof s, "%.17g", d);
	if (!strpbrk(s, ".eEni"))
		strcat(s, ".0");
	buf_puts(out, s);
}

/* Python's int(hex, 16) of any length, as a decimal string. */
static void put_bigdec(struct buf *out, const uint8_t *p, size_t n)
{
	uint8_t v[64];
	char d[160];
	size_t nd = 0;
	if (n > sizeof v)
		n = sizeof v;
	memcpy(v, p, n);
	for (;;) {
		bool zero = true;
		unsigned rem = 0;
		for (size_t i = 0; i < n; i++) {
			unsigned cur = rem * 256 + v[i];
			v[i] = (uint8_t)(cur / 10);
			rem = cur % 10;
			zero &= v[i] == 0;
		}
		d[nd++] = (char)('0' + rem);
		if (zero || nd == sizeof d)
			break;
	}
	while (nd)
		buf_put_u8(out, (uint8_t)d[--nd]);
}

static void put_flags(struct buf *out, uint8_t b, const char *const names[8])
{
	buf_puts(out, "{");
	bool rsv = false, first = true;
	for (int i = 0; i < 8; i++) {
		if (strcmp(names[i], "RSV") == 0) {
			rsv = true;
			continue;
		}
		buf_printf(out, "%s\"%s\": %u", first ? "" : ", ", names[i], (b >> (7 - i)) & 1);
		first = false;
	}
	if (rsv)
		buf_puts(out, ", \"RSV\": 0");
	buf_puts(out, "}");
}

static const char *const srv6_flags[8] = { "B", "S", "P", "RSV", "RSV", "RSV", "RSV", "RSV" };

static void put_hexstring(struct buf *out, const uint8_t *p, size_t n)
{
	buf_puts(out, "\"0x");
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "%02X", p[i]);
	buf_puts(out, "\"");
}

/* SRv6 End.X (1106) and LAN End.X (1107 IS-IS, 1108 OSPF), RFC 9514 4.1-4.2. */
static void srv6_endx(struct buf *out, const struct bgpls_tlv *t)
{
	const uint8_t *v = t->v;
	size_t l = t->len, sid_off = 6;
	buf_puts(out, "{\"flags\": ");
	put_flags(out, v[2], srv6_flags);
	if (t->type == 1107) {
		buf_puts(out, ", \"neighbor-id\": \"");
		for (int i = 6; i < 12; i++)
			buf_printf(out, "%02x", v[i]);
		buf_puts(out, "\"");
		sid_off = 12;
	} else if (t->type == 1108) {
		buf_printf(out, ", \"neighbor-id\": \"%u.%u.%u.%u\"", v[6], v[7], v[8], v[9]);
		sid_off = 10;
	}
	buf_printf(out, ", \"behavior\": %u, \"algorithm\": %u, \"weight\": %u, \"sid\": \"", get_be16(v), v[3],
	           v[4]);
	json_put_ip(out, v + sid_off, 16);
	buf_puts(out, "\"");
	size_t off = sid_off + 16;
	struct bgpls_tlv s;
	bool bad;
	while (bgpls_tlv_next(v, l, &off, &s, &bad)) {
		if (s.type == 1252 && s.len == 4)
			buf_printf(out, ", \"srv6-sid-structure\": {\"loc_block_len\": %u, \"loc_node_len\": %u, "
			           "\"func_len\": %u, \"arg_len\": %u}", s.v[0], s.v[1], s.v[2], s.v[3]);
		else {
			buf_printf(out, ", \"unknown-subtlv-%u\": ", s.type);
			put_hexstring(out, s.v, s.len);
		}
	}
	buf_puts(out, "}");
}

/* RFC 9085 2.2.1 Adjacency SID: V+L a 3-octet label, neither a 4-octet index. */
static void sr_adj(struct buf *out, const struct bgpls_tlv *t)
{
	static const char *const f[8] = { "F", "B", "V", "L", "S", "P", "RSV", "RSV" };
	uint8_t fl = t->v[0];
	bool v = fl & 0x20, l = fl & 0x10;
	buf_puts(out, "{\"flags\": ");
	put_flags(out, fl, f);
	buf_puts(out, ", \"sids\": [");
	size_t off = 4, step = v && l ? 3 : !v && !l ? 4 : 0;
	bool first = true;
	while (step && t->len - off >= step) {
		uint32_t sid = step == 3 ? (uint32_t)t->v[off] << 16 | get_be16(t->v + off + 1) : get_be32(t->v + off);
		buf_printf(out, "%s%u", first ? "" : ", ", sid);
		first = false;
		off += step;
	}
	buf_printf(out, "], \"weight\": %u, \"undecoded-sids\": [", t->v[1]);
	if (off < t->len)
		put_hexstring(out, t->v + off, t->len - off);
	buf_puts(out, "]}");
}

/* JSON key of a TLV and whether ExaBGP merges repeated ones in an array. */
static const char *tlv_key(uint16_t type, bool *merge, char *tmp, size_t tmplen)
{
	*merge = true;
	switch (type) {
	case 1027: return "area-ids";
	case 1028: case 1029: return "local-router-ids";
	case 1030: case 1031: return "remote-router-ids";
	case 1099: return "sr-adjs";
	case 1106: return "srv6-endx";
	case 1107: return "srv6-lan-endx-isis";
	case 1108: return "srv6-lan-endx-ospf";
	default: break;
	}
	*merge = false;
	switch (type) {
	case 1024: return "node-flags";
	case 1026: return "node-name";
	case 1034: return "sr-capability-flags";
	case 1035: return "sr-algorithms";
	case 1088: return "admin-group-mask";
	case 1089: return "maximum-link-bandwidth";
	case 1090: return "maximum-reservable-link-bandwidth";
	case 1091: return "unreserved-bandwidth";
	case 1092: return "te-metric";
	case 1095: return "igp-metric";
	case 1114: return "unidirectional-link-delay";
	case 1115: return "minmax-unidirectional-link-delay";
	case 1116: return "unidirectional-delay-variation";
	default: break;
	}
	*merge = true;
	snprintf(tmp, tmplen, "generic-lsid-%u", type);
	return tmp;
}

/* One element of a merged array. */
static void merged_value(struct buf *out, const struct bgpls_tlv *t)
{
	switch (t->type) {
	case 1027:
		buf_puts(out, "\"");
		put_bigdec(out, t->v, t->len);
		buf_puts(out, "\"");
		return;
	case 1028: case 1029: case 1030: case 1031:
		buf_puts(out, "\"");
		json_put_ip(out, t->v, t->len);
		buf_puts(out, "\"");
		return;
	case 1099:
		sr_adj(out, t);
		return;
	case 1106: case 1107: case 1108:
		srv6_endx(out, t);
		return;
	default:
		put_hexstring(out, t->v, t->len);
		return;
	}
}

static void single_value(struct buf *out, const struct bgpls_tlv *t)
{
	static const char *const node_flags[8] = { "O", "T", "E", "B", "R", "V", "RSV", "RSV" };
	static const char *const srcap_flags[8] = { "I", "V", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV" };
	const uint8_t *v = t->v;
	size_t l = t->len;
	switch (t->type) {
	case 1024:
		put_flags(out, v[0], node_flags);
		return;
	case 1026:
		json_put_string(out, (const char *)v, l);
		return;
	case 1034: {
		put_flags(out, v[0], srcap_flags);
		buf_puts(out, ", \"sids\": [");
		size_t off = 2;
		bool first = true;
		while (l - off >= 7) {
			uint32_t range = (uint32_t)v[off] << 16 | get_be16(v + off + 1);
			size_t sl = get_be16(v + off + 5);
			if (get_be16(v + off + 3) != 1161 || l - off - 7 < sl)
				break;
			if (sl == 3 || sl == 4) {
				uint32_t sid = sl == 3 ? ((uint32_t)v[off + 7] << 16 | get_be16(v + off + 8)) & 0xfffff
				                       : get_be32(v + off + 7);
				buf_printf(out, "%s[%u, %u]", first ? "" : ", ", range, sid);
				first = false;
			}
			off += 7 + sl;
		}
		buf_puts(out, "]");
		return;
	}
	case 1035:
		buf_puts(out, "[");
		for (size_t i = 0; i < l; i++)
			buf_printf(out, "%s%u", i ? ", " : "", v[i]);
		buf_puts(out, l ? "]" : "0]");
		return;
	case 1088: case 1092:
		buf_printf(out, "%u", get_be32(v));
		return;
	case 1089: case 1090:
		put_float(out, v);
		return;
	case 1091:
		buf_puts(out, "[");
		for (int i = 0; i < 8; i++) {
			if (i)
				buf_puts(out, ", ");
			put_float(out, v + 4 * i);
		}
		buf_puts(out, "]");
		return;
	case 1095:
		buf_printf(out, "%u", l == 1 ? v[0] : l == 2 ? get_be16(v) : (uint32_t)v[0] << 16 | get_be16(v + 1));
		return;
	case 1114:
		buf_printf(out, "{\"delay-us\": %u, \"anomalous\": %s}", (uint32_t)v[1] << 16 | get_be16(v + 2),
		           v[0] & 0x80 ? "true" : "false");
		return;
	case 1115:
		buf_printf(out, "{\"min-delay-us\": %u, \"max-delay-us\": %u, \"anomalous\": %s}",
		           (uint32_t)v[1] << 16 | get_be16(v + 2), (uint32_t)v[5] << 16 | get_be16(v + 6),
		           v[0] & 0x80 ? "true" : "false");
		return;
	case 1116:
		buf_printf(out, "%u", (uint32_t)v[1] << 16 | get_be16(v + 2));
		return;
	}
}

bool json_attr_bgpls(struct buf *out, const uint8_t *v, size_t len)
{
	size_t where;
	if (bgpls_attr_problem(v, len, &where))
		return false;
	buf_puts(out, "\"bgp-ls\": { ");
	bool first = true;
	char tmp[32], tmp2[32];
	/* Merged keys first, in order of first appearance (ExaBGP's json()). */
	size_t off = 0;
	struct bgpls_tlv t;
	bool bad;
	while (bgpls_tlv_next(v, len, &off, &t, &bad)) {
		bool merge;
		const char *key = tlv_key(t.type, &merge, tmp, sizeof tmp);
		if (!merge)
			continue;
		/* Already printed with an earlier TLV of the same key? */
		size_t o2 = 0;
		struct bgpls_tlv u;
		bool seen = false, m2;
		while (bgpls_tlv_next(v, len, &o2, &u, &bad) && u.v < t.v)
			if (strcmp(tlv_key(u.type, &m2, tmp2, sizeof tmp2), key) == 0)
				seen = true;
		if (seen)
			continue;
		buf_printf(out, "%s\"%s\": [", first ? "" : ", ", key);
		first = false;
		bool f2 = true;
		o2 = (size_t)(t.v - v) - 4;
		while (bgpls_tlv_next(v, len, &o2, &u, &bad)) {
			if (strcmp(tlv_key(u.type, &m2, tmp2, sizeof tmp2), key) != 0)
				continue;
			if (!f2)
				buf_puts(out, ", ");
			f2 = false;
			merged_value(out, &u);
		}
		buf_puts(out, "]");
	}
	off = 0;
	while (bgpls_tlv_next(v, len, &off, &t, &bad)) {
		bool merge;
		const char *key = tlv_key(t.type, &merge, tmp, sizeof tmp);
		if (merge)
			continue;
		buf_printf(out, "%s\"%s\": ", first ? "" : ", ", key);
		first = false;
		single_value(out, &t);
	}
	buf_puts(out, " }");
	return true;
}
