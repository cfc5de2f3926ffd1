/* ExaBGP's JSON for the BGP-LS attribute (type 29, RFC 9552 section 5.3;
 * ExaBGP attribute/bgpls/): one member per TLV, except the TLVs ExaBGP
 * merges (router-ids, areas, adjacency, prefix and SRv6 SIDs, locators,
 * unknown TLVs), whose values of one key are gathered in one array, those
 * arrays first.  A value that does not pass bgpls_attr_problem is not
 * rendered here (the caller prints the attribute generic). */
#include "event/json_int.h"
#include "event/json_pyfmt.h"
#include "wire/bgpls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_float(struct buf *out, const uint8_t *p)
{
	uint32_t u = get_be32(p);
	float f;
	memcpy(&f, &u, sizeof f);
	json_put_pyfloat(out, (double)f);
}

static uint32_t get_be24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | get_be16(p + 1);
}

/* ExaBGP's flag objects: one member per named bit, MSB first, and one
 * "RSV": 0 where the first reserved bit is (they all trail here). */
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
		buf_printf(out, "%s\"RSV\": 0", first ? "" : ", ");
	buf_puts(out, "}");
}

static const char *const srv6_flags[8] = { "B", "S", "P", "RSV", "RSV", "RSV", "RSV", "RSV" };
static const char *const adj_flags[8] = { "F", "B", "V", "L", "S", "P", "RSV", "RSV" };

/* ExaBGP's hexstring: "0x" and upper-case pairs. */
static void put_hexstring(struct buf *out, const uint8_t *p, size_t n)
{
	buf_puts(out, "\"0x");
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "%02X", p[i]);
	buf_puts(out, "\"");
}

/* Python's bytes.hex(): lower case, no prefix (the opaque TLVs). */
static void put_hexlower(struct buf *out, const uint8_t *p, size_t n)
{
	buf_puts(out, "\"");
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "%02x", p[i]);
	buf_puts(out, "\"");
}

static void put_ipstr(struct buf *out, const uint8_t *p, size_t n)
{
	buf_puts(out, "\"");
	json_put_ip(out, p, n);
	buf_puts(out, "\"");
}

static void put_sid_structure(struct buf *out, const uint8_t *v)
{
	buf_printf(out, "{\"loc_block_len\": %u, \"loc_node_len\": %u, \"func_len\": %u, \"arg_len\": %u}", v[0],
	           v[1], v[2], v[3]);
}

/* The sub-TLVs of an SRv6 End.X SID, walked as bgpls_tlv.c checks them
 * (a value that overruns is cut at the end).  ExaBGP builds an object of
 * them, so a repeated code keeps its first place and its last value. */
static void srv6_subtlvs(struct buf *out, const uint8_t *v, size_t l)
{
	size_t n = 0, off = 0;
	while (l - off >= 4) {
		n++;
		size_t sl = get_be16(v + off + 2);
		off = sl >= l - off - 4 ? l : off + 4 + sl;
	}
	if (!n)
		return;
	struct bgpls_ref *refs = xmalloc(n * sizeof *refs);
	struct bgpls_group *g = xmalloc(n * sizeof *g);
	off = 0;
	for (size_t i = 0; i < n; i++) {
		refs[i] = (struct bgpls_ref){ .key = get_be16(v + off), .tlv = v + off };
		size_t sl = get_be16(v + off + 2);
		off = sl >= l - off - 4 ? l : off + 4 + sl;
	}
	size_t ng = bgpls_group(refs, n, g);
	for (size_t k = 0; k < ng; k++) {
		const uint8_t *s = refs[g[k].start + g[k].n - 1].tlv;
		size_t have = l - (size_t)(s - v) - 4, sl = get_be16(s + 2);
		if (sl > have)
			sl = have;
		if (refs[g[k].start].key == BGPLS_ATTR_SRV6_SID_STRUCT) {
			buf_puts(out, ", \"srv6-sid-structure\": ");
			put_sid_structure(out, s + 4);   /* at least 4: bgpls_attr_problem */
		} else {
			buf_printf(out, ", \"unknown-subtlv-%u\": ", refs[g[k].start].key);
			put_hexstring(out, s + 4, sl);
		}
	}
	free(refs);
	free(g);
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
		/* ExaBGP reads the OSPF LAN End.X SID from octet 6, over the
		 * neighbor id (RFC 9514 4.2 has it at 10); kept for parity. */
		buf_printf(out, ", \"neighbor-id\": \"%u.%u.%u.%u\"", v[6], v[7], v[8], v[9]);
	}
	buf_printf(out, ", \"behavior\": %u, \"algorithm\": %u, \"weight\": %u, \"sid\": ", get_be16(v), v[3], v[4]);
	put_ipstr(out, v + sid_off, 16);
	srv6_subtlvs(out, v + sid_off + 16, l - sid_off - 16);
	buf_puts(out, "}");
}

