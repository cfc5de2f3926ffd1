/* ExaBGP's JSON for the Tunnel Encapsulation attribute (type 23, RFC 9012):
 * "tunnel-encap": {"sr-policy": {...}, "tunnel-type-N": "0x.."}.  The SR
 * Policy tunnel type (15) is shown member by member (RFC 9830 2.4, segment
 * types of RFC 9830 2.4.4.2 and RFC 9831); other tunnel types, unknown
 * sub-TLVs and sub-TLVs shorter than their fixed part are shown the way
 * ExaBGP shows them (hex, or its defaults).  A framing error (a TLV running
 * past its container) returns false: the generic form is printed, and the
 * UPDATE decoder treats the attribute as malformed (wire/attr_decode.c). */
#include <stdio.h>

#include "event/json_int.h"
#include "wire/tunnel.h"

static void hex_value(struct buf *out, const uint8_t *p, size_t n)
{
	buf_puts(out, "\"0x");
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "%02X", p[i]);
	buf_puts(out, "\"");
}

static void sep(struct buf *out, bool *first)
{
	if (!*first)
		buf_puts(out, ", ");
	*first = false;
}

static void ip_member(struct buf *out, const char *key, const uint8_t *p, size_t alen)
{
	buf_printf(out, ", \"%s\": \"", key);
	json_put_ip(out, p, alen);
	buf_puts(out, "\"");
}

/* SRv6 Endpoint Behavior and SID Structure (RFC 9830 2.4.4.2.4): 8 octets. */
static void endpoint_behavior(struct buf *out, const uint8_t *p)
{
	buf_printf(out, ", \"endpoint-behavior\": {\"behavior\": %u, \"lb-length\": %u, \"ln-length\": %u, "
	           "\"fun-length\": %u, \"arg-length\": %u}", get_be16(p), p[4], p[5], p[6], p[7]);
}

/* An MPLS label stack entry as a SID: label, and for types A and C the TC,
 * S and TTL fields too. */
static void label_entry(struct buf *out, const char *key, const uint8_t *p, bool detail)
{
	uint32_t w = get_be32(p);
	buf_printf(out, ", \"%s\": %u", key, w >> 12);
	if (detail)
		buf_printf(out, ", \"tc\": %u, \"s\": %s, \"ttl\": %u", (w >> 9) & 7, (w >> 8) & 1 ? "true" : "false",
		           w & 0xff);
}

/* The segment types that name nodes or adjacencies (RFC 9831): where their
 * addresses and interface identifiers sit, and which SID may follow. */
struct seg_layout {
	uint8_t type;
	char letter;
	uint8_t base;           /* octets without the optional SID */
	bool algorithm;         /* octet 1 is the SR algorithm */
	bool srv6;              /* SID is a 16-octet SRv6 SID (else an MPLS label entry) */
};

static const struct seg_layout seg_layouts[] = {
	{ TUNNEL_SEG_C, 'C', 6, true, false },   { TUNNEL_SEG_D, 'D', 18, true, false },
	{ TUNNEL_SEG_E, 'E', 10, false, false }, { TUNNEL_SEG_F, 'F', 10, false, false },
	{ TUNNEL_SEG_G, 'G', 42, false, false }, { TUNNEL_SEG_H, 'H', 34, false, false },
	{ TUNNEL_SEG_I, 'I', 18, true, true },   { TUNNEL_SEG_J, 'J', 42, true, true },
	{ TUNNEL_SEG_K, 'K', 34, true, true },
};

