/* The text event's form of the BGP Prefix-SID (type 40, RFC 8669, RFC 9252)
 * and Tunnel Encapsulation (type 23, RFC 9012, SR Policy of RFC 9830/9831)
 * attributes, as ExaBGP's PrefixSid and TunnelEncap classes print
 * themselves.  Anything framed wrongly returns false and the caller prints
 * the generic `attribute [ 0x28 0xC0 0x... ]` form (the UPDATE decoder has
 * already judged the attribute, wire/attr_decode.c). */
#include "event/text_int.h"
#include "event/json_int.h"

#include "wire/attr_srv6.h"
#include "wire/tunnel.h"

/* ----- Prefix-SID ------------------------------------------------------- */

/* SRv6 SID Information sub-TLV (RFC 9252 3.1): reserved, SID, flags,
 * behavior, reserved, then sub-sub-TLVs.  ExaBGP's text never closes the
 * outer bracket, and puts two spaces before the sub-sub-TLV list. */
static bool sid_information(struct buf *out, const uint8_t *p, size_t l)
{
	if (l < 21)
		return false;
	buf_puts(out, "sid-information [ sid:");
	json_put_ip(out, p + 1, 16);
	buf_printf(out, " flags:0 endpoint_behavior:0x%x ", get_be16(p + 18));
	size_t off = 21, sl;
	uint8_t t;
	const uint8_t *s;
	int r;
	bool first = true;
	while ((r = prefix_sid_tlv_next(p, l, &off, &t, &s, &sl)) == 1) {
		buf_puts(out, first ? " [ " : ", ");
		first = false;
		if (t == 1) {
			if (sl != 6)
				return false;
			buf_printf(out, "sid-structure [%u,%u,%u,%u,%u,%u]", s[0], s[1], s[2], s[3], s[4], s[5]);
		} else {
			buf_printf(out, "SRv6 Service Data Sub-Sub-TLV type %u not implemented", t);
		}
	}
	if (!first)
		buf_puts(out, " ]");
	return r == 0;
}

/* SRv6 L3/L2 Service TLV (RFC 9252 2): a reserved octet, then sub-TLVs. */
static bool srv6_service(struct buf *out, uint8_t type, const uint8_t *p, size_t l)
{
	if (l < 1)
		return false;
	buf_puts(out, type == SRV6_TLV_L3_SERVICE ? "l3-service [ " : "l2-service [ ");
	size_t off = 1, sl;
	uint8_t t;
	const uint8_t *s;
	int r;
	bool first = true;
	while ((r = prefix_sid_tlv_next(p, l, &off, &t, &s, &sl)) == 1) {
		if (!first)
			buf_puts(out, ", ");
		first = false;
		if (t == 1) {
			if (!sid_information(out, s, sl))
				return false;
		} else {
			buf_printf(out, "SRv6 Service Sub-TLV type %u not implemented", t);
		}
	}
	buf_puts(out, " ]");
	return r == 0;
}

static void srgb_text(struct buf *out, const uint8_t *p, size_t l)
{
	buf_puts(out, "[ ");
	for (size_t o = 2; o + 6 <= l; o += 6)
		buf_printf(out, "%s( %u,%u )", o > 2 ? ", " : "", get_be32(p + o - 1) & 0xffffff, get_be32(p + o + 2) & 0xffffff);
	buf_puts(out, " ]");
}

/* ExaBGP: with a Label-Index TLV, `[ INDEX ]` or `[ INDEX, [ ( BASE,RANGE ) ] ]`
 * with the SRGB; otherwise each TLV in order, `, ` separated. */