/* SIDs after a 4-octet header (RFC 9085 2.2.1 adjacency, 2.3.1 prefix):
 * V+L 3-octet labels, neither 4-octet indexes; returns the octets used.
 * ExaBGP drops a trailing part too short for one more SID. */
static size_t put_sids(struct buf *out, const uint8_t *p, size_t n, bool v, bool l)
{
	size_t step = v && l ? 3 : !v && !l ? 4 : 0, off = 0;
	buf_puts(out, "\"sids\": [");
	while (step && n - off >= step) {
		uint32_t sid = step == 3 ? get_be24(p + off) : get_be32(p + off);
		buf_printf(out, "%s%u", off ? ", " : "", sid);
		off += step;
	}
	buf_puts(out, "]");
	return off;
}

/* With only one of V and L the SIDs are not decoded: ExaBGP lists them as
 * one hex string. */
static void put_undecoded(struct buf *out, const uint8_t *p, size_t n, bool v, bool l)
{
	buf_puts(out, "\"undecoded-sids\": [");
	if (n && v != l)
		put_hexstring(out, p, n);
	buf_puts(out, "]");
}

/* RFC 9085 2.2.1 Adjacency SID: ExaBGP's members flags, sids, weight,
 * undecoded-sids. */
static void sr_adj(struct buf *out, const struct bgpls_tlv *t)
{
	uint8_t fl = t->v[0];
	bool v = fl & 0x20, l = fl & 0x10;
	buf_puts(out, "{\"flags\": ");
	put_flags(out, fl, adj_flags);
	buf_puts(out, ", ");
	put_sids(out, t->v + 4, t->len - 4u, v, l);
	buf_printf(out, ", \"weight\": %u, ", t->v[1]);
	put_undecoded(out, t->v + 4, t->len - 4u, v, l);
	buf_puts(out, "}");
}

/* RFC 9085 2.3.1 Prefix SID (with neither V nor L exactly one index,
 * bgpls_attr_problem checked). */
static void sr_prefix_sid(struct buf *out, const struct bgpls_tlv *t)
{
	static const char *const f[8] = { "R", "N", "P", "E", "V", "L", "RSV", "RSV" };
	uint8_t fl = t->v[0];
	bool v = fl & 0x08, l = fl & 0x04;
	buf_puts(out, "{\"sr-prefix-flags\": ");
	put_flags(out, fl, f);
	buf_puts(out, ", ");
	put_sids(out, t->v + 4, t->len - 4u, v, l);
	buf_puts(out, ", ");
	put_undecoded(out, t->v + 4, t->len - 4u, v, l);
	buf_printf(out, ", \"sr-algorithm\": %u}", t->v[1]);
}

/* JSON key of a TLV (tmp holds the generic-lsid-N of unknown codes). */
static const char *tlv_key(uint16_t type, char *tmp, size_t tmplen)
{
	switch (type) {
	case BGPLS_TLV_LINK_ID: return "link-local-remote-identifiers";
	case 1024: return "node-flags";
	case 1025: return "opaque";
	case 1026: return "node-name";
	case 1027: return "area-ids";
	case 1028: case 1029: return "local-router-ids";
	case 1030: case 1031: return "remote-router-ids";
	case 1034: return "sr-capability-flags";
	case 1035: return "sr-algorithms";
	case 1038: return "srv6-capabilities";
	case 1088: return "admin-group-mask";
	case 1089: return "maximum-link-bandwidth";
	case 1090: return "maximum-reservable-link-bandwidth";
	case 1091: return "unreserved-bandwidth";
	case 1092: return "te-metric";
	case 1093: return "link-protection-flags";
	case 1094: return "mpls-mask";
	case 1095: return "igp-metric";
	case 1096: return "shared-risk-link-groups";
	case 1097: return "opaque-link";
	case 1098: return "link-name";
	case 1099: return "sr-adjs";
	case 1100: return "sr-adj-lan";
	case 1106: return "srv6-endx";
	case 1107: return "srv6-lan-endx-isis";
	case 1108: return "srv6-lan-endx-ospf";
	case 1114: return "unidirectional-link-delay";
	case 1115: return "minmax-unidirectional-link-delay";
	case 1116: return "unidirectional-delay-variation";
	case 1117: return "unidirectional-link-loss";
	case 1118: return "unidirectional-residual-bandwidth";
	case 1119: return "unidirectional-available-bandwidth";
	case 1120: return "unidirectional-utilized-bandwidth";
	case 1152: return "igp-flags";
	case 1153: return "igp-route-tags";
	case 1154: return "igp-extended-route-tags";
	case 1155: return "prefix-metric";
	case 1156: return "ospf-forwarding-address";
	case 1157: return "opaque-prefix";
	case 1158: return "sr-prefix-sids";
	case 1162: return "srv6-locators";
	case 1170: return "sr-prefix-attribute-flags";
	case 1171: return "sr-source-router-id";
	case 1250: return "srv6-endpoint-behavior";
	case BGPLS_ATTR_SRV6_SID_STRUCT: return "srv6-sid-structure";
	default:
		snprintf(tmp, tmplen, "generic-lsid-%u", type);
		return tmp;
	}
}