/* The address part of a node/adjacency segment, in ExaBGP's member order. */
static void seg_addresses(struct buf *out, uint8_t type, const uint8_t *p)
{
	switch (type) {
	case TUNNEL_SEG_C: ip_member(out, "ipv4_node", p + 2, 4); break;
	case TUNNEL_SEG_D: case TUNNEL_SEG_I: ip_member(out, "ipv6_node", p + 2, 16); break;
	case TUNNEL_SEG_E:
		buf_printf(out, ", \"local_if_id\": %u", get_be32(p + 2));
		ip_member(out, "ipv4_node", p + 6, 4);
		break;
	case TUNNEL_SEG_F:
		ip_member(out, "local_ipv4", p + 2, 4);
		ip_member(out, "remote_ipv4", p + 6, 4);
		break;
	case TUNNEL_SEG_G: case TUNNEL_SEG_J:
		buf_printf(out, ", \"local_if_id\": %u", get_be32(p + 2));
		ip_member(out, "local_ipv6", p + 6, 16);
		buf_printf(out, ", \"remote_if_id\": %u", get_be32(p + 22));
		ip_member(out, "remote_ipv6", p + 26, 16);
		break;
	case TUNNEL_SEG_H: case TUNNEL_SEG_K:
		ip_member(out, "local_ipv6", p + 2, 16);
		ip_member(out, "remote_ipv6", p + 18, 16);
		break;
	}
}

/* ExaBGP shows a segment too short for its fixed part with zero addresses. */
static const uint8_t zeros[66];

static void segment_node(struct buf *out, const struct seg_layout *s, const uint8_t *p, size_t l)
{
	if (l < s->base) {
		p = zeros;
		l = s->base;
	}
	buf_printf(out, "{\"type\": \"%c\"", s->letter);
	seg_addresses(out, s->type, p);
	if (s->algorithm)   /* after the addresses, as ExaBGP orders them */
		buf_printf(out, ", \"algorithm\": %u", p[1]);
	if (s->srv6) {
		if (l >= (size_t)s->base + 16) {
			buf_puts(out, ", \"sid\": \"");
			json_put_ip(out, p + s->base, 16);
			buf_puts(out, "\"");
			if (l >= (size_t)s->base + 24 && (p[0] & TUNNEL_SEG_FLAG_B))
				endpoint_behavior(out, p + s->base + 16);
		}
	} else if (l >= (size_t)s->base + 4) {
		label_entry(out, "sid", p + s->base, s->type == TUNNEL_SEG_C);
	}
	buf_puts(out, "}");
}

/* One segment sub-sub-TLV; unknown types are skipped, as ExaBGP does. */
static void segment(struct buf *out, bool *first, uint8_t t, const uint8_t *p, size_t l)
{
	if (t == TUNNEL_SEG_A) {
		static const uint8_t none[6];
		if (l < 6)
			p = none;
		sep(out, first);
		buf_puts(out, "{\"type\": \"A\"");
		label_entry(out, "label", p + 2, true);
		buf_puts(out, "}");
		return;
	}
	if (t == TUNNEL_SEG_B) {
		sep(out, first);
		buf_puts(out, "{\"type\": \"B\", \"sid\": \"");
		json_put_ip(out, l >= 18 ? p + 2 : zeros, 16);
		buf_puts(out, "\"");
		if (l >= 26 && (p[0] & TUNNEL_SEG_FLAG_B))
			endpoint_behavior(out, p + 18);
		buf_puts(out, "}");
		return;
	}
	for (size_t i = 0; i < sizeof seg_layouts / sizeof seg_layouts[0]; i++) {
		if (seg_layouts[i].type == t) {
			sep(out, first);
			segment_node(out, &seg_layouts[i], p, l);
			return;
		}
	}
}

/* Segment List sub-TLV (128): a reserved octet, then sub-sub-TLVs with
 * one-octet lengths.  ExaBGP shows {"weight": W, "segments": [...]}, the
 * weight 1 when absent. */
static bool segment_list(struct buf *out, const uint8_t *v, size_t n)
{
	uint32_t weight = 1;
	struct buf segs = BUF_INIT;
	bool first = true, ok = true;
	for (size_t off = n ? 1 : 0; off < n;) {
		if (n - off < 2 || n - off - 2 < v[off + 1]) {
			ok = false;
			break;
		}
		uint8_t t = v[off];
		size_t l = v[off + 1];
		const uint8_t *p = v + off + 2;
		if (t == TUNNEL_SEG_WEIGHT)
			weight = l >= 6 ? get_be32(p + 2) : 1;
		else
			segment(&segs, &first, t, p, l);
		off += 2 + l;
	}
	if (ok)
		buf_printf(out, "{\"weight\": %u, \"segments\": [%.*s]}", weight, (int)segs.len,
		           (const char *)segs.data);
	buf_free(&segs);
	return ok;
}