bool text_attr_prefix_sid(struct buf *out, const uint8_t *v, size_t len)
{
	size_t off = 0, l;
	uint8_t t;
	const uint8_t *p;
	int r;
	const uint8_t *index = NULL, *srgb = NULL;
	size_t srgb_len = 0;
	while ((r = prefix_sid_tlv_next(v, len, &off, &t, &p, &l)) == 1) {
		if (t == 1) {
			if (l != 7)
				return false;
			if (!index)
				index = p;
		} else if (t == 3) {
			if (l < 2 || (l - 2) % 6)
				return false;
			if (!srgb) {
				srgb = p;
				srgb_len = l;
			}
		}
	}
	if (r < 0)
		return false;
	buf_puts(out, " bgp-prefix-sid [ ");
	if (index) {
		buf_printf(out, "%u", get_be32(index + 3));
		if (srgb) {
			buf_puts(out, ", ");
			srgb_text(out, srgb, srgb_len);
		}
		buf_puts(out, " ]");
		return true;
	}
	off = 0;
	bool first = true;
	while (prefix_sid_tlv_next(v, len, &off, &t, &p, &l) == 1) {
		if (!first)
			buf_puts(out, ", ");
		first = false;
		if (t == 3)
			srgb_text(out, p, l);
		else if (t == SRV6_TLV_L3_SERVICE || t == SRV6_TLV_L2_SERVICE) {
			if (!srv6_service(out, t, p, l))
				return false;
		} else
			buf_printf(out, "Attribute with code [ %u ] not implemented", t);
	}
	buf_puts(out, " ]");
	return true;
}

/* ----- Tunnel Encapsulation --------------------------------------------- */

static const uint8_t zeros[66];

static void put_ip(struct buf *out, const uint8_t *p, size_t alen)
{
	json_put_ip(out, p, alen);
}

/* One segment of a segment list as ExaBGP's SegmentListSubTLV.__str__ shows
 * it: a label (A), a SID (B), a node (C, D, I), `ifN:NODE` (E), `L->R`
 * (F, H, K), `ifN:L->ifM:R` (G, J).  A segment shorter than its fixed part
 * reads as zeros, as ExaBGP's unpack gives. */
static bool segment_text(struct buf *out, uint8_t t, const uint8_t *p, size_t l)
{
	static const struct { uint8_t type, base; } fixed[] = {
		{ TUNNEL_SEG_A, 6 }, { TUNNEL_SEG_B, 18 }, { TUNNEL_SEG_C, 6 }, { TUNNEL_SEG_D, 18 },
		{ TUNNEL_SEG_E, 10 }, { TUNNEL_SEG_F, 10 }, { TUNNEL_SEG_G, 42 }, { TUNNEL_SEG_H, 34 },
		{ TUNNEL_SEG_I, 18 }, { TUNNEL_SEG_J, 42 }, { TUNNEL_SEG_K, 34 },
	};
	size_t i = 0;
	while (i < sizeof fixed / sizeof fixed[0] && fixed[i].type != t)
		i++;
	if (i == sizeof fixed / sizeof fixed[0])
		return false;   /* not a segment: ExaBGP skips it */
	if (l < fixed[i].base)
		p = zeros;
	switch (t) {
	case TUNNEL_SEG_A: buf_printf(out, "%u", get_be32(p + 2) >> 12); break;
	case TUNNEL_SEG_B: put_ip(out, p + 2, 16); break;
	case TUNNEL_SEG_C: put_ip(out, p + 2, 4); break;
	case TUNNEL_SEG_D: case TUNNEL_SEG_I: put_ip(out, p + 2, 16); break;
	case TUNNEL_SEG_E:
		buf_printf(out, "if%u:", get_be32(p + 2));
		put_ip(out, p + 6, 4);
		break;
	case TUNNEL_SEG_F:
		put_ip(out, p + 2, 4);
		buf_puts(out, "->");
		put_ip(out, p + 6, 4);
		break;
	case TUNNEL_SEG_G: case TUNNEL_SEG_J:
		buf_printf(out, "if%u:", get_be32(p + 2));
		put_ip(out, p + 6, 16);
		buf_printf(out, "->if%u:", get_be32(p + 22));
		put_ip(out, p + 26, 16);
		break;
	case TUNNEL_SEG_H: case TUNNEL_SEG_K:
		put_ip(out, p + 2, 16);
		buf_puts(out, "->");
		put_ip(out, p + 18, 16);
		break;
	}
	return true;
}