/* One element of a merged array. */
static void merged_value(struct buf *out, const struct bgpls_tlv *t)
{
	switch (t->type) {
	case 1027:
		buf_puts(out, "\"");
		json_put_bigdec(out, t->v, t->len);   /* Python's int(hex, 16) */
		buf_puts(out, "\"");
		return;
	case 1028: case 1029: case 1030: case 1031:
		put_ipstr(out, t->v, t->len);
		return;
	case 1099:
		sr_adj(out, t);
		return;
	case 1100:
		/* ExaBGP merges the LAN adjacency SID by its flags alone */
		put_flags(out, t->v[0], adj_flags);
		return;
	case 1106: case 1107: case 1108:
		srv6_endx(out, t);
		return;
	case 1158:
		sr_prefix_sid(out, t);
		return;
	case 1162: {
		static const char *const f[8] = { "D", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV" };
		buf_puts(out, "{\"flags\": ");
		put_flags(out, t->v[0], f);
		buf_printf(out, ", \"algorithm\": %u, \"metric\": %u}", t->v[1], get_be32(t->v + 4));
		return;
	}
	default:
		put_hexstring(out, t->v, t->len);
		return;
	}
}

static void put_u32_list(struct buf *out, const uint8_t *v, size_t l, size_t step)
{
	buf_puts(out, "[");
	for (size_t i = 0; i + step <= l; i += step) {
		if (step == 8)
			buf_printf(out, "%s%llu", i ? ", " : "",
			           (unsigned long long)get_be32(v + i) << 32 | get_be32(v + i + 4));
		else
			buf_printf(out, "%s%u", i ? ", " : "", get_be32(v + i));
	}
	buf_puts(out, "]");
}

static void single_value(struct buf *out, const struct bgpls_tlv *t)
{
	static const char *const node_flags[8] = { "O", "T", "E", "B", "R", "V", "RSV", "RSV" };
	static const char *const srcap_flags[8] = { "I", "V", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV" };
	static const char *const protection[8] = { "ExtraTrafic", "Unprotected", "Shared", "Dedicated 1:1",
		"Dedicated 1+1", "Enhanced", "RSV", "RSV" };
	static const char *const mpls_mask[8] = { "LDP", "RSVP-TE", "RSV", "RSV", "RSV", "RSV", "RSV", "RSV" };
	static const char *const igp_flags[8] = { "D", "N", "L", "P", "RSV", "RSV", "RSV", "RSV" };
	static const char *const pfx_attr_flags[8] = { "X", "R", "N", "RSV", "RSV", "RSV", "RSV", "RSV" };
	const uint8_t *v = t->v;
	size_t l = t->len;
	switch (t->type) {
	case BGPLS_TLV_LINK_ID:
		buf_printf(out, "{\"local-id\": %u, \"remote-id\": %u}", get_be32(v), get_be32(v + 4));
		return;
	case 1024:
		put_flags(out, v[0], node_flags);
		return;
	case 1025: case 1097: case 1157:
		put_hexlower(out, v, l);
		return;
	case 1026: case 1098:
		json_put_pystr(out, v, l);
		return;
	case 1034: {
		put_flags(out, v[0], srcap_flags);
		buf_puts(out, ", \"sids\": [");
		size_t off = 2;
		bool first = true;
		while (l - off >= 7) {
			uint32_t range = get_be24(v + off);
			size_t sl = get_be16(v + off + 5);
			if (get_be16(v + off + 3) != 1161 || l - off - 7 < sl)
				break;
			if (sl == 3 || sl == 4) {
				uint32_t sid = sl == 3 ? get_be24(v + off + 7) & 0xfffff : get_be32(v + off + 7);
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
	case 1038:
		/* ExaBGP keeps the O bit's value in place (0 or 64) */
		buf_printf(out, "{\"flags\": {\"O\": %u}}", get_be16(v) & 0x40);
		return;
	case 1088: case 1092: case 1155:
		buf_printf(out, "%u", get_be32(v));
		return;
	case 1089: case 1090: case 1118: case 1119: case 1120:
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
	case 1093:
		put_flags(out, v[0], protection);
		return;
	case 1094:
		put_flags(out, v[0], mpls_mask);
		return;
	case 1095:
		buf_printf(out, "%u", l == 1 ? v[0] : l == 2 ? get_be16(v) : get_be24(v));
		return;
	case 1096: case 1153:
		put_u32_list(out, v, l, 4);
		return;
	case 1154:
		put_u32_list(out, v, l, 8);
		return;
	case 1114:
		buf_printf(out, "{\"delay-us\": %u, \"anomalous\": %s}", get_be24(v + 1), v[0] & 0x80 ? "true" : "false");
		return;
	case 1115:
		buf_printf(out, "{\"min-delay-us\": %u, \"max-delay-us\": %u, \"anomalous\": %s}", get_be24(v + 1),
		           get_be24(v + 5), v[0] & 0x80 ? "true" : "false");
		return;
	case 1116:
		buf_printf(out, "%u", get_be24(v + 1));
		return;
	case 1117:
		/* RFC 8570 4.4: units of 0.000003 percent */
		buf_puts(out, "{\"loss-percent\": ");
		json_put_pyfloat(out, get_be24(v + 1) * 0.000003);
		buf_printf(out, ", \"anomalous\": %s}", v[0] & 0x80 ? "true" : "false");
		return;
	case 1152:
		put_flags(out, v[0], igp_flags);
		return;
	case 1156: case 1171:
		put_ipstr(out, v, l);
		return;
	case 1170:
		put_flags(out, v[0], pfx_attr_flags);
		return;
	case 1250:
		buf_printf(out, "{\"endpoint-behavior\": %u, \"flags\": [], \"algorithm\": %u}", get_be16(v), v[3]);
		return;
	case BGPLS_ATTR_SRV6_SID_STRUCT:
		put_sid_structure(out, v);
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
	char tmp[32];
	size_t off = 0, n = 0;
	struct bgpls_tlv t;
	bool bad;
	while (bgpls_tlv_next(v, len, &off, &t, &bad))
		n += bgpls_attr_tlv_merged(t.type);
	/* Merged keys first, each once in order of first appearance (ExaBGP's
	 * json()); 1028/1029 and 1030/1031 share a key. */
	if (n) {
		struct bgpls_ref *refs = xmalloc(n * sizeof *refs);
		struct bgpls_group *g = xmalloc(n * sizeof *g);
		size_t k = 0;
		off = 0;
		while (bgpls_tlv_next(v, len, &off, &t, &bad)) {
			if (!bgpls_attr_tlv_merged(t.type))
				continue;
			uint32_t key = t.type == 1029 ? 1028 : t.type == 1031 ? 1030 : t.type;
			refs[k++] = (struct bgpls_ref){ .key = key, .tlv = t.v - 4 };
		}
		size_t ng = bgpls_group(refs, n, g);
		for (size_t i = 0; i < ng; i++) {
			buf_printf(out, "%s\"%s\": [", first ? "" : ", ",
			           tlv_key((uint16_t)refs[g[i].start].key, tmp, sizeof tmp));
			first = false;
			for (uint32_t j = 0; j < g[i].n; j++) {
				const uint8_t *h = refs[g[i].start + j].tlv;
				struct bgpls_tlv u = { get_be16(h), get_be16(h + 2), h + 4 };
				if (j)
					buf_puts(out, ", ");
				merged_value(out, &u);
			}
			buf_puts(out, "]");
		}
		free(refs);
		free(g);
	}
	off = 0;
	while (bgpls_tlv_next(v, len, &off, &t, &bad)) {
		if (bgpls_attr_tlv_merged(t.type))
			continue;
		buf_printf(out, "%s\"%s\": ", first ? "" : ", ", tlv_key(t.type, tmp, sizeof tmp));
		first = false;
		single_value(out, &t);
	}
	buf_puts(out, " }");
	return true;
}