/* One SR Policy sub-TLV other than a segment list, as `"name": value`. */
static void policy_member(struct buf *out, uint8_t t, const uint8_t *p, size_t l)
{
	switch (t) {
	case TUNNEL_SUB_PREFERENCE:
		buf_printf(out, "\"preference\": %u", l >= 6 ? get_be32(p + 2) : 0);
		return;
	case TUNNEL_SUB_BINDING_SID:
		if (l >= 6)
			buf_printf(out, "\"binding-sid\": {\"type\": \"mpls\", \"label\": %u}", get_be32(p + 2) >> 12);
		else
			buf_puts(out, "\"binding-sid\": null");
		return;
	case TUNNEL_SUB_PRIORITY:
		buf_printf(out, "\"priority\": %u", l ? p[0] : 0);
		return;
	case TUNNEL_SUB_SRV6_BINDING_SID: {
		bool eb = l >= 26 && (p[0] & TUNNEL_SRV6_BSID_FLAG_B);
		buf_puts(out, eb ? "\"srv6-binding-sid\": {\"sid\": \"" : "\"srv6-binding-sid\": \"");
		json_put_ip(out, l >= 18 ? p + 2 : zeros, 16);
		buf_puts(out, "\"");
		if (eb) {
			const uint8_t *b = p + 18;
			buf_printf(out, ", \"behavior\": %u, \"lb-length\": %u, \"ln-length\": %u, \"fun-length\": %u, "
			           "\"arg-length\": %u}", get_be16(b), b[4], b[5], b[6], b[7]);
		}
		return;
	}
	case TUNNEL_SUB_CANDIDATE_PATH_NAME:
	case TUNNEL_SUB_POLICY_NAME:
		buf_puts(out, t == TUNNEL_SUB_POLICY_NAME ? "\"policy-name\": " : "\"candidate-path-name\": ");
		/* the name is not promised to be UTF-8: never copy its bytes raw */
		json_put_peer_text(out, p + (l ? 1 : 0), l ? l - 1 : 0);
		return;
	default:
		buf_printf(out, "\"unknown-subtlv-%u\": ", t);
		hex_value(out, p, l);
		return;
	}
}

/* The SR Policy tunnel (type 15): members in wire order, segment lists
 * gathered last into "segment-lists". */
static bool sr_policy(struct buf *out, const uint8_t *v, size_t n)
{
	struct buf lists = BUF_INIT;
	bool first = true, ok = true;
	struct tunnel_sub_iter it;
	struct tunnel_sub s;
	buf_puts(out, "\"sr-policy\": {");
	tunnel_sub_iter_init(&it, v, n);
	while (tunnel_sub_next(&it, &s)) {
		if (s.type == TUNNEL_SUB_SEGMENT_LIST) {
			if (lists.len)
				buf_puts(&lists, ", ");
			if (!segment_list(&lists, s.value, s.len)) {
				ok = false;
				break;
			}
			continue;
		}
		sep(out, &first);
		policy_member(out, s.type, s.value, s.len);
	}
	if (it.error)
		ok = false;
	if (ok && lists.len) {
		sep(out, &first);
		buf_printf(out, "\"segment-lists\": [%.*s]", (int)lists.len, (const char *)lists.data);
	}
	buf_puts(out, "}");
	buf_free(&lists);
	return ok;
}

bool json_attr_tunnel_encap(struct buf *out, const uint8_t *v, size_t len)
{
	struct tunnel_tlv_iter it;
	struct tunnel_tlv t;
	bool first = true;
	buf_puts(out, "\"tunnel-encap\": {");
	tunnel_tlv_iter_init(&it, v, len);
	while (tunnel_tlv_next(&it, &t)) {
		sep(out, &first);
		if (t.type == TUNNEL_TYPE_SR_POLICY) {
			if (!sr_policy(out, t.value, t.len))
				return false;
		} else {
			buf_printf(out, "\"tunnel-type-%u\": ", t.type);
			hex_value(out, t.value, t.len);
		}
	}
	if (it.error)
		return false;
	buf_puts(out, "}");
	return true;
}