/* `segment-list weight W [S1 S2]`, the weight 1 when absent. */
static bool segment_list_text(struct buf *out, const uint8_t *v, size_t n)
{
	uint32_t weight = 1;
	struct buf segs = BUF_INIT;
	bool ok = true;
	for (size_t off = n ? 1 : 0; off < n;) {
		if (n - off < 2 || n - off - 2 < v[off + 1]) {
			ok = false;
			break;
		}
		uint8_t t = v[off];
		size_t l = v[off + 1];
		const uint8_t *p = v + off + 2;
		if (t == TUNNEL_SEG_WEIGHT) {
			weight = l >= 6 ? get_be32(p + 2) : 1;
		} else {
			size_t mark = segs.len;
			if (segs.len)
				buf_put_u8(&segs, ' ');
			if (!segment_text(&segs, t, p, l))
				segs.len = mark;
		}
		off += 2 + l;
	}
	if (ok)
		buf_printf(out, "segment-list weight %u [%.*s]", weight, (int)segs.len, (const char *)segs.data);
	buf_free(&segs);
	return ok;
}

/* One SR Policy sub-TLV; false for one ExaBGP has no text for (an unknown
 * sub-TLV prints as a Python object address there). */
static bool policy_sub_text(struct buf *out, uint8_t t, const uint8_t *p, size_t l)
{
	switch (t) {
	case TUNNEL_SUB_PREFERENCE:
		buf_printf(out, "preference %u", l >= 6 ? get_be32(p + 2) : 0);
		return true;
	case TUNNEL_SUB_BINDING_SID:
		if (l >= 6)
			buf_printf(out, "binding-sid mpls %u", get_be32(p + 2) >> 12);
		else
			buf_puts(out, "binding-sid null");
		return true;
	case TUNNEL_SUB_PRIORITY:
		buf_printf(out, "priority %u", l ? p[0] : 0);
		return true;
	case TUNNEL_SUB_SRV6_BINDING_SID:
		buf_puts(out, "srv6-binding-sid ");
		put_ip(out, l >= 18 ? p + 2 : zeros, 16);
		if (l >= 26 && (p[0] & TUNNEL_SRV6_BSID_FLAG_B))
			buf_printf(out, " endpoint-behavior %u", get_be16(p + 18));
		return true;
	case TUNNEL_SUB_CANDIDATE_PATH_NAME:
	case TUNNEL_SUB_POLICY_NAME:
		buf_puts(out, t == TUNNEL_SUB_POLICY_NAME ? "policy-name \"" : "candidate-path-name \"");
		if (l)
			text_oneline(out, p + 1, l - 1);
		buf_put_u8(out, '"');
		return true;
	case TUNNEL_SUB_SEGMENT_LIST:
		return segment_list_text(out, p, l);
	default:
		return false;
	}
}

/* ` tunnel-encap tunnel-encap [sr-policy {preference 100 ...}, tunnel-type:8]`
 * (ExaBGP prints the attribute's name, then its __str__, which names it
 * again). */
bool text_attr_tunnel_encap(struct buf *out, const uint8_t *v, size_t len)
{
	struct tunnel_tlv_iter it;
	struct tunnel_tlv t;
	bool first = true;
	buf_puts(out, " tunnel-encap tunnel-encap [");
	tunnel_tlv_iter_init(&it, v, len);
	while (tunnel_tlv_next(&it, &t)) {
		if (!first)
			buf_puts(out, ", ");
		first = false;
		if (t.type != TUNNEL_TYPE_SR_POLICY) {
			buf_printf(out, "tunnel-type:%u", t.type);
			continue;
		}
		struct tunnel_sub_iter si;
		struct tunnel_sub s;
		bool sfirst = true;
		buf_puts(out, "sr-policy {");
		tunnel_sub_iter_init(&si, t.value, t.len);
		while (tunnel_sub_next(&si, &s)) {
			if (!sfirst)
				buf_put_u8(out, ' ');
			sfirst = false;
			if (!policy_sub_text(out, s.type, s.value, s.len))
				return false;
		}
		if (si.error)
			return false;
		buf_put_u8(out, '}');
	}
	if (it.error)
		return false;
	buf_put_u8(out, ']');
	return true;
}
